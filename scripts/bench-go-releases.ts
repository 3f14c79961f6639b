/**
 * bench-go-releases: measures the goals of the go-releases and work-per-call demos on this
 * machine, through the same engine as the server, and prints one table of goal / target /
 * measured / verdict:
 *
 *   full sweep     every release of the list + the installed Go, toolchains cached:
 *                  wall time of the run                                 ≤ 180 s
 *   intervals      the full sweep's 95 % intervals, widest ± of any cell ≤ 3 %
 *                  (and below the table: the widest per variant, with its release, and
 *                  the extra rounds the sweep ran for wide intervals)
 *   stage sweep    the slide's default (go1.10.8, the newest 1.25, the installed Go) ≤ 45 s
 *   work-per-call  the slide's default run                              ≤ 30 s
 *
 * The toolchains are fetched first (not timed: the goals assume a cache filled ahead, as
 * `npm run fetch-go-releases` does). Builds count: a first run on a machine includes them.
 * The load average before and after is printed: on a busy machine the intervals widen.
 *
 * Usage: tsx scripts/bench-go-releases.ts [--only full,stage,work] [--json]
 * Exit status 0 when every goal measured is met, 1 otherwise, 2 for bad usage.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { RunParams } from '../demos/protocol.ts';
import { goReleasesResult, type GoReleasesResult } from '../demos/go-releases/result.ts';
import { releaseList } from '../demos/go-releases/release-list.ts';
import { workPerCallResult } from '../demos/work-per-call/result.ts';
import { resolve } from 'node:path';
import { openEngine, rootDirDefault } from '../server/engine/open-engine.ts';
import { runDemoToEnd } from '../server/engine/run-to-end.ts';
import { createProcessRunner } from '../server/process/process-runner.ts';
import { detectToolchains, toToolchainReport } from '../server/toolchains/detect.ts';
import { fetchGoReleases } from '../server/toolchains/go-release-cache.ts';
import { formatWidth, widestByVariant, type WidestCell } from '../demos/go-releases/widest.ts';
import { fullClockLine } from '../demos/go-releases/view-model.ts';

type Goal = { goal: string; target: string; measured: string; ok: boolean | null };

const parts = ['full', 'stage', 'work'] as const;
let values;
try {
  ({ values } = parseArgs({ options: { only: { type: 'string' }, json: { type: 'boolean' } } }));
} catch (error) {
  console.error(`bench-go-releases: ${(error as Error).message}`);
  process.exit(2);
}
const only = values.only ? values.only.split(',').map((s) => s.trim()) : [...parts];
const unknown = only.filter((p) => !(parts as readonly string[]).includes(p));
if (unknown.length) {
  console.error(`bench-go-releases: unknown part ${unknown.join(', ')} (known: ${parts.join(', ')})`);
  process.exit(2);
}

const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');
const loadBefore = load();
const cacheDir = resolve(rootDirDefault, '.cache');
const { engine } = await openEngine({ cacheDir, record: false, log: (m) => console.error(m) });
const go = toToolchainReport(await detectToolchains()).go;
if (only.includes('full') || only.includes('stage')) {
  if (!go?.found || !go.path) {
    console.error('bench-go-releases: go is missing (npm run doctor)');
    process.exit(1);
  }
  console.error('fetching the releases into the cache (not timed) …');
  const outcomes = await fetchGoReleases(releaseList, { cacheDir, go: go.path, exec: createProcessRunner().exec });
  for (const o of outcomes) if (!o.ok) console.error(`  ${o.version}: ${o.reason}`);
}

async function timed(demo: string, params: RunParams): Promise<{ seconds: number; data: unknown; ok: boolean }> {
  console.error(`running ${demo} ${JSON.stringify(params)} …`);
  const started = performance.now();
  const { events, end } = await runDemoToEnd(engine, demo, params);
  const seconds = (performance.now() - started) / 1000;
  const result = events.find((e) => e.type === 'result');
  return { seconds, data: result?.type === 'result' ? result.data : null, ok: end.outcome === 'ok' };
}

const goals: Goal[] = [];
const figures: Record<string, unknown> = {};
if (only.includes('full')) {
  const run = await timed('go-releases', { releases: 'all' });
  goals.push({ goal: 'full release sweep (cached toolchains)', target: '≤ 180 s', measured: `${run.seconds.toFixed(1)} s`, ok: run.ok && run.seconds <= 180 });
  const parsed = goReleasesResult.safeParse(run.data);
  if (parsed.success) {
    const widest = widestByVariant(parsed.data.releases);
    const worst = widest.reduce((a, b) => ((b.plusMinusPct ?? Infinity) > (a.plusMinusPct ?? Infinity) ? b : a), widest[0]!);
    goals.push({ goal: 'every 95 % interval of the full sweep', target: '± ≤ 3 %', measured: `widest ${formatWidth(worst)} (${worst.release} ${worst.variant})`, ok: worst.plusMinusPct !== null && worst.plusMinusPct <= 3 });
    figures.widestByVariant = widest;
    figures.precision = parsed.data.precision;
    figures.full = parsed.data.releases.map((row) => ({ version: row.version, missing: row.missing, cgoNs: row.variants.cgo?.medianNs ?? null, cgoPlusMinusPct: row.variants.cgo?.plusMinusPct ?? null }));
    figures.fullChanges = parsed.data.changes.filter((c) => c.variant === 'cgo');
    figures.fullHeadline = parsed.data.headline?.text ?? null;
    figures.fullClock = parsed.data.fullClock;
  } else {
    goals.push({ goal: 'every 95 % interval of the full sweep', target: '± ≤ 3 %', measured: 'no result', ok: false });
  }
}
if (only.includes('stage')) {
  const run = await timed('go-releases', {});
  goals.push({ goal: 'stage sweep (go1.10.8, newest 1.25, installed)', target: '≤ 45 s', measured: `${run.seconds.toFixed(1)} s`, ok: run.ok && run.seconds <= 45 });
  const parsed = goReleasesResult.safeParse(run.data);
  if (parsed.success) figures.stageHeadline = parsed.data.headline?.text ?? null;
}
if (only.includes('work')) {
  const run = await timed('work-per-call', {});
  goals.push({ goal: 'work-per-call (slide default)', target: '≤ 30 s', measured: `${run.seconds.toFixed(1)} s`, ok: run.ok && run.seconds <= 30 });
  const parsed = workPerCallResult.safeParse(run.data);
  if (parsed.success) figures.work = { headline: parsed.data.headline, crossings: parsed.data.rows.map((r) => ({ id: r.id, crossing: r.crossingText })) };
}
await engine.close();
const loadAfter = load();

if (values.json) {
  console.log(JSON.stringify({ goals, figures, loadBefore, loadAfter }, null, 2));
} else {
  const rows = [['goal', 'target', 'measured', 'verdict'], ...goals.map((g) => [g.goal, g.target, g.measured, g.ok === null ? '–' : g.ok ? 'met' : 'NOT MET'])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
  console.log(`\nload average before: ${loadBefore}; after: ${loadAfter} (2 cores: above ~2 the machine is busy and intervals widen)`);
  if (figures.fullHeadline) console.log(`full sweep: ${String(figures.fullHeadline)}`);
  const tally = figures.fullClock as GoReleasesResult['fullClock'] | undefined;
  if (tally) console.log(`  ${fullClockLine(tally)} (reference ${tally.referenceGHz.toFixed(2)} GHz)`);
  if (figures.widestByVariant) {
    console.log('full sweep, widest 95 % interval per variant:');
    for (const w of figures.widestByVariant as WidestCell[]) console.log(`  ${w.variant.padEnd(10)}  ${formatWidth(w).padEnd(8)}  ${w.release} (${w.samples} rounds)`);
  }
  const precision = figures.precision as GoReleasesResult['precision'] | undefined;
  if (precision) {
    const rounds = Object.entries(precision.roundsByRelease).map(([version, n]) => `${version} ${n}`).join(', ');
    console.log(`  extra rounds: ${precision.extraRounds} (stopped: ${precision.stoppedBy}; budget ${precision.budgetS} s, cap ${precision.maxRounds}); rounds per release: ${rounds}`);
    for (const cell of precision.wide) console.log(`  still wider than ±${precision.targetPct} %: ${cell.release} ${cell.variant} ${formatWidth(cell)} after ${cell.rounds} rounds (${cell.reason === 'round-cap' ? 'round cap' : 'time budget'})`);
  }
  if (figures.stageHeadline) console.log(`stage sweep: ${String(figures.stageHeadline)}`);
  if (figures.work) console.log(`work-per-call: ${String((figures.work as { headline: string | null }).headline)}`);
}
process.exit(goals.every((g) => g.ok !== false) ? 0 : 1);
