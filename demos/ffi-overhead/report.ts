/**
 * Text renderers of the FFI table for terminals and documents: a fixed-width table
 * (`npm run bench`) and GitHub Markdown (`--markdown`). They only format an FfiResult
 * (summary.ts); no statistics here. Pure.
 */
import type { MachineInfo } from '../protocol.ts';
import { machineSpeedLine } from '../stats/machine-speed.ts';
import { processSpan, type FfiResult, type FfiRow } from './summary.ts';

/** ReportOptions add what the table alone does not say. */
export interface ReportOptions {
  machine?: MachineInfo;
  /** Include the fidelity rows (standalone loops) in the table itself. */
  includeFidelityRows?: boolean;
}

const ns = (v: number | null): string => (v === null ? '–' : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));
const times = (v: number | null): string => (v === null ? '–' : `${v < 10 ? v.toFixed(2) : v.toFixed(1)}x`);
const pct = (v: number | null): string => (v === null ? '–' : `±${(v / 2).toFixed(1)}%`);

function cells(row: FfiRow): string[] {
  const status = row.state === 'done' ? row.flag ?? '' : row.message ?? row.state;
  return [
    row.label,
    row.talk2018Ns === null ? '' : ns(row.talk2018Ns),
    ns(row.medianNs),
    ns(row.minNs),
    pct(row.spreadPct),
    ns(row.cpuMedianNs),
    row.cpuSharePct === null ? '–' : `${Math.round(row.cpuSharePct)}%`,
    row.machine.rateGHz === null ? '–' : row.machine.rateGHz.toFixed(2),
    times(row.ratioToCSo),
    times(row.ratioToCDirect),
    row.processes === null ? `${row.batches}` : `${row.processes}×${row.processes > 0 ? Math.round(row.batches / row.processes) : 0}`,
    row.fullClock === null ? '–' : `${row.fullClock.keptBatches}/${row.fullClock.batches}`,
    row.version ?? '',
    status,
  ];
}

const header = ['runtime', '2018 ns', 'median ns', 'min ns', 'spread', 'cpu ns', 'cpu %', 'GHz', 'x C .so', 'x C direct', 'procs×batches', 'full clock', 'version', 'status'];
const numeric = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);

const thousands = (n: number): string => n.toLocaleString('en-US');

/**
 * fullClockLine says which batches the figures are made of: those whose own sentinel read
 * full clock, how many of them, and the rows that had none (their figures use every batch);
 * null when the run's batches carried no readings (a recording made before). `short` is the
 * slide's version (the count and the rows without any); the full one adds the span per row
 * and the clock.
 */
export function fullClockLine(result: FfiResult, short = false): string | null {
  const f = result.fullClock;
  if (!f) return null;
  const counted = result.rows.filter((r) => r.group !== 'fidelity' && r.fullClock && r.fullClock.batches > 0);
  const kept = counted.map((r) => r.fullClock!.keptBatches);
  const none = counted.filter((r) => r.fullClock!.keptBatches === 0).map((r) => r.label);
  const fallback = none.length > 0 ? `; none at full clock, so all batches: ${none.join(', ')}` : '';
  const count = `full clock only: ${thousands(f.keptBatches)} of ${thousands(f.batches)} batches`;
  if (short) return `${count}${fallback}`;
  const perRow = kept.length > 0 ? `, ${Math.min(...kept)}–${Math.max(...kept)} per row` : '';
  return `${count} kept${perRow} (the sentinels on both sides of each ≥ ${f.minGHz.toFixed(2)} GHz, 90 % of the run’s ${f.referenceGHz.toFixed(2)})${fallback}`;
}

function rowsOf(result: FfiResult, options: ReportOptions): FfiRow[] {
  return options.includeFidelityRows ? result.rows : result.rows.filter((r) => r.group !== 'fidelity');
}

function footer(result: FfiResult, options: ReportOptions): string[] {
  const lines: string[] = [];
  const r = result.cgo.ratioToCSo;
  lines.push(`cgo / C via .so: ${r === null ? '–' : times(r)} today; 2018: ${times(result.cgo.talk2018Ratio)} (${result.cgo.talk2018Ns} ns / 2.364 ns).`);
  for (const f of result.fidelity) {
    const diff = f.differencePct === null ? '–' : `${f.differencePct >= 0 ? '+' : ''}${f.differencePct.toFixed(1)}%`;
    lines.push(`fidelity ${f.id}: batches ${ns(f.harnessNs)} ns vs standalone loop ${ns(f.standaloneNs)} ns (${diff})`);
  }
  const clock = fullClockLine(result);
  if (clock) lines.push(`${clock}.`);
  lines.push(machineSpeedLine(result.machineSpeed));
  if (result.machineSpeed.reasons.length > 0) lines.push(`why flagged: ${result.machineSpeed.reasons.join('; ')}`);
  if (result.slowRounds.length > 0) lines.push(`slow phase in round ${result.slowRounds.join(', ')} of ${result.rounds}: medians and per-round ratios ride it out.`);
  const [fewest, most] = (processSpan(result.rows) ?? `${result.rounds ?? '?'}`).split('–');
  const quick = most ? `, ${most} for rows whose processes start quickly` : '';
  lines.push(`median: median over ${fewest} interleaved rounds${quick} (one fresh process per runtime each) of each process’s median batch${result.fullClock ? ' at full clock' : ''}, monotonic wall clock; min: fastest batch; spread = ± half the p10–p90 range of the per-process medians; ratios: median of the per-round ratios.`);
  lines.push('cpu ns: median by the harness’s CPU clock (time descheduled left out); cpu %: share of wall time it had the CPU; GHz: effective clock rate of the machine-speed sentinel in that harness (next to the batches kept); full clock: batches kept / timed.');
  lines.push(`2018 figures: ${result.talk2018.table} (${result.talk2018.machine}).`);
  if (result.conditions) {
    const c = result.conditions;
    lines.push(`load average (1 min): ${c.loadAvgStart.toFixed(2)} at start, ${c.loadAvgEnd.toFixed(2)} at end, on ${c.cpuCount} CPUs${Math.max(c.loadAvgStart, c.loadAvgEnd) > c.cpuCount * 0.75 ? ' (busy machine: wall-clock figures are inflated and noisy)' : ''}`);
  }
  if (options.machine) {
    const m = options.machine;
    lines.push(`machine: ${m.cpuModel} × ${m.cpuCount}, ${m.os}, kernel ${m.kernel}, ${m.arch}`);
  }
  return lines;
}

/** formatFfiTable renders the result as an aligned plain-text table. */
export function formatFfiTable(result: FfiResult, options: ReportOptions = {}): string {
  const body = rowsOf(result, options).map(cells);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (row: string[]): string =>
    row.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line), '', ...footer(result, options)].join('\n');
}

/** formatFfiMarkdown renders the result as a GitHub Markdown table plus notes. */
export function formatFfiMarkdown(result: FfiResult, options: ReportOptions = {}): string {
  const esc = (s: string): string => s.replaceAll('|', '\\|');
  const body = rowsOf(result, options).map((row) => `| ${cells(row).map(esc).join(' | ')} |`);
  const align = header.map((_, i) => (numeric.has(i) ? '---:' : '---'));
  return [`| ${header.join(' | ')} |`, `| ${align.join(' | ')} |`, ...body, '', ...footer(result, options).map((l) => `- ${l}`)].join('\n');
}
