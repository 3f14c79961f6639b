/**
 * The go-releases runner: for each release of the run, fetch its toolchain into the
 * project's cache (server/toolchains/go-release-cache.ts; the installed Go needs none),
 * build native/go-releases with it (cached per release by ctx.build), then run the
 * binaries in interleaved, shuffled rounds (demos/stats/shuffled-rounds.ts), one fresh
 * process per release per round, then extra rounds of the releases whose intervals are
 * still wider than the target, within a cap and a time budget
 * (demos/go-releases/extra-rounds.ts), and summarise the benchstat way
 * (demos/go-releases/summary.ts), with benchstat's own table when it is installed.
 *
 * Each batch runs right after a short sentinel, and counts only when the machine ran at
 * full clock around it (demos/stats/full-clock.ts): the reference is taken over every
 * reading so far, so the samples streamed during the run use the reference known then,
 * and the result is summarised again with the whole run's.
 *
 * Every release builds in GOPATH mode (GO111MODULE=off: Go 1.10 has no modules, and
 * newer releases still build a directory without go.mod that way), with the user's go
 * settings shut out (GOENV=off, GOFLAGS empty: releases before 1.18 reject -buildvcs) and
 * its own GOROOT. A release that cannot be fetched, built or run becomes a missing row
 * with the reason; the run goes on with the others.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import manifest from '../../../demos/go-releases/manifest.ts';
import { bracketBatches, parseReleaseBenchLine, processEvidence, processFigures, releaseFiguresClock, type ClockedBatch, type ReleaseBatch } from '../../../demos/go-releases/bench-line.ts';
import { parseReleaseSelection, resolveReleases, type PlannedRelease } from '../../../demos/go-releases/release-list.ts';
import type { GoReleasesResult } from '../../../demos/go-releases/result.ts';
import { createRandom, planRounds, shuffled } from '../../../demos/stats/shuffled-rounds.ts';
import { defaultBudgetMs, describeWide, planExtraRound, reportWide, wideCells, type RoundLimits, type StopReason } from '../../../demos/go-releases/extra-rounds.ts';
import { formatHeadline, headlineOf, summarizeReleases, type ReleaseSample } from '../../../demos/go-releases/summary.ts';
import { talk2018Benchstat } from '../../../demos/go-releases/talk-2018.ts';
import { releaseVariantInfo, releaseVariants } from '../../../demos/go-releases/variants.ts';
import { goVersionLabel } from '../../../demos/go-shared/go-version.ts';
import { spinAddsFor, type SpinReading } from '../../../demos/stats/machine-speed.ts';
import { referenceClockGHz, tallyFullClock, type FullClockTally } from '../../../demos/stats/full-clock.ts';
import { median } from '../../../demos/stats/stats.ts';
import { fetchGoRelease, isolatedGoEnv } from '../../toolchains/go-release-cache.ts';
import { cacheDirOf, defineDemoRunner, RunError, toolPath, type DemoContext } from '../demo-context.ts';
import { startMachineCheck } from '../machine-check.ts';

/** sourceFiles are the benchmark's sources (all of them key the build cache). */
const sourceFiles = ['main.go', 'cgo.go', 'annotated.go', 'variants.c'];
/** sharedFiles are the FFI table's callee and machine-speed sentinel (plusone, spin), copied into the package. */
const sharedFiles = ['plusone.c', 'plusone.h'];

type Params = { releases: string; rounds: number; batches: number; batchMs: number; fullClock: boolean; targetPct: number; maxRounds: number; budgetS?: number | undefined; seed?: number | undefined };

/** ReadyRelease is a release with its built benchmark. */
type ReadyRelease = { row: PlannedRelease; binary: string };

/** variantLabels names what each variant measures, for samples and the result. */
const variantLabels: Record<string, string> = Object.fromEntries(releaseVariants.map((v) => [v, releaseVariantInfo[v].label]));

/** benchName is the Go benchmark name each variant gets in benchstat's input. */
const benchName = (variant: string): string => `Benchmark${variant[0]!.toUpperCase()}${variant.slice(1)}`;

