import { describe, expect, it } from 'vitest';
import type { MachineSpeedSummary } from '../../demos/protocol.ts';
import type { PlannedRelease } from '../../demos/go-releases/release-list.ts';
import { machineRow } from './machine-row.ts';
import { goReleasesRow, releaseStates } from './go-releases-row.ts';

const quiet: MachineSpeedSummary = { rateGHz: 3.6, bestRateGHz: 3.62, slowdownPct: 0.5, cpuSharePct: 99.5, stealPct: 0, inflatedPct: 0.9, loadAvg: 0.4, cpuCount: 2, flagged: false, reasons: [] };

describe('machineRow', () => {
  it('is go when the sentinel vouches for the machine and the load is under the CPU count', () => {
    expect(machineRow(quiet, 1500)).toEqual({
      check: 'machine speed and load', verdict: 'go', ms: 1500,
      detail: 'quiet enough to measure: machine check: 3.60 GHz effective clock (best 3.62), CPU 99.5 %, steal 0.0 %, load 0.4 on 2 CPUs',
    });
  });

  it('warns when flagged, or when the load is above the CPU count, saying why', () => {
    expect(machineRow({ ...quiet, flagged: true, reasons: ['had the CPU 60 % of the time'] }, 1).detail).toMatch(/^not quiet enough to measure \(had the CPU 60 % of the time\): /);
    const loaded = machineRow({ ...quiet, loadAvg: 6.5 }, 1);
    expect(loaded.verdict).toBe('warn');
    expect(loaded.detail).toMatch(/^not quiet enough to measure \(load average 6\.5 on 2 CPUs\): .*, load 6\.5 on 2 CPUs$/);
    expect(machineRow(undefined, 2, 'no C compiler')).toEqual({ check: 'machine speed and load', verdict: 'warn', ms: 2, detail: 'not checked: no C compiler' });
    expect(machineRow(undefined, 2).detail).toBe('not checked: the sentinel reported nothing');
  });

  it('says the load is unknown without both its figures, and every reason against the figures', () => {
    expect(machineRow({ ...quiet, loadAvg: null }, 1).detail).toMatch(/, load unknown$/);
    expect(machineRow({ ...quiet, cpuCount: null }, 1).detail).toMatch(/, load unknown$/);
    expect(machineRow({ ...quiet, flagged: true, reasons: ['a', 'b'] }, 1).detail).toMatch(/^not quiet enough to measure \(a; b\): /);
  });
});

describe('goReleasesRow', () => {
  const planned: PlannedRelease[] = [
    { version: 'go1.10.8', minor: 10, source: 'listed', zipBytes: 86_875_883 },
    { version: 'go1.25.14', minor: 25, source: 'listed', zipBytes: 64_493_020 },
    { version: 'go1.26.8', minor: 26, source: 'installed' },
  ];

  it('calls a release the plan could not place missing, with its reason', () => {
    const asked: PlannedRelease = { version: 'go1.27', minor: 27, source: 'installed', missing: 'no Go is installed on this machine' };
    expect(releaseStates([asked], new Set())).toEqual([{ release: asked, state: 'missing', reason: 'no Go is installed on this machine' }]);
  });

  it('is go when every listed release is cached (the installed Go always is)', () => {
    const row = goReleasesRow(releaseStates(planned, new Set(['go1.10.8', 'go1.25.14'])), 10);
    expect(row).toEqual({ check: 'go-releases toolchains cached', verdict: 'go', ms: 10, detail: 'go1.10.8 cached, go1.25.14 cached, go1.26.8 installed' });
  });

  it('warns for releases not cached, with what Run would download and how to fetch it now', () => {
    const row = goReleasesRow(releaseStates(planned, new Set(['go1.25.14'])), 10);
    expect(row.verdict).toBe('warn');
    expect(row.detail).toBe('go1.10.8 not cached, go1.25.14 cached, go1.26.8 installed; Run would download 1 (87 MB) on stage: fetch now with npm run preflight -- --fetch');
  });

  it('takes a fetch\'s outcomes over the cache it looked at before', () => {
    const states = releaseStates(planned, new Set(), [
      { ok: true, cached: false, version: 'go1.10.8', goroot: '/c/go1.10.8', goBinary: '/c/go1.10.8/bin/go' },
      { ok: false, version: 'go1.25.14', reason: 'could not fetch go1.25.14: no network' },
    ]);
    expect(states.map((s) => s.state)).toEqual(['fetched', 'missing', 'installed']);
    expect(releaseStates(planned, new Set(), [{ ok: true, cached: true, version: 'go1.10.8', goroot: '/c', goBinary: '/c/bin/go' }])[0]).toEqual({ release: planned[0], state: 'cached' });
    expect(goReleasesRow(states, 1)).toMatchObject({ verdict: 'warn', detail: 'go1.10.8 fetched, go1.25.14 missing (could not fetch go1.25.14: no network), go1.26.8 installed' });
  });
});
