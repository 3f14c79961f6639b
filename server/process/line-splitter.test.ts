import { describe, expect, it } from 'vitest';
import { createLineSplitter } from './line-splitter.ts';

describe('createLineSplitter', () => {
  it('joins chunks cut anywhere into whole lines and flushes the tail', () => {
    const lines: string[] = [];
    const splitter = createLineSplitter((line) => lines.push(line));
    for (const chunk of ['a', 'b\nc', 'd\r\n', '\n', 'tail']) splitter.push(chunk);
    expect(lines).toEqual(['ab', 'cd', '']);
    splitter.flush();
    expect(lines).toEqual(['ab', 'cd', '', 'tail']);
    splitter.flush();
    expect(lines).toHaveLength(4);
  });

  it('cuts a line longer than the limit instead of buffering it', () => {
    const lines: string[] = [];
    const splitter = createLineSplitter((line) => lines.push(line), 4);
    splitter.push('0123456789');
    expect(lines).toEqual(['0123', '4567']);
    splitter.push('\n');
    expect(lines).toEqual(['0123', '4567', '89']);
  });

  it('hands out a line of exactly the limit whole, with no empty line after it', () => {
    const lines: string[] = [];
    const splitter = createLineSplitter((line) => lines.push(line), 4);
    splitter.push('0123');
    expect(lines).toEqual([]);
    splitter.push('\nabcd\r\n01234567');
    splitter.push('\n');
    splitter.flush();
    expect(lines).toEqual(['0123', 'abcd', '0123', '4567']);
  });
});
