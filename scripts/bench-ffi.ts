/**
 * bench-ffi: measures the FFI demo's goals on this machine, through the same engine as
 * the server, and prints one table of goal / target / measured / verdict:
 *
 *   cold build    every harness built into a fresh cache dir, then run with minimal
 *                 batches (wall time of that whole run)          ≤ 90 s
 *   warm table    the whole default table with a warm cache      ≤ 15 s per run
 *   first sample  run start → first `sample` event (warm)        ≤ 1 s
 *   fidelity      C via .so and cgo batches vs the standalone loop timed from
 *                 outside, median |difference| over the runs     ≤ 10 %
 *   stability     run-to-run spread of each runtime's median,
 *                 (max − min) / median over the runs, worst row  ≤ 5 %
 *
 * Usage: tsx scripts/bench-ffi.ts [--runs N (default 3)] [--only ids] [--json] [--keep-cache]
 * Exit status 0 when every goal is met, 1 otherwise.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { RunEvent, RunParams } from '../demos/protocol.ts';
import type { FfiResult } from '../demos/ffi-overhead/summary.ts';
import { isFfiRuntimeId } from '../demos/ffi-overhead/runtimes.ts';
import { median, max, min } from '../demos/stats/stats.ts';
import { openEngine } from '../server/engine/open-engine.ts';
import { runDemoToEnd } from '../server/engine/run-to-end.ts';
import { collectMachineInfo } from '../server/recordings/machine-info.ts';

type Goal = { goal: string; target: string; measured: string; ok: boolean | null; detail?: string };

type Measured = { wallMs: number; firstSampleMs: number | null; result: FfiResult | null; errors: string[] };

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
  const ids = values.only.split(',').map((s) => s.trim());
  const bad = ids.filter((id) => !isFfiRuntimeId(id));
  if (bad.length) {
    console.error(`bench-ffi: unknown runtime ${bad.join(', ')}`);
    process.exit(2);
  }
  params.runtimes = ids;
}

const cacheDir = await mkdtemp(join(tmpdir(), 'bench-ffi-cache-'));
const { engine } = await openEngine({ cacheDir, record: false, log: (m) => console.error(m) });

async function measure(label: string, runParams: RunParams): Promise<Measured> {
  const started = performance.now();
  let firstSampleMs: number | null = null;
  const errors: string[] = [];
  const { events, end } = await runDemoToEnd(engine, 'ffi-overhead', runParams, {
    onEvent: (event: RunEvent) => {
      if (event.type === 'sample' && firstSampleMs === null) firstSampleMs = event.tMs;
      if (event.type === 'error') errors.push(`${event.source ?? ''} ${event.code}: ${event.message}`);
    },
  });
  const wallMs = performance.now() - started;
  const found = events.find((e) => e.type === 'result');
  const result = found?.type === 'result' ? (found.data as unknown as FfiResult) : null;
  console.error(`${label}: ${(wallMs / 1000).toFixed(1)} s, first sample ${firstSampleMs ?? '–'} ms, ${end.outcome}${errors.length ? `, ${errors.length} errors` : ''}`);
  for (const e of errors) console.error(`  ${e}`);
  return { wallMs, firstSampleMs, result, errors };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const goals: Goal[] = [];

try {
  // Cold: fresh cache dir, every harness compiled; batches kept minimal so the build dominates.
  const cold = await measure('cold build', { ...params, batches: 1, batchMs: 5 });
  goals.push({ goal: 'cold build of every harness (+ minimal run)', target: '≤ 90 s', measured: seconds(cold.wallMs), ok: cold.wallMs <= 90_000 });

  const warm: Measured[] = [];
  for (let i = 0; i < runs; i++) warm.push(await measure(`warm run ${i + 1}/${runs}`, params));

  const walls = warm.map((w) => w.wallMs);
  goals.push({
    goal: 'whole table, warm cache (default params)',
    target: '≤ 15 s',
    measured: `${seconds(median(walls))} median (${seconds(min(walls))}–${seconds(max(walls))})`,
    ok: max(walls) <= 15_000,
  });
  const firsts = warm.map((w) => w.firstSampleMs).filter((v): v is number => v !== null);
  goals.push({
    goal: 'start → first sample (warm)',
    target: '≤ 1 s',
    measured: firsts.length ? `${Math.round(median(firsts))} ms median (max ${Math.round(max(firsts))} ms)` : 'no sample',
    ok: firsts.length === warm.length && max(firsts) <= 1000,
  });

  for (const id of ['c-so', 'go-cgo'] as const) {
    const diffs = warm
      .map((w) => w.result?.fidelity.find((f) => f.id === id)?.differencePct)
      .filter((v): v is number => typeof v === 'number');
    goals.push({
      goal: `fidelity ${id}: batches vs standalone loop`,
      target: '≤ 10 %',
      measured: diffs.length ? `${median(diffs.map(Math.abs)).toFixed(1)} % median |diff| (runs: ${diffs.map((d) => `${d >= 0 ? '+' : ''}${d.toFixed(1)}`).join(', ')} %)` : 'not measured',
      ok: diffs.length ? median(diffs.map(Math.abs)) <= 10 : null,
    });
  }

  const rowIds = warm[0]?.result?.rows.filter((r) => r.group !== 'fidelity').map((r) => r.id) ?? [];
  const stability = (clock: 'medianNs' | 'cpuMedianNs', name: string, gate: boolean): void => {
    const spreads = rowIds
      .map((id) => {
        const medians = warm
          .map((w) => w.result?.rows.find((r) => r.id === id)?.[clock])
          .filter((v): v is number => typeof v === 'number');
        return { id, spreadPct: medians.length === warm.length ? ((max(medians) - min(medians)) / median(medians)) * 100 : NaN, medians };
      })
      .filter((s) => Number.isFinite(s.spreadPct));
    const worst = spreads.reduce<(typeof spreads)[number] | undefined>((a, b) => (a === undefined || b.spreadPct > a.spreadPct ? b : a), undefined);
    const within = spreads.filter((s) => s.spreadPct <= 5).length;
    goals.push({
      goal: `run-to-run spread of medians, ${name} (${runs} runs)`,
      target: gate ? '≤ 5 %' : '(context)',
      measured: worst ? `worst ${worst.id} ${worst.spreadPct.toFixed(1)} %; ${within}/${spreads.length} rows within 5 %; median row ${median(spreads.map((s) => s.spreadPct)).toFixed(1)} %` : 'not measured',
      ok: gate ? (worst ? worst.spreadPct <= 5 : null) : null,
      detail: spreads.map((s) => `${s.id} ${s.spreadPct.toFixed(1)} % [${s.medians.map((m) => m.toFixed(2)).join(', ')}]`).join('; '),
    });
  };
  stability('medianNs', 'wall clock (the figure shown)', true);
  stability('cpuMedianNs', 'CPU clock', false);
  const shares = warm.flatMap((w) => w.result?.rows.map((r) => r.cpuSharePct).filter((v): v is number => typeof v === 'number') ?? []);
  if (shares.length) {
    goals.push({ goal: 'CPU share of batch wall time (all rows, all runs)', target: '(context: 100 % = quiet)', measured: `${median(shares).toFixed(0)} % median, ${min(shares).toFixed(0)} % lowest`, ok: null });
  }

  const machine = await collectMachineInfo(await engine.toolchains());
  const loadavg = (await import('node:os')).loadavg();
  if (values.json) {
    console.log(JSON.stringify({ goals, machine, loadavg, runs: warm.map((w) => ({ wallMs: w.wallMs, firstSampleMs: w.firstSampleMs, result: w.result })) }, null, 2));
  } else {
    const widths = [0, 0, 0];
    const rows = goals.map((g) => [g.goal, g.target, g.measured, g.ok === null ? 'n/a' : g.ok ? 'PASS' : 'FAIL']);
    for (const row of rows) for (let i = 0; i < 3; i++) widths[i] = Math.max(widths[i]!, row[i]!.length);
    for (const row of rows) console.log(row.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c)).join('  '));
    console.log('');
    for (const g of goals) if (g.detail) console.log(`${g.goal}: ${g.detail}`);
    console.log(`machine: ${machine.cpuModel} × ${machine.cpuCount}, ${machine.os}; load average ${loadavg.map((l) => l.toFixed(2)).join(' ')}`);
  }
  process.exitCode = goals.every((g) => g.ok !== false) ? 0 : 1;
} finally {
  await engine.close();
  if (!values['keep-cache']) await rm(cacheDir, { recursive: true, force: true });
}
