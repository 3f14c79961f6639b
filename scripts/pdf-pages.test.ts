import { describe, expect, it } from 'vitest';
import { pdfPageCount } from './pdf-pages.ts';

const pdf = (body: string): Uint8Array => new Uint8Array(Buffer.from(`%PDF-1.4\n${body}\n%%EOF\n`, 'latin1'));

describe('pdfPageCount', () => {
  it('counts page objects, not the page tree', () => {
    const tree = '1 0 obj\n<</Type /Pages /Count 2 /Kids [2 0 R 3 0 R]>>\nendobj\n';
    const page = (n: number): string => `${n} 0 obj\n<</Type /Page /Parent 1 0 R /MediaBox [0 0 998 561]>>\nendobj\n`;
    expect(pdfPageCount(pdf(`${tree}${page(2)}${page(3)}`))).toBe(2);
    expect(pdfPageCount(pdf(`${tree}4 0 obj\n<</Type/Page/Parent 1 0 R>>\nendobj\n`))).toBe(1);
    expect(pdfPageCount(pdf('1 0 obj\n<</Type /Catalog /Pages 2 0 R>>\nendobj\n'))).toBe(0);
  });
});
