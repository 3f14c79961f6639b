import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDate, formatNs, formatRatio } from './format.ts';

describe('format', () => {
  it('formats nanoseconds with a fitting unit', () => {
    expect(formatNs(1.234)).toBe('1.23 ns');
    expect(formatNs(45.6)).toBe('45.6 ns');
    expect(formatNs(170)).toBe('170 ns');
    expect(formatNs(1200)).toBe('1.20 µs');
    expect(formatNs(3.4e6)).toBe('3.40 ms');
    expect(formatNs(2.1e9)).toBe('2.10 s');
    expect(formatNs(Number.NaN)).toBe('–');
  });

  it('formats bytes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(8192)).toBe('8.00 KiB');
    expect(formatBytes(1.5 * 2 ** 20)).toBe('1.50 MiB');
  });

  it('formats counts, ratios and dates', () => {
    expect(formatCount(1234567)).toBe('1\u202f234\u202f567');
    expect(formatRatio(12.34)).toBe('12.3×');
    expect(formatDate('2026-11-20T10:00:00.000Z')).toBe('2026-11-20');
    expect(formatDate('yesterday')).toBe('yesterday');
  });
});
