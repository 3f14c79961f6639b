import { describe, expect, it } from 'vitest';
import { busyText, cpuShareVerdict } from './cpu-share.ts';

describe('cpuShareVerdict', () => {
  it('takes the median share and flags a run under 95 %', () => {
    expect(cpuShareVerdict([99.5, 100.2, 98])).toEqual({ cpuSharePct: 99.5, busy: false });
    expect(cpuShareVerdict([60, 99, 70, null])).toEqual({ cpuSharePct: 70, busy: true });
    expect(cpuShareVerdict([])).toEqual({ cpuSharePct: null, busy: false });
  });

  it('says so on the slide only when busy', () => {
    expect(busyText({ cpuSharePct: 70, busy: true })).toMatch(/^machine busy: the timed processes had 70 % of a CPU/);
    expect(busyText({ cpuSharePct: 99, busy: false })).toBeNull();
  });
});