/** markMissing turns a row into a missing one, telling the viewer why. */
function markMissing(ctx: DemoContext<Params>, row: PlannedRelease, code: 'toolchain-missing' | 'build-failed' | 'program-crashed', reason: string, detail?: string): void {
  row.missing = reason;
  ctx.error(code, `${row.version}: ${reason}`, { source: row.version, ...(detail ? { detail } : {}) });
}

/** toolchainFor fetches (or finds) a listed release; the installed Go is used as it is. */
async function toolchainFor(ctx: DemoContext<Params>, row: PlannedRelease): Promise<{ go: string; goroot?: string } | undefined> {
  const installedGo = toolPath(ctx.toolchains, 'go');
  if (row.source === 'installed') return { go: installedGo };
  const outcome = await fetchGoRelease(row.version, {
    cacheDir: cacheDirOf(ctx),
    go: installedGo,
    exec: ctx.exec,
    ...(row.zipBytes === undefined ? {} : { zipBytes: row.zipBytes }),
    onProgress: (progress) => {
      if (progress.phase === 'cached' || progress.phase === 'failed') return;
      ctx.progress(progress.message, { step: 'fetch', source: row.version, ...(progress.fraction === undefined ? {} : { fraction: progress.fraction }) });
    },
  });
  if (!outcome.ok) {
    markMissing(ctx, row, 'toolchain-missing', outcome.reason);
    return undefined;
  }
  return { go: outcome.goBinary, goroot: outcome.goroot };
}

/** buildFor builds the benchmark with one release (cached by sources and version). */
async function buildFor(ctx: DemoContext<Params>, row: PlannedRelease, toolchain: { go: string; goroot?: string }): Promise<ReadyRelease | undefined> {
  const srcDir = join(ctx.rootDir, 'native', 'go-releases');
  const sharedDir = join(ctx.rootDir, 'native', 'ffi');
  const built = await ctx.build({
    name: `go-releases ${row.version}`,
    inputs: [...sourceFiles.map((file) => join(srcDir, file)), ...sharedFiles.map((file) => join(sharedDir, file))],
    toolchainVersion: row.version,
    keyExtra: [toolchain.go],
    srcDir,
    steps: [
      { cmd: 'mkdir', args: ['{out}/src'] },
      { cmd: 'cp', args: [...sourceFiles.map((file) => `{src}/${file}`), ...sharedFiles.map((file) => join(sharedDir, file)), '{out}/src/'] },
      {
        cmd: toolchain.go,
        args: ['build', '-o', '{out}/go-releases', '.'],
        cwd: '{out}/src',
        env: {
          ...isolatedGoEnv,
          GO111MODULE: 'off',
          GOTOOLCHAIN: 'local',
          // In the build's own folder, not a run's temp dir: the steps key the build cache,
          // and a path new at every run made every Run build again (44 s for a release).
          GOPATH: '{out}/gopath',
          // A fetched release compiles into a cache of its own for this build only (the
          // binary is what ctx.build keeps); the installed Go uses its usual, warm cache.
          GOCACHE: toolchain.goroot ? '{out}/gocache' : undefined,
          CGO_ENABLED: '1',
          GOROOT: toolchain.goroot,
        },
      },
      // Only the binary is kept.
      { cmd: 'rm', args: ['-rf', '{out}/gopath', '{out}/gocache'] },
    ],
    timeoutMs: 300_000,
  });
  if (!built.ok) {
    markMissing(ctx, row, 'build-failed', 'the benchmark did not build', built.log);
    return undefined;
  }
  return { row, binary: join(built.outDir, 'go-releases') };
}

/** sentinelAdds sizes the machine-speed sentinel: about 20 ms of spin at a typical clock, before and after each process's batches. */
const sentinelAdds = spinAddsFor(NaN, 20);

/**
 * batchClockAdds sizes the sentinel read before every batch: ~0.3 ms at 3.5 GHz, short
 * next to a batch, long enough for the thread's CPU clock to time it within a few %.
 */
const batchClockAdds = 1_000_000;

/** ProcessRun is one process's batches (with their clocks), kept to be summarised again against the whole run's reference clock. */
type ProcessRun = { release: string; round: number; batches: ClockedBatch[]; sentinels: SpinReading[] };

