import { describe, expect, it } from 'vitest';
import { emptySpeedHistory, machineKey, parseSpeedHistory, recentBestRate, withQuietRun } from './speed-history.ts';

const machine = machineKey('AMD EPYC', 2);
const now = new Date('2026-12-01T12:00:00Z');

describe('speed history', () => {
  it('remembers the best rate of recent quiet runs on this machine only', () => {
    let h = emptySpeedHistory();
    expect(recentBestRate(h, machine, now)).toBeNaN();
    h = withQuietRun(h, { at: '2026-11-30T10:00:00Z', machine, rateGHz: 2.55 });
    h = withQuietRun(h, { at: '2026-11-29T10:00:00Z', machine, rateGHz: 2.6 });
    h = withQuietRun(h, { at: '2026-11-30T10:00:00Z', machine: machineKey('Apple M3', 8), rateGHz: 4 });
    expect(recentBestRate(h, machine, now)).toBe(2.6);
  });

  it('forgets runs older than the age limit, and keeps at most maxEntries', () => {
    let h = withQuietRun(emptySpeedHistory(), { at: '2026-10-01T00:00:00Z', machine, rateGHz: 3 });
    h = withQuietRun(h, { at: '2026-11-30T00:00:00Z', machine, rateGHz: 2.5 });
    expect(recentBestRate(h, machine, now)).toBe(2.5);
    // Exactly 30 days old is still recent.
    expect(recentBestRate(withQuietRun(h, { at: '2026-11-01T12:00:00Z', machine, rateGHz: 2.9 }), machine, now)).toBe(2.9);
    expect(recentBestRate(withQuietRun(h, { at: '2026-11-01T11:59:59Z', machine, rateGHz: 2.9 }), machine, now)).toBe(2.5);
    for (let i = 0; i < 5; i++) h = withQuietRun(h, { at: '2026-11-30T00:00:00Z', machine, rateGHz: 2 + i / 10 }, 3);
    expect(h.entries.map((e) => e.rateGHz)).toEqual([2.2, 2.3, 2.4]);
  });

  it('reads a damaged file as what it can trust', () => {
    expect(parseSpeedHistory(null)).toEqual(emptySpeedHistory());
    expect(parseSpeedHistory({ format: 2, entries: [] })).toEqual(emptySpeedHistory());
    const parsed = parseSpeedHistory({
      format: 1,
      entries: [{ at: '2026-11-30T00:00:00Z', machine, rateGHz: 2.5 }, { at: 'never', machine, rateGHz: 9 }, { at: '2026-11-30T00:00:00Z', machine, rateGHz: -1 }, 'x'],
    });
    expect(parsed.entries).toEqual([{ at: '2026-11-30T00:00:00Z', machine, rateGHz: 2.5 }]);
  });

  it('drops each kind of malformed entry, and reads a file of another format as empty', () => {
    const good = { at: '2026-11-30T00:00:00Z', machine, rateGHz: 2.5 };
    expect(parseSpeedHistory(undefined)).toEqual(emptySpeedHistory());
    expect(parseSpeedHistory('{"format":1}')).toEqual(emptySpeedHistory());
    expect(parseSpeedHistory({ format: 2, entries: [good] })).toEqual(emptySpeedHistory());
    expect(parseSpeedHistory({ format: 1, entries: 'x' })).toEqual(emptySpeedHistory());
    const bad = [null, {}, { ...good, at: 12345 }, { ...good, machine: 3 }, { ...good, rateGHz: '2.5' }, { ...good, rateGHz: NaN }, { ...good, rateGHz: Infinity }, { ...good, rateGHz: 0 }];
    expect(parseSpeedHistory({ format: 1, entries: [...bad, good] })).toEqual({ format: 1, entries: [good] });
  });
});
