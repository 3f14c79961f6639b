/**
 * bench-ffi: measures the FFI demo's goals on this machine, through the same engine as
 * the server, and prints one table of goal / target / measured / met (scripts/ffi-goals.ts
 * says which goals): a cold build of every harness, then `--runs` warm runs of the
 * default table, the last run's table itself, the time each row took, and where each
 * row's run-to-run spread comes from (within a process, between processes, between runs).
 *
 * Usage: tsx scripts/bench-ffi.ts [--runs N (default 3)] [--only ids] [--json] [--keep-cache]
 * Exit status 0 when every goal is met, 1 otherwise, 2 for bad usage.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { RunEvent, RunParams } from '../demos/protocol.ts';
import type { FfiResult } from '../demos/ffi-overhead/summary.ts';
import { formatFfiTable } from '../demos/ffi-overhead/report.ts';
import { isFfiRuntimeId } from '../demos/ffi-overhead/runtimes.ts';
import { openEngine } from '../server/engine/open-engine.ts';
import { runDemoToEnd } from '../server/engine/run-to-end.ts';
import { collectMachineInfo } from '../server/recordings/machine-info.ts';
import { parseOnly } from '../server/cli/bench.ts';
import { fidelityGoals, speedGoals, spreadPartsLines, stabilityGoals, type Goal, type MeasuredRun } from './ffi-goals.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    only: { type: 'string' },
    json: { type: 'boolean' },
    'keep-cache': { type: 'boolean' },
  },
});
const runs = Math.max(2, Number(values.runs) || 3);
const params: RunParams = {};
if (values.only) {
  try {
    params.runtimes = parseOnly(values.only);
  } catch (error) {
    console.error(`bench-ffi: ${(error as Error).message}`);
    process.exit(2);
  }
}

const cacheDir = await mkdtemp(join(tmpdir(), 'bench-ffi-cache-'));
const { engine } = await openEngine({ cacheDir, record: false, log: (m) => console.error(m) });

async function measure(label: string, runParams: RunParams): Promise<MeasuredRun> {
  const started = performance.now();
  let firstSampleMs: number | null = null;
  const errors: string[] = [];
  const { events, end } = await runDemoToEnd(engine, 'ffi-overhead', runParams, {
    onEvent: (event: RunEvent) => {
      // The first measured row (the run also samples the machine's recent best speed at once).
      if (event.type === 'sample' && isFfiRuntimeId(event.key) && firstSampleMs === null) firstSampleMs = event.tMs;
      if (event.type === 'error') errors.push(`${event.source ?? ''} ${event.code}: ${event.message}`);
    },
  });
  const wallMs = performance.now() - started;
  const found = events.find((e) => e.type === 'result');
  const result = found?.type === 'result' ? (found.data as unknown as FfiResult) : null;
  const flag = result?.machineSpeed.flagged ? `, machine flagged (${result.machineSpeed.reasons.join('; ')})` : '';
  console.error(`${label}: ${(wallMs / 1000).toFixed(1)} s, first sample ${firstSampleMs ?? '–'} ms, ${end.outcome}${errors.length ? `, ${errors.length} errors` : ''}${flag}`);
  for (const e of errors) console.error(`  ${e}`);
  return { wallMs, firstSampleMs, result, events };
}

try {
  // Cold: a fresh cache dir, every harness compiled; batches kept minimal so the build dominates.
  const cold = await measure('cold build', { ...params, batchesPerProcess: 1, batchUs: 5000, processes: 1, quickProcesses: 1 });
  const goals: Goal[] = [
    { goal: 'cold build of every harness (+ minimal run)', target: '≤ 90.0 s', measured: `${(cold.wallMs / 1000).toFixed(1)} s`, ok: cold.wallMs <= 90_000 },
  ];
  const warm: MeasuredRun[] = [];
  for (let i = 0; i < runs; i++) warm.push(await measure(`warm run ${i + 1}/${runs}`, params));
  goals.push(...speedGoals(warm), ...fidelityGoals(warm), ...stabilityGoals(warm));

  const machine = await collectMachineInfo(await engine.toolchains());
  const last = warm.at(-1)?.result;
  if (values.json) {
    console.log(JSON.stringify({ goals, machine, loadavg: loadavg(), runs: warm.map((w) => ({ wallMs: w.wallMs, firstSampleMs: w.firstSampleMs, result: w.result })) }, null, 2));
  } else {
    if (last) console.log(`${formatFfiTable(last, { machine, includeFidelityRows: true })}\n`);
    const rows = goals.map((g) => [g.goal, g.target, g.measured, g.ok === null ? 'n/a' : g.ok ? 'met' : 'NOT MET']);
    const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
    for (const row of rows) console.log(row.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c)).join('  '));
    console.log('');
    for (const g of goals) if (g.detail) console.log(`${g.goal}: ${g.detail}`);
    console.log('');
    for (const line of spreadPartsLines(warm)) console.log(line);
    console.log('');
    console.log(`machine: ${machine.cpuModel} × ${machine.cpuCount}, ${machine.os}; load average now ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  }
  process.exitCode = goals.every((g) => g.ok !== false) ? 0 : 1;
} finally {
  await engine.close();
  if (!values['keep-cache']) await rm(cacheDir, { recursive: true, force: true });
}