/** runOnce runs one release's binary once and returns its batches, or null when it failed or was cancelled. */
async function runOnce(ctx: DemoContext<Params>, ready: ReadyRelease, round: number): Promise<ProcessRun | null> {
  const batches: ReleaseBatch[] = [];
  const readings: SpinReading[] = [];
  let closing: SpinReading | undefined;
  let problem: string | undefined;
  const clockAdds = ctx.params.fullClock ? batchClockAdds : 0;
  // With a clock next to every batch, the closing sentinel only brackets the last batch: as short as theirs.
  const closingAdds = ctx.params.fullClock ? batchClockAdds : sentinelAdds;
  const result = await ctx.exec(ready.binary, [String(ctx.params.batches), String(ctx.params.batchMs), String(closingAdds), String(clockAdds)], {
    source: ready.row.version,
    streamOutput: false,
    timeoutMs: 60_000 + ctx.params.batches * ctx.params.batchMs * 4 * 20,
    onStdoutLine(line) {
      const parsed = parseReleaseBenchLine(line);
      if (parsed.kind === 'batch') batches.push(parsed);
      else if (parsed.kind === 'sentinel') {
        readings.push(parsed.reading);
        if (parsed.when === 'after') closing = parsed.reading;
      }
      else if (parsed.kind === 'invalid') problem ??= parsed.reason;
    },
  });
  if (result.cancelled) return null;
  if (result.exitCode !== 0 || batches.length === 0 || problem) {
    const why = result.timedOut ? 'timed out' : problem ?? `exited with ${result.exitCode ?? result.signal}`;
    ctx.error('program-crashed', `${ready.row.version}: the benchmark ${why} in round ${round}`, { source: ready.row.version, detail: result.stderr.slice(-2000) });
    return null;
  }
  return { release: ready.row.version, round, batches: bracketBatches(batches, closing), sentinels: readings };
}

/** samplesOf is one process's samples: a figure per variant from its batches at full clock against `referenceGHz`. */
function samplesOf(run: ProcessRun, referenceGHz: number): ReleaseSample[] {
  return processFigures(run.batches, referenceGHz).map((figure) => ({ release: run.release, variant: figure.variant, round: run.round, nsPerCall: figure.nsPerCall }));
}

/** streamSamples sends one process's figures as samples, judged against the reference known so far. */
function streamSamples(ctx: DemoContext<Params>, run: ProcessRun, referenceGHz: number): void {
  for (const figure of processFigures(run.batches, referenceGHz)) {
    ctx.sample(
      `${run.release}/${figure.variant}`,
      {
        nsPerCall: figure.nsPerCall,
        wallNsPerCall: figure.wallNsPerCall,
        round: run.round,
        batches: figure.batches,
        allBatches: figure.allBatches,
        ...(figure.clockGHz === null ? {} : { clockGHz: figure.clockGHz }),
        ...(figure.cpuSharePct === null ? {} : { cpuSharePct: figure.cpuSharePct }),
      },
      `${run.release}: ${variantLabels[figure.variant]}`,
    );
  }
}

/** samplesNote says what a sample is, for the statistics note; with a reference clock, that only batches at full clock counted (which, and how many, the result's `fullClock` says). */
function samplesNote(tally: FullClockTally): string {
  if (!Number.isFinite(tally.referenceGHz)) return 'Each sample is one fresh process’s median of its batches (timed by the calling thread’s CPU time)';
  return `Each sample is one fresh process’s median of its batches at full clock (timed by the calling thread’s CPU time)`;
}

/** benchstatInput writes one release's samples in `go test -bench` format. */
function benchstatInput(version: string, samples: readonly ReleaseSample[]): string {
  // One pkg line for every file, so benchstat lines the releases up as columns of one table.
  const lines = [`goos: linux`, `goarch: amd64`, `pkg: go-releases`];
  for (const s of samples.filter((sample) => sample.release === version)) lines.push(`${benchName(s.variant)} 1 ${s.nsPerCall.toFixed(2)} ns/op`);
  return `${lines.join('\n')}\n`;
}

