import { describe, expect, it } from 'vitest';
import { formatFfiMarkdown, formatFfiTable } from './report.ts';
import { processSpan, summarizeFfi } from './summary.ts';
import { fakeRunState } from './fake-run-state.ts';

const state = fakeRunState(['c-so', 'go-cgo', 'luajit', 'c-so-loop'], {
  'c-so': { rounds: [[2, 2], [2, 2], [2, 2]], rateGHz: [3.7, 3.7, 3.7], cpuShare: 1 },
  'go-cgo': { rounds: [[40, 40], [42, 42], [44, 44]], rateGHz: [3.7, 2.9, 3.7], cpuShare: 0.99 },
  'c-so-loop': { rounds: [[2.1], [2.1], [2.1]] },
});
state.states.luajit = 'missing';
state.messages.luajit = 'missing: luajit';
state.conditions = { cpuCount: 2, loadAvgStart: 6, loadAvgEnd: 7 };
const result = summarizeFfi(state);

describe('FFI report formats', () => {
  it('prints an aligned text table with ratios, the sentinel, status and notes', () => {
    const text = formatFfiTable(result);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^runtime\s+2018 ns\s+median ns/);
    expect(lines.find((l) => l.startsWith('cgo '))).toMatch(/68\.8\s+42\.0\s+40\.0.*41\.6\s+99%\s+3\.70\s+21\.0x\s+–\s+3×2/);
    expect(lines.find((l) => l.startsWith('LuaJIT'))).toMatch(/missing: luajit$/);
    expect(text).not.toContain('standalone loop  ');
    expect(text).toContain('cgo / C via .so: 21.0x today; 2018: 29.1x');
    expect(text).toContain('fidelity c-so: batches 2.00 ns vs standalone loop 2.10 ns (-4.8%)');
    expect(text).toContain('machine check: 3.70 GHz effective clock (best 3.70), CPU 99.5 % — flagged: load average 7.0 on 2 CPUs');
    expect(text).toContain('why flagged: load average 7.0 on 2 CPUs');
    expect(text).toContain('slow phase in round 2 of 3');
    expect(text).toContain('busy machine');
  });

  it('says how many rounds every row ran, and how many the quick rows did', () => {
    expect(formatFfiTable(result)).toContain('median: median over 3 interleaved rounds (one fresh process');
    const more = fakeRunState(['c-so', 'python-ctypes'], {
      'c-so': { rounds: [[2], [2], [2], [2], [2]] },
      'python-ctypes': { rounds: [[150], [150], [150]] },
    });
    const rows = summarizeFfi(more).rows;
    expect(processSpan(rows)).toBe('3–5');
    expect(formatFfiTable(summarizeFfi(more))).toContain('median: median over 3 interleaved rounds, 5 for rows whose processes start quickly (one fresh process');
    expect(processSpan(rows.slice(0, 1))).toBe('5');
    expect(processSpan([])).toBeNull();
  });

  it('shows the flag in the status of a flagged row', () => {
    const slow = fakeRunState(['c-so'], { 'c-so': { rounds: [[2]], rateGHz: [2], cpuShare: 1 } }, 3);
    expect(formatFfiTable(summarizeFfi(slow)).split('\n')[2]).toMatch(/machine slowed down: figures inflated ≈ 50 %$/);
  });

  it('prints a Markdown table', () => {
    const md = formatFfiMarkdown(result);
    expect(md.split('\n')[1]).toMatch(/^\| --- \| ---: \|/);
    expect(md).toContain('| cgo | 68.8 | 42.0 |');
    expect(md).toContain('- cgo / C via .so: 21.0x today');
    expect(md).toContain('- machine check: ');
  });
});
