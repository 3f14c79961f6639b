/**
 * bench-work-per-call: how stable is the number the speaker says? Runs the work-per-call
 * demo's slide default k times in a row through the same engine as the server and prints
 * each run's crossing N per FFI (with its 95 % interval), its wall time, the load average
 * around it and the machine-speed check's verdict; then per FFI the spread of the
 * crossing over the runs, as the largest distance from their median:
 *
 *   cgo crossing, run to run   every run within ±15 % of the runs' median   (a quiet machine)
 *   work-per-call              each run ≤ 30 s
 *
 * Usage: tsx scripts/bench-work-per-call.ts [--runs K (≥ 3, default 3)] [--json]
 * Exit status 0 when the goals are met, 1 otherwise, 2 for bad usage.
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatWorkSize } from '../demos/work-per-call/crossing.ts';
import { workPerCallResult } from '../demos/work-per-call/result.ts';
import { median } from '../demos/stats/stats.ts';
import { openEngine, rootDirDefault } from '../server/engine/open-engine.ts';
import { runDemoToEnd } from '../server/engine/run-to-end.ts';

const spreadGoalPct = 15;
const secondsGoal = 30;

let values;
try {
  ({ values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, json: { type: 'boolean' } } }));
} catch (error) {
  console.error(`bench-work-per-call: ${(error as Error).message}`);
  process.exit(2);
}
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 3 || runs > 20) {
  console.error(`bench-work-per-call: --runs must be an integer from 3 to 20, got ${values.runs}`);
  process.exit(2);
}

type Run = { seconds: number; ok: boolean; loadBefore: number; loadAfter: number; flagged: boolean | null; reasons: string[]; headline: string | null; crossings: Record<string, { n: number; low: number | null; high: number | null } | null> };

const { engine } = await openEngine({ cacheDir: resolve(rootDirDefault, '.cache'), record: false, log: (m) => console.error(m) });
const measured: Run[] = [];
for (let i = 0; i < runs; i++) {
  console.error(`run ${i + 1} of ${runs} …`);
  const loadBefore = loadavg()[0]!;
  const started = performance.now();
  const { events, end } = await runDemoToEnd(engine, 'work-per-call', {});
  const seconds = (performance.now() - started) / 1000;
  const found = events.find((e) => e.type === 'result');
  const parsed = workPerCallResult.safeParse(found?.type === 'result' ? found.data : undefined);
  const crossings: Run['crossings'] = {};
  if (parsed.success) {
    for (const row of parsed.data.rows.filter((r) => r.id !== 'direct' && !r.missing)) {
      const c = row.crossing;
      crossings[row.id] = c?.kind === 'crosses' ? { n: c.n, low: c.interval?.low ?? null, high: c.interval?.high ?? null } : null;
    }
  }
  const machine = parsed.success ? parsed.data.machineSpeed : null;
  measured.push({ seconds, ok: end.outcome === 'ok' && parsed.success, loadBefore, loadAfter: loadavg()[0]!, flagged: machine?.flagged ?? null, reasons: machine?.reasons ?? [], headline: parsed.success ? parsed.data.headline : null, crossings });
}
await engine.close();

const callers = [...new Set(measured.flatMap((r) => Object.keys(r.crossings)))];
const spreads = callers.map((id) => {
  const ns = measured.map((r) => r.crossings[id]?.n ?? NaN);
  const mid = median(ns.filter(Number.isFinite));
  const spreadPct = ns.every(Number.isFinite) ? Math.max(...ns.map((n) => Math.abs(n / mid - 1) * 100)) : null;
  return { id, crossings: ns, medianN: mid, spreadPct };
});
const cgo = spreads.find((s) => s.id === 'cgo');
const slowest = Math.max(...measured.map((r) => r.seconds));
const goals = [
  { goal: 'cgo crossing N, run to run', target: `≤ ±${spreadGoalPct} %`, measured: cgo?.spreadPct === null || !cgo ? 'no crossing in a run' : `±${cgo.spreadPct.toFixed(1)} % around ${formatWorkSize(cgo.medianN)}`, ok: cgo?.spreadPct !== null && cgo !== undefined && cgo.spreadPct <= spreadGoalPct },
  { goal: 'work-per-call run (slide default)', target: `≤ ${secondsGoal} s`, measured: `slowest ${slowest.toFixed(1)} s`, ok: measured.every((r) => r.ok) && slowest <= secondsGoal },
];

if (values.json) {
  console.log(JSON.stringify({ goals, spreads, runs: measured }, null, 2));
} else {
  for (const [i, r] of measured.entries()) {
    const each = Object.entries(r.crossings).map(([id, c]) => `${id} ${c ? `${formatWorkSize(c.n)}${c.low !== null && c.high !== null ? ` (${formatWorkSize(c.low)}–${formatWorkSize(c.high)})` : ''}` : '–'}`);
    console.log(`run ${i + 1}: ${r.seconds.toFixed(1)} s, load ${r.loadBefore.toFixed(2)} → ${r.loadAfter.toFixed(2)}, ${r.flagged ? `FLAGGED (${r.reasons.join('; ')})` : r.flagged === false ? 'machine check ok' : 'no machine check'}: ${each.join(', ')}`);
  }
  for (const s of spreads) console.log(`${s.id}: ${s.crossings.map((n) => (Number.isFinite(n) ? formatWorkSize(n) : '–')).join(', ')}; median ${formatWorkSize(s.medianN)}, spread ${s.spreadPct === null ? '–' : `±${s.spreadPct.toFixed(1)} %`}`);
  const rows = [['goal', 'target', 'measured', 'verdict'], ...goals.map((g) => [g.goal, g.target, g.measured, g.ok ? 'met' : 'NOT MET'])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log('');
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
  console.log(`\n(2 cores: a load average above ~2 means other work shared the machine; the goal is for a quiet one)`);
}
process.exit(goals.every((g) => g.ok) ? 0 : 1);
