/**
 * The preflight's go / no-go table: one row per check, each with its verdict, how long it
 * took and what it found. Pure formatting and the one rule for the exit status:
 *
 *   go       ready
 *   warn     ready, but something is weaker than it could be (an FFI row whose toolchain
 *            is missing, a machine too busy to measure, Go releases not fetched yet):
 *            the talk works, exit status 0
 *   no-go    a demo on the deck cannot run (its toolchain is missing, its run fails, its
 *            result does not pass its schema): exit status 1
 *   skipped  not checked this time (--skip-runs, --only): neither
 */

/** Verdict is one row's outcome. */
export type Verdict = 'go' | 'warn' | 'no-go' | 'skipped';

/** PreflightRow is one line of the table. */
export interface PreflightRow {
  /** What was checked: "toolchains", "ffi-overhead #/ffi-today", "  row LuaJIT FFI". */
  check: string;
  verdict: Verdict;
  /** How long the check took, ms (absent: no time of its own, e.g. a row of a demo). */
  ms?: number;
  detail: string;
  /** A row under the one before it (a demo's optional row). */
  sub?: boolean;
}

/** formatSeconds writes a duration as the table does: "0.4 s", "12.3 s", "2 min 05 s". */
export function formatSeconds(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

const verdictLabel: Record<Verdict, string> = { go: 'go', warn: 'warn', 'no-go': 'NO-GO', skipped: 'skipped' };

/** formatPreflightTable aligns the rows under a header: check, verdict, time, detail. */
export function formatPreflightTable(rows: readonly PreflightRow[]): string {
  const cells = [['check', 'verdict', 'time', 'detail'], ...rows.map((row) => [`${row.sub ? '  ' : ''}${row.check}`, verdictLabel[row.verdict], row.ms === undefined ? '' : formatSeconds(row.ms), row.detail])];
  const widths = [0, 1, 2].map((col) => Math.max(...cells.map((line) => line[col]!.length)));
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the detail column has no width to pad to (and ends the line)
  return cells.map((line) => line.map((cell, col) => (col < 3 ? cell.padEnd(widths[col]!) : cell)).join('  ').trimEnd()).join('\n');
}

/** Outcome is the whole preflight's answer. */
export interface Outcome {
  go: boolean;
  exitCode: 0 | 1;
  /** One line: "GO: …" or "NO-GO: …". */
  summary: string;
}

/** outcomeOf judges the rows: no-go when any row is, with the no-go checks named. */
export function outcomeOf(rows: readonly PreflightRow[], totalMs: number): Outcome {
  const noGo = rows.filter((row) => row.verdict === 'no-go');
  const warnings = rows.filter((row) => row.verdict === 'warn').length;
  const skipped = rows.filter((row) => row.verdict === 'skipped').length;
  const notes = [warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : '', skipped ? `${skipped} skipped` : '', `${formatSeconds(totalMs)} in all`].filter(Boolean).join(', ');
  if (noGo.length > 0) {
    return { go: false, exitCode: 1, summary: `NO-GO: ${noGo.map((row) => row.check.trim()).join('; ')} (${notes})` };
  }
  return { go: true, exitCode: 0, summary: `GO: every demo checked on the deck can run (${notes})` };
}
