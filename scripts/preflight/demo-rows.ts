/**
 * demoRows judges one demo of the deck for the preflight, from what is known without
 * running it (its toolchains, the toolchains of its optional rows) and, when it ran, from
 * the run's events: it ended ok, its one result passes the demo's result schema, which
 * builds were warm, and for a timing demo whether its machine-speed check vouches for the
 * figures. Pure: the caller runs the demo and detects the toolchains.
 *
 *   no-go  a required toolchain is missing, the slide's params are refused, the run did
 *          not end ok, or its result is missing or does not pass the schema
 *   warn   an optional row cannot run (its toolchain is missing, its build failed …), or
 *          a timing demo's figures were flagged by its machine-speed check
 *   go     it ran, ok, its result parsed, its figures (if timed) vouched for
 */
import type { DemoManifest } from '../../demos/define-demo.ts';
import type { RunEvent, RunParams, ToolchainInfo } from '../../demos/protocol.ts';
import { buildOutcomeOf } from '../../server/build-cache/build-cache.ts';
import { missingRequirements } from '../../server/cli/doctor-report.ts';
import { machineSpeedOf, untrustworthyReasons } from '../../server/recordings/recording-guard.ts';
import { formatSeconds, type PreflightRow, type Verdict } from './table.ts';

/** DemoCheck is what is known about one demo run of the deck. */
export interface DemoCheck {
  /** The row's name: "ffi-overhead #/ffi-today". */
  check: string;
  manifest: DemoManifest;
  /** The slide's params (its `@demo` line). */
  params: RunParams;
  toolchains: readonly ToolchainInfo[];
  /** The run's events and how long it took, when it ran. */
  run?: { events: readonly RunEvent[]; ms: number };
  /** Why it did not run, and what that means (skipped for --skip-runs; warn for Go releases not fetched). */
  notRun?: { verdict: Verdict; reason: string };
  /** The engine refused to start it (the message). */
  refused?: string;
}

/** hintsFor joins the install hints of missing toolchain ids. */
function hintsFor(ids: readonly string[], toolchains: readonly ToolchainInfo[]): string {
  const hints = ids.map((id) => toolchains.find((t) => t.id === id)?.installHint).filter((hint): hint is string => Boolean(hint));
  return hints.length > 0 ? ` (install: ${hints.join('; ')})` : '';
}

/** demoRows returns the demo's row and, under it, a row for each optional row that cannot run. */
export function demoRows(check: DemoCheck): PreflightRow[] {
  const { manifest, toolchains } = check;
  const missing = missingRequirements(manifest.requires, toolchains);
  if (missing.length > 0) {
    return [{ check: check.check, verdict: 'no-go', detail: `cannot run: ${missing.join(', ')} missing${hintsFor(missing, toolchains)}` }];
  }
  const parsed = manifest.params.safeParse(check.params);
  if (!parsed.success) {
    return [{ check: check.check, verdict: 'no-go', detail: `the slide's params are refused: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(params)'}: ${i.message}`).join('; ')}` }];
  }
  const subRows: PreflightRow[] = [];
  const reported = new Set<string>();
  for (const row of manifest.optionalRows?.(parsed.data) ?? []) {
    const lacking = missingRequirements(row.requires, toolchains);
    if (lacking.length === 0) continue;
    reported.add(row.id);
    subRows.push({ check: `row ${row.label}`, verdict: 'warn', sub: true, detail: `${lacking.join(', ')} missing: the row shows "missing"${hintsFor(lacking, toolchains)}` });
  }
  const main = mainRow(check, reported, subRows);
  return [main, ...subRows];
}

/** mainRow is the demo's own row; it adds the run's row errors to `subRows`. */
function mainRow(check: DemoCheck, reported: Set<string>, subRows: PreflightRow[]): PreflightRow {
  if (check.refused !== undefined) return { check: check.check, verdict: 'no-go', detail: `refused: ${check.refused}` };
  if (!check.run) {
    const { verdict, reason } = check.notRun ?? { verdict: 'skipped' as const, reason: 'not run' };
    const needs = check.manifest.requires.length > 0 ? `: ${check.manifest.requires.join(', ')} found` : '';
    return { check: check.check, verdict, detail: `${reason}; what it needs is here${needs}` };
  }
  const { events, ms } = check.run;
  // Stryker disable next-line MethodExpression,ConditionalExpression: `end` is always a run's last event, so the last event, the first end and the last end are one
  const end = [...events].reverse().find((event) => event.type === 'end');
  const errors = events.filter((event) => event.type === 'error');
  if (end?.type !== 'end' || end.outcome !== 'ok') {
    const last = errors.at(-1);
    const why = last?.type === 'error' ? `: ${last.message}` : '';
    return { check: check.check, verdict: 'no-go', ms, detail: `the run ${end?.type === 'end' ? `ended ${end.outcome}` : 'did not end'}${why}` };
  }
  const results = events.filter((event) => event.type === 'result');
  // Stryker disable next-line ConditionalExpression,OptionalChaining: `results` holds result events only, and one when its length is 1; the test narrows the type
  if (results.length !== 1 || results[0]?.type !== 'result') return { check: check.check, verdict: 'no-go', ms, detail: `the run gave ${results.length} results, not one` };
  const result = check.manifest.result.safeParse(results[0].data);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`);
    return { check: check.check, verdict: 'no-go', ms, detail: `its result does not pass the demo's result schema: ${issues.join('; ')}` };
  }
  for (const error of errors) {
    // Stryker disable next-line ConditionalExpression: `errors` holds error events only; the test narrows the type
    if (error.type !== 'error') continue;
    const source = error.source ?? 'the run';
    if (reported.has(source)) continue;
    reported.add(source);
    subRows.push({ check: `row ${source}`, verdict: 'warn', sub: true, detail: error.message });
  }
  const parts = [`ran ok, result passes its schema`, buildSummary(events)];
  let verdict: Verdict = 'go';
  const speed = machineSpeedOf(events);
  if (speed) {
    const against = untrustworthyReasons(speed);
    if (against.length > 0) verdict = 'warn';
    parts.push(against.length > 0 ? `figures flagged by the machine-speed check: ${against.join('; ')}` : 'figures vouched for by the machine-speed check');
  }
  return { check: check.check, verdict, ms, detail: parts.join('; ') };
}

/** buildSummary counts the run's builds: warm (cached) and built now, with the time they took. */
export function buildSummary(events: readonly RunEvent[]): string {
  let cached = 0;
  let built = 0;
  let seconds = 0;
  for (const event of events) {
    if (event.type !== 'progress') continue;
    const outcome = buildOutcomeOf(event.message);
    if (outcome?.kind === 'cached') cached += 1;
    if (outcome?.kind === 'built') {
      built += 1;
      seconds += outcome.seconds;
    }
  }
  // Some demos build as part of what they show (go build -x, edited code): nothing cached.
  if (cached + built === 0) return 'no cached builds';
  if (built === 0) return `${cached} build${cached === 1 ? '' : 's'} warm`;
  const fresh = `${built} built now (${formatSeconds(seconds * 1000)})`;
  return cached === 0 ? fresh : `${cached} build${cached === 1 ? '' : 's'} warm, ${fresh}`;
}
