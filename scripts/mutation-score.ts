/**
 * Mutation scores from StrykerJS's JSON report (the mutation-testing-report-schema: files →
 * mutants, each with a status) and the table `npm run mutate` prints. Pure.
 *
 * Score = detected / (detected + undetected): killed and timed-out mutants are detected;
 * survivors and mutants no test even runs are not. Mutants that do not compile or crash
 * the run, and those a `// Stryker disable` comment turns off, count for neither side
 * (the same definition as Stryker's own "mutation score").
 */

/** MutantStatus is a mutant's fate in the report. */
export type MutantStatus = 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';

/** MutationReport is the part of Stryker's JSON report read here. */
export interface MutationReport {
  files: Record<string, { mutants: Array<{ status: MutantStatus; mutatorName?: string; location?: { start: { line: number } }; replacement?: string }> }>;
}

/** ModuleScore counts one module's mutants. */
export interface ModuleScore {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  /** Mutants that did not compile or broke the test run (not counted in the score). */
  invalid: number;
  /** Mutants turned off by `// Stryker disable` comments. */
  ignored: number;
  /** The score in percent, NaN when no valid mutant was made. */
  scorePct: number;
}

/** scoreReport counts the mutants of every file in a report. */
export function scoreReport(report: MutationReport): ModuleScore {
  const count = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, invalid: 0, ignored: 0 };
  for (const file of Object.values(report.files)) {
    for (const mutant of file.mutants) {
      if (mutant.status === 'Killed') count.killed += 1;
      else if (mutant.status === 'Timeout') count.timeout += 1;
      else if (mutant.status === 'Survived') count.survived += 1;
      else if (mutant.status === 'NoCoverage') count.noCoverage += 1;
      else if (mutant.status === 'Ignored') count.ignored += 1;
      else count.invalid += 1;
    }
  }
  const detected = count.killed + count.timeout;
  const valid = detected + count.survived + count.noCoverage;
  return { ...count, scorePct: valid === 0 ? NaN : (detected / valid) * 100 };
}

/** Survivor is one undetected mutant, for the list of tests still missing. */
export interface Survivor {
  file: string;
  line: number;
  mutator: string;
  replacement: string;
}

/** survivorsOf lists a report's undetected mutants, by file and line. */
export function survivorsOf(report: MutationReport): Survivor[] {
  const list: Survivor[] = [];
  for (const [file, { mutants }] of Object.entries(report.files)) {
    for (const mutant of mutants) {
      if (mutant.status !== 'Survived' && mutant.status !== 'NoCoverage') continue;
      list.push({ file, line: mutant.location?.start.line ?? 0, mutator: mutant.mutatorName ?? '?', replacement: mutant.replacement ?? '' });
    }
  }
  return list.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/** DisableComment is one `// Stryker disable` line of a module's source. */
export interface DisableComment {
  line: number;
  /** The reason after the colon, '' when none is given. */
  reason: string;
}

/**
 * disableCommentsIn finds the `Stryker disable` comments of a source text (`// Stryker
 * disable next-line all: reason` and block forms); `Stryker restore` lines are not counted.
 */
export function disableCommentsIn(source: string): DisableComment[] {
  const found: DisableComment[] = [];
  source.split('\n').forEach((text, index) => {
    const match = /\/[/*]\s*Stryker disable\b([^:\n]*)(?::(.*))?$/.exec(text);
    if (!match) return;
    found.push({ line: index + 1, reason: (match[2] ?? '').replace(/\*\/\s*$/, '').trim() });
  });
  return found;
}

/** TableRow is one module in the printed table. */
export interface TableRow {
  module: string;
  goalPct: number;
  /** undefined when the module has not been run (or its files are not there yet). */
  score: ModuleScore | undefined;
  disabled: number;
  disabledWithoutReason: number;
  /** A note such as "not run", "stale: source changed since". */
  note: string;
}

/** formatPct prints a percentage with one decimal, or "–". */
function formatPct(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(1)} %` : '–';
}

/** rowMet says whether a module reaches its goal (and has no disable comment without a reason). */
export function rowMet(row: TableRow): boolean {
  return row.score !== undefined && row.score.scorePct >= row.goalPct && row.disabledWithoutReason === 0;
}

/** formatTable renders the rows as an aligned text table with a verdict column. */
export function formatTable(rows: readonly TableRow[]): string {
  const header = ['module', 'score', 'goal', 'killed', 'timeout', 'survived', 'no cov', 'disabled', 'met', 'note'];
  const body = rows.map((row) => {
    const s = row.score;
    const disabled = row.disabledWithoutReason > 0 ? `${row.disabled} (${row.disabledWithoutReason} no reason)` : String(row.disabled);
    return [
      row.module,
      s ? formatPct(s.scorePct) : '–',
      `${row.goalPct} %`,
      s ? String(s.killed) : '',
      s ? String(s.timeout) : '',
      s ? String(s.survived) : '',
      s ? String(s.noCoverage) : '',
      disabled,
      s ? (rowMet(row) ? 'met' : 'NOT MET') : '',
      row.note,
    ];
  });
  const all = [header, ...body];
  const widths = header.map((_, col) => Math.max(...all.map((line) => line[col]!.length)));
  return all.map((line) => line.map((cell, col) => (col === 0 || col === line.length - 1 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  ').trimEnd()).join('\n');
}
