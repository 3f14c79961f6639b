import { describe, expect, it } from 'vitest';
import goBuildWork from '../go-build-work/manifest.ts';
import cgocallSource from '../cgocall-source/manifest.ts';
import trampolineGdb from '../trampoline-gdb/manifest.ts';
import cgoBenchstat from '../cgo-benchstat/manifest.ts';
import preambleDisasm from '../preamble-disasm/manifest.ts';
import stackGrowth from '../stack-growth/manifest.ts';
import goroutinesVsThreads from '../goroutines-vs-threads/manifest.ts';

const all = [goBuildWork, cgocallSource, trampolineGdb, cgoBenchstat, preambleDisasm, stackGrowth, goroutinesVsThreads];

describe('Reasons 1–2 manifests', () => {
  it('accept {} (every param has a default) and name what they need', () => {
    for (const m of all) {
      expect(m.params.safeParse({}).success, m.id).toBe(true);
      expect(m.requires, m.id).toContain('go');
      expect(m.timeoutMs, m.id).toBeGreaterThan(0);
    }
    expect(trampolineGdb.requires).toContain('gdb');
    // Each of the two gdb slides replays a run of its own direction: direction is a key param.
    expect(trampolineGdb.displayParams ?? []).not.toContain('direction');
  });
  it('bound every number', () => {
    const out: Array<[typeof all[number], Record<string, unknown>]> = [
      [goroutinesVsThreads, { n: 10_001 }],
      [goroutinesVsThreads, { n: 9 }],
      [goroutinesVsThreads, { n: 1.5 }],
      [stackGrowth, { depth: 200_001 }],
      [stackGrowth, { samples: 0 }],
      [stackGrowth, { pauseMs: 101 }],
      [cgoBenchstat, { count: 21 }],
      [cgoBenchstat, { benchtimeMs: 10 }],
      [trampolineGdb, { direction: 'sideways' }],
      [preambleDisasm, { function: 'main' }],
    ];
    for (const [m, params] of out) expect(m.params.safeParse(params).success, `${m.id} ${JSON.stringify(params)}`).toBe(false);
  });
});
