/**
 * Integration test of the go-releases demo: through the real engine, fetches go1.10.8
 * (the oldest listed release, the one with the most quirks: no modules, no GOFLAGS, no
 * go env file) once into the tests' own cache, `.cache/test/` (kept between runs, so
 * the ~87 MB download happens once per machine), builds the benchmark with it and with
 * the installed Go, runs two short rounds and one extra round (two samples give no
 * interval: every cell is wide, up to the cap of three) with every batch counted, and
 * checks the result against its schema, the samples timed by thread CPU time beside their
 * wall time; a second run counts only the batches at full clock (the default). Also
 * checks bad input: the HTTP API answers 400 and the CLI exits 2, each naming the release.
 *
 * Needs go and cc (skipped, saying so, only when the doctor reports them missing) and the
 * Go module proxy, which this project's machines and CI reach.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../demos/protocol.ts';
import { goReleasesResult, type GoReleasesResult } from '../../demos/go-releases/result.ts';
import { median } from '../../demos/stats/stats.ts';
import { openEngine, rootDirDefault } from '../../server/engine/open-engine.ts';
import { runDemoToEnd } from '../../server/engine/run-to-end.ts';
import { buildOutcomeOf } from '../../server/build-cache/build-cache.ts';
import type { Engine } from '../../server/engine/engine.ts';
import { createApp } from '../../server/http/app.ts';
import { createRecorder } from '../../server/recordings/recorder.ts';
import { detectToolchains, toToolchainReport } from '../../server/toolchains/detect.ts';
import { cachedGoRelease } from '../../server/toolchains/go-release-cache.ts';
import { testCacheDir } from '../../tests/support/test-paths.ts';
import { skipIfMissing } from '../../tests/support/toolchains.ts';

const toolchains = toToolchainReport(await detectToolchains());

describe('go-releases, really fetched, built and run', () => {
  beforeEach((ctx) => skipIfMissing(ctx, 'go', 'cc'));
  let engine: Engine;
  let events: RunEvent[] = [];
  let result: GoReleasesResult | undefined;

  beforeAll(async () => {
    ({ engine } = await openEngine({ cacheDir: testCacheDir, record: false, log: () => undefined }));
    const run = await runDemoToEnd(engine, 'go-releases', { releases: '1.10,installed', rounds: 2, maxRounds: 3, batches: 1, batchMs: 5, fullClock: false });
    events = run.events;
    const found = events.find((event) => event.type === 'result');
    if (found?.type === 'result') {
      const parsed = goReleasesResult.safeParse(found.data);
      if (!parsed.success) throw new Error(`result does not match its schema: ${parsed.error.message}`);
      result = parsed.data;
    }
  });

  afterAll(async () => {
    await engine?.close();
  });

  it('ends ok with a result that matches its schema', () => {
    const errors = events.filter((event) => event.type === 'error');
    expect(errors, JSON.stringify(errors, null, 2)).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'end', outcome: 'ok' });
    expect(result).toBeDefined();
  });

  it('says its machine check is of thread-CPU-time figures (a shared core is not counted as inflation)', () => {
    expect(result!.machineSpeed.clock).toBe('cpu');
  });

  it('with every batch counted, says no clock was read', () => {
    expect(result!.fullClock).toBeNull();
    expect(result!.statsNote).not.toContain('full clock');
  });

  it('builds each release once; by default counts only the batches at full clock, and says how many', async () => {
    const again = await runDemoToEnd(engine, 'go-releases', { releases: '1.10,installed', rounds: 2, maxRounds: 2, batches: 4, batchMs: 5 });
    const builds = again.events.filter((event) => event.type === 'progress' && event.step?.startsWith('go-releases ')).map((event) => (event.type === 'progress' ? buildOutcomeOf(event.message)?.kind : undefined)).filter(Boolean);
    expect(builds).toEqual(['cached', 'cached']);
    const found = again.events.find((event) => event.type === 'result');
    const filtered = goReleasesResult.parse(found?.type === 'result' ? found.data : undefined);
    // 2 rounds × (2 variants of go1.10.8 + 4 of the installed Go) × 4 batches, each with its clock.
    const tally = filtered.fullClock!;
    expect(tally.total).toBe(2 * (2 + 4) * 4);
    expect(tally.kept).toBeGreaterThanOrEqual(1);
    expect(tally.kept).toBeLessThanOrEqual(tally.total);
    expect(tally.thresholdGHz).toBeCloseTo(0.9 * tally.referenceGHz, 10);
    expect(filtered.statsNote).toContain('median of its batches at full clock (timed by the calling thread’s CPU time)');
    // The machine check vouches for the batches that counted: each ran at ≥ the bar.
    expect(filtered.machineSpeed.rateGHz).toBeGreaterThanOrEqual(tally.thresholdGHz * 0.999);
    // A process gives a sample for a variant only from its batches at full clock: at most one per round, never more batches than it ran.
    const samples = again.events.flatMap((event) => (event.type === 'sample' ? [event.values] : []));
    expect(samples.length).toBeLessThanOrEqual(2 * (2 + 4));
    for (const values of samples) {
      expect(values.batches).toBeGreaterThanOrEqual(1);
      expect(values.batches).toBeLessThanOrEqual(values.allBatches!);
      expect(values.allBatches).toBe(4);
      expect(values.clockGHz).toBeGreaterThan(0);
    }
    for (const row of filtered.releases) for (const stats of Object.values(row.variants)) expect(stats.samples).toBeLessThanOrEqual(2);
  });

  it('fetched go1.10.8 into the test-owned cache', async () => {
    expect((await cachedGoRelease(testCacheDir, 'go1.10.8'))?.goroot).toContain(join('.cache', 'test', 'go-releases'));
  });

  it('measured go1.10.8 (no noescape/nocallback then) and the installed Go (all four variants)', () => {
    const installed = `go${toolchains.go!.version}`;
    expect(result!.releases.map((row) => [row.version, row.source, row.missing])).toEqual([
      ['go1.10.8', 'listed', null],
      [installed, 'installed', null],
    ]);
    const [old, now] = result!.releases;
    expect(Object.keys(old!.variants)).toEqual(['cgo', 'callback']);
    expect(Object.keys(now!.variants)).toEqual(['cgo', 'noescape', 'nocallback', 'callback']);
    // Each cell is the median of exactly the samples the run streamed for it, one per
    // round, extra round included (the harness itself checks that every call did its work). How fast each
    // variant is depends on the machine and its load: no order is asserted here.
    for (const row of result!.releases) {
      for (const [variant, stats] of Object.entries(row.variants)) {
        const streamed = events.flatMap((event) => (event.type === 'sample' && event.key === `${row.version}/${variant}` ? [Number(event.values.nsPerCall)] : []));
        expect(streamed, `${row.version}/${variant}`).toHaveLength(3);
        expect(stats.samples).toBe(3);
        expect(stats.medianNs).toBe(median(streamed));
        expect(stats.medianNs).toBeGreaterThan(1);
        expect(stats.medianNs).toBeLessThan(100_000);
      }
    }
  });

  it('compares the two releases and computes the headline from the run', () => {
    expect(result!.changes.find((change) => change.variant === 'cgo')).toMatchObject({ from: 'go1.10.8', to: `go${toolchains.go!.version}` });
    const minor = toolchains.go!.version!.split('.').slice(0, 2).join('.');
    expect(result!.headline?.text).toMatch(new RegExp(`^Go ${minor.replace('.', '\\.')}: \\d+(\\.\\d)? ns`));
    expect(result!.rounds).toBe(2);
    const samples = events.filter((event) => event.type === 'sample');
    expect(samples).toHaveLength(3 * (2 + 4));
    expect(new Set(samples.map((event) => event.type === 'sample' && event.values.round))).toEqual(new Set([1, 2, 3]));
  });

  it('runs an extra round for the releases still without a narrow interval, up to the cap, and says so', () => {
    const installed = `go${toolchains.go!.version}`;
    expect(result!.precision).toMatchObject({ targetPct: 3, maxRounds: 3, extraRounds: 1, roundsByRelease: { 'go1.10.8': 3, [installed]: 3 }, stoppedBy: 'round-cap' });
    expect(result!.precision!.wide.map((cell) => [cell.release, cell.variant, cell.plusMinusPct, cell.rounds, cell.reason])).toEqual([
      ['go1.10.8', 'cgo', null, 3, 'round-cap'],
      ['go1.10.8', 'callback', null, 3, 'round-cap'],
      [installed, 'cgo', null, 3, 'round-cap'],
      [installed, 'noescape', null, 3, 'round-cap'],
      [installed, 'nocallback', null, 3, 'round-cap'],
      [installed, 'callback', null, 3, 'round-cap'],
    ]);
    expect(result!.precision!.note).toBe('Wider than ±3 %: go1.10.8 cgo no interval after 3 rounds, the cap of 3 rounds (5 more).');
    const extra = events.filter((event) => event.type === 'progress' && event.step === 'run' && event.message.startsWith('extra round 1'));
    expect(extra.map((event) => event.type === 'progress' && event.source).sort()).toEqual(['go1.10.8', installed].sort());
    expect(extra.every((event) => event.type === 'progress' && event.fraction === undefined)).toBe(true);
  });

  it('times each sample by the calling thread’s CPU time and keeps its wall time', () => {
    const timed = events.flatMap((event) => (event.type === 'sample' ? [event.values] : []));
    for (const values of timed) {
      expect(values.nsPerCall).toBeGreaterThan(0);
      expect(values.wallNsPerCall).toBeGreaterThan(0);
    }
    // Two clocks: were both figures read off one, every sample would have them equal. No
    // order between them is asserted: the thread's clock is read just outside the wall
    // clock's window (1.6 % over at 5 ms batches and load 20), and a wait makes wall larger.
    expect(timed.some((values) => values.nsPerCall !== values.wallNsPerCall)).toBe(true);
  });
});

describe('go-releases refuses a bad release list, naming the release', () => {
  beforeEach((ctx) => skipIfMissing(ctx, 'go', 'cc'));
  it('answers 400 over HTTP', async () => {
    const { engine } = await openEngine({ cacheDir: testCacheDir, record: false, log: () => undefined });
    const machine = { cpuModel: 'test', cpuCount: 1, os: 'test', kernel: 'test', arch: 'x64', memoryBytes: 1, toolchains: {} };
    const app = await createApp({ engine, recorder: createRecorder({ dir: join(testCacheDir, 'recordings'), keyOf: (demo) => demo, machine: async () => machine }), machine: async () => machine, version: 'test', token: 'test-token' });
    try {
      for (const [releases, named] of [['1.9', 'go1.9 is older than the oldest supported release'], ['1.20,1.11', 'go1.11 is not in the release list'], ['1.20,soon', '"soon" is not a Go release']]) {
        const response = await app.inject({ method: 'POST', url: '/api/runs', headers: { 'content-type': 'application/json', authorization: 'Bearer test-token' }, payload: JSON.stringify({ demo: 'go-releases', params: { releases } }) });
        expect(response.statusCode).toBe(400);
        const body = response.json<{ error: { code: string; issues?: string[] } }>();
        expect(body.error.code).toBe('bad-params');
        expect(body.error.issues?.join('\n')).toContain(named);
      }
    } finally {
      await app.close();
      await engine.close();
    }
  });

  it('exits 2 from the CLI', async () => {
    const cli = (releases: string) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', join(rootDirDefault, 'server/cli/demo.ts'), 'go-releases', '--no-record', '--param', `releases=${releases}`], { cwd: rootDirDefault }).then(
        () => undefined,
        (error: { code?: number; stderr?: string }) => error,
      );
    const failure = await cli('1.20,go1.20.13');
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain('go1.20.13 is not in the release list: its 1.20 release is go1.20.14');
    // One release, typed as a number would be: still read as the release it names.
    const old = await cli('1.9');
    expect(old?.code).toBe(2);
    expect(old?.stderr).toContain('go1.9 is older than the oldest supported release, go1.10.8');
  });
});