/** runBenchstat prints benchstat's own table over the releases (oldest = the base column), or null. */
async function runBenchstat(ctx: DemoContext<Params>, versions: readonly string[], samples: readonly ReleaseSample[]): Promise<string | null> {
  const tool = ctx.toolchains.benchstat;
  if (!tool?.found || !tool.path || versions.length === 0) return null;
  const dir = await ctx.tempDir('go-releases-benchstat-');
  await mkdir(dir, { recursive: true });
  for (const version of versions) await writeFile(join(dir, `${version}.txt`), benchstatInput(version, samples));
  const result = await ctx.exec(tool.path, versions.map((version) => `${version}=${version}.txt`), { cwd: dir, source: 'benchstat', streamOutput: false, timeoutMs: 30_000 });
  if (result.exitCode === 0) return result.stdout.trimEnd();
  ctx.error('program-crashed', 'benchstat failed; the table is computed by the deck', { source: 'benchstat', detail: result.stderr });
  return null;
}

export default defineDemoRunner({
  manifest,
  async run(ctx) {
    const params = ctx.params;
    const selection = parseReleaseSelection(params.releases);
    if (!selection.ok) throw new RunError('bad-params', selection.message);
    const installed = ctx.toolchains.go?.found ? goVersionLabel(ctx.toolchains.go.version) : undefined;
    const planned = resolveReleases(selection.requests, installed);
    for (const row of planned) if (row.missing) ctx.error('toolchain-missing', `${row.version}: ${row.missing}`, { source: row.version });

    const ready: ReadyRelease[] = [];
    for (const row of planned.filter((r) => !r.missing)) {
      ctx.status('building', `${row.version}: ${row.source === 'installed' ? 'the installed Go' : 'toolchain from the project cache'}, building`);
      const toolchain = await toolchainFor(ctx, row);
      if (ctx.signal.aborted) return;
      if (!toolchain) continue;
      ctx.progress(`building with ${row.version}`, { step: 'build', source: row.version });
      const built = await buildFor(ctx, row, toolchain);
      if (built) ready.push(built);
    }
    if (ready.length === 0) throw new RunError('toolchain-missing', 'no release could be built here', { detail: planned.map((r) => `${r.version}: ${r.missing ?? '?'}`).join('\n') });

    const seed = params.seed ?? Math.floor(Math.random() * 2 ** 31);
    const random = createRandom(seed);
    const plan = planRounds(ready, params.rounds, random);
    const limits: RoundLimits = { targetPct: params.targetPct, maxRounds: Math.max(params.maxRounds, params.rounds), budgetMs: params.budgetS === undefined ? defaultBudgetMs(ready.length) : params.budgetS * 1000 };
    ctx.status('running', `${plan.length} interleaved rounds over ${ready.map((r) => r.row.version).join(', ')} (seed ${seed}), then extra rounds for intervals wider than ±${limits.targetPct} %`);
    const runs: ProcessRun[] = [];
    /** referenceNow is the run's reference clock over every batch so far (NaN with the filter off: every batch counts). */
    const referenceNow = (): number => (params.fullClock ? referenceClockGHz(runs.flatMap((run) => run.batches.map((b) => b.clockGHz))) : NaN);
    const samplesNow = (): ReleaseSample[] => {
      const reference = referenceNow();
      return runs.flatMap((run) => samplesOf(run, reference));
    };
    const machine = await startMachineCheck(cacheDirOf(ctx), releaseFiguresClock);
    const roundsRun = new Map<string, number>();
    const processWallMs = new Map<string, number[]>();
    const started = performance.now();
    let last: ReadyRelease | undefined;
    /** runRound runs one round's processes in order; false when the run was cancelled. */
    const runRound = async (round: readonly ReadyRelease[], number: number, label: string, fractionAt?: (index: number) => number): Promise<boolean> => {
      for (const [index, release] of round.entries()) {
        if (ctx.signal.aborted) return false;
        const version = release.row.version;
        ctx.progress(`${label}: ${version}`, { step: 'run', source: version, ...(fractionAt ? { fraction: fractionAt(index) } : {}) });
        const t0 = performance.now();
        const run = await runOnce(ctx, release, number);
        if (run) {
          runs.push(run);
          streamSamples(ctx, run, referenceNow());
        }
        processWallMs.set(version, [...(processWallMs.get(version) ?? []), performance.now() - t0]);
        roundsRun.set(version, (roundsRun.get(version) ?? 0) + 1);
        last = release;
      }
      return true;
    };
    const plannedProcesses = plan.length * ready.length;
    for (const [index, round] of plan.entries()) {
      if (!(await runRound(round, index + 1, `round ${index + 1} of ${plan.length}`, (i) => (index * ready.length + i) / plannedProcesses))) return;
    }
    // Extra rounds, one at a time, for the releases whose intervals are still wide.
    let stoppedBy: StopReason = 'narrow';
    let extraRounds = 0;
    for (;;) {
      const next = planExtraRound({
        wide: wideCells(summarizeReleases(planned, samplesNow()).rows, limits.targetPct),
        roundsRun,
        processMs: new Map([...processWallMs].map(([version, times]) => [version, median(times)])),
        elapsedMs: performance.now() - started,
        limits,
      });
      if (next.kind === 'stop') {
        stoppedBy = next.reason;
        break;
      }
      const round = shuffled(ready.filter((r) => next.releases.includes(r.row.version)), random);
      // As in the planned rounds: no binary twice in a row.
      if (round.length > 1 && round[0] === last) [round[0], round[1]] = [round[1]!, round[0]!];
      extraRounds += 1;
      // No fraction: how many extra rounds there will be is not known ahead.
      if (!(await runRound(round, plan.length + extraRounds, `extra round ${extraRounds} (an interval wider than ±${limits.targetPct} %)`))) return;
    }

    ctx.status('finishing', 'statistics');
    // Every process judged again against the whole run's reference clock.
    const reference = referenceNow();
    const samples = samplesNow();
    // The machine check vouches for the conditions the counted batches ran in.
    for (const run of runs) {
      const evidence = processEvidence(run.batches, run.sentinels, reference);
      machine.addProcess(evidence.readings, evidence.cpuSharePct);
    }
    const tally = tallyFullClock(runs.flatMap((run) => run.batches.map((b) => b.bracketGHz)), reference);
    const measured = ready.map((r) => r.row.version).filter((version) => samples.some((s) => s.release === version));
    const benchstat = await runBenchstat(ctx, measured, samples);
    const summary = summarizeReleases(planned, samples);
    const headline = headlineOf(summary);
    const wide = reportWide(wideCells(summary.rows, limits.targetPct), roundsRun, limits);
    const result: GoReleasesResult = {
      installed: installed ?? null,
      releases: summary.rows.map((row) => ({ ...row, variants: Object.fromEntries(Object.entries(row.variants)) })),
      changes: summary.changes,
      headline: headline
        ? {
            text: formatHeadline(headline),
            version: headline.version,
            medianNs: headline.medianNs,
            deltaPct: headline.change?.deltaPct ?? null,
            p: headline.change?.p ?? null,
            significant: headline.change?.significant ?? false,
          }
        : null,
      rounds: plan.length,
      precision: {
        targetPct: limits.targetPct,
        maxRounds: limits.maxRounds,
        budgetS: limits.budgetMs / 1000,
        extraRounds,
        roundsByRelease: Object.fromEntries(roundsRun),
        stoppedBy,
        wide,
        note: describeWide(wide, limits),
      },
      batches: params.batches,
      batchMs: params.batchMs,
      seed,
      variantLabels,
      benchstat,
      statsBy: benchstat === null ? 'demos/stats' : 'benchstat',
      fullClock: Number.isFinite(reference) ? tally : null,
      statsNote:
        `${samplesNote(tally)}; medians with the 95 % confidence interval of the median; changes between neighbouring releases with the Mann-Whitney U test (significant when p < 0.05), as benchstat computes them.` +
        (extraRounds > 0 ? ` ${extraRounds} extra rounds for intervals wider than ±${limits.targetPct} %.` : '') +
        (benchstat === null ? ' benchstat is not installed here: the deck computed them.' : ' benchstat’s own table is below (its deltas compare with the oldest release).'),
      machineSpeed: await machine.finish(),
      talk2018: { oldNs: talk2018Benchstat.oldNs, newNs: talk2018Benchstat.newNs, deltaPct: talk2018Benchstat.deltaPct, label: talk2018Benchstat.label, source: talk2018Benchstat.source },
    };
    ctx.result(result);
  },
});
