import { describe, expect, it } from 'vitest';
import type { WorkSample } from './crossing.ts';
import { crossingText, directNsAt, formatWorkNs, summarizeWork, workHeadline } from './summary.ts';

const sizes = [1, 10, 100, 1000, 10000];
// Fake machine: 0.3 ns per add plus 2 ns of call; cgo adds 30 ns, ctypes 200 ns.
const cost = { direct: 2, cgo: 32, ctypes: 202 } as const;
const samples: WorkSample[] = [];
for (const [caller, base] of Object.entries(cost)) {
  for (const n of sizes) for (const round of [1, 2, 3]) samples.push({ caller, n, round, nsPerCall: base + 0.3 * n + round * 0.01 });
}

describe('summarizeWork', () => {
  const rows = summarizeWork(['direct', 'cgo', 'koffi', 'ctypes'], sizes, samples, { koffi: 'Node.js not found' });

  it('gives each caller its medians and each FFI its crossing share', () => {
    expect(rows.map((r) => r.id)).toEqual(['direct', 'cgo', 'koffi', 'ctypes']);
    expect(rows[0]!.overheadPct).toEqual([null, null, null, null, null]);
    expect(rows[0]!.crossing).toBeNull();
    expect(rows[1]!.nsPerCall[0]).toBeCloseTo(32.32, 10);
    expect(rows[1]!.overheadPct[0]).toBeCloseTo((30 / 32.32) * 100, 6);
    expect(rows[2]).toMatchObject({ missing: 'Node.js not found', crossing: null });
  });

  it('finds where the crossing stops mattering, and says it for the stage', () => {
    // cgo: share 30 / (32.02 + 0.3 N): 10 % between N = 100 (≈ 48 %) and 1000 (≈ 9 %).
    expect(rows[1]!.crossing).toMatchObject({ kind: 'crosses', above: 100, below: 1000 });
    expect(rows[3]!.crossing).toMatchObject({ kind: 'crosses', above: 1000, below: 10000 });
    expect(workHeadline(rows, sizes)).toMatch(/^cgo: under 10 % from ≈ \d[\d\u202f]* adds per call \(\d+ ns of work\)$/);
    expect(crossingText(rows[3]!, rows, sizes)).toMatch(/^N ≈ \d[\d\u202f]* \(\d[.\d]* µs of work\)$/);
    expect(crossingText({ ...rows[1]!, crossing: { kind: 'crosses', n: 1234, below: 10000, above: 1000, interval: { low: 1111, high: 1789 } } }, rows, sizes)).toMatch(/^≈ 1\u202f200 \(1\u202f100–1\u202f800\) · \d+ ns$/);
    expect(workHeadline([rows[0]!, { ...rows[1]!, crossing: { kind: 'crosses', n: 1234, below: 10000, above: 1000, interval: { low: 1111, high: 1789 } } }], sizes)).toBe('cgo: under 10 % from ≈ 1\u202f200 adds per call (95 %: 1\u202f100–1\u202f800)');
    expect(crossingText(rows[2]!, rows, sizes)).toBe('not measured');
  });

  it('interpolates the direct call’s duration on the log-log line', () => {
    expect(directNsAt(rows, sizes, 100)).toBeCloseTo(32.02, 6);
    const between = directNsAt(rows, sizes, 300)!;
    expect(between).toBeGreaterThan(32);
    expect(between).toBeLessThan(302);
  });
});

describe('formatWorkNs', () => {
  it('keeps two significant digits without exponents', () => {
    expect([formatWorkNs(45.4), formatWorkNs(1_340), formatWorkNs(204_000), formatWorkNs(1_200_000)]).toEqual(['45 ns', '1.3 µs', '204 µs', '1.2 ms']);
  });
});
