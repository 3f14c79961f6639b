import { describe, expect, it } from 'vitest';
import { formatFfiMarkdown, formatFfiTable } from './report.ts';
import { summarizeFfi } from './summary.ts';

const result = summarizeFfi({
  runtimes: ['c-so', 'go-cgo', 'luajit', 'c-so-loop'],
  nsPerCall: { 'c-so': [2, 2, 2], 'go-cgo': [40, 42, 44], 'c-so-loop': [2.1] },
  cpuNsPerCall: { 'go-cgo': [39, 40, 41] },
  cpuShare: { 'go-cgo': [0.98, 0.99, 1] },
  states: { luajit: 'missing' },
  messages: { luajit: 'missing: luajit' },
  conditions: { cpuCount: 2, loadAvgStart: 6, loadAvgEnd: 7 },
});

describe('FFI report formats', () => {
  it('prints an aligned text table with ratios, status and notes', () => {
    const text = formatFfiTable(result);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^runtime\s+2018 ns\s+median ns/);
    expect(lines.find((l) => l.startsWith('cgo '))).toMatch(/68\.8\s+42\.0\s+40\.0.*40\.0\s+99%\s+21\.0x/);
    expect(lines.find((l) => l.startsWith('LuaJIT'))).toMatch(/missing: luajit$/);
    expect(text).not.toContain('standalone loop  ');
    expect(text).toContain('cgo / C via .so: 21.0x today; 2018: 29.1x');
    expect(text).toContain('fidelity c-so: batches 2.00 ns vs standalone loop 2.10 ns (-4.8%)');
    expect(text).toContain('busy machine');
  });

  it('prints a Markdown table', () => {
    const md = formatFfiMarkdown(result);
    expect(md.split('\n')[1]).toMatch(/^\| --- \| ---: \|/);
    expect(md).toContain('| cgo | 68.8 | 42.0 |');
    expect(md).toContain('- cgo / C via .so: 21.0x today');
  });
});
