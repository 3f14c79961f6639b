/**
 * The preflight's checks that touch the machine: the doctor's toolchains and sandbox,
 * Chromium for the export, the go-releases toolchains in the cache (fetched with
 * --fetch), the machine-speed sentinel, and one run of a demo through the engine. Each
 * prints its progress through `print` and returns its rows (judged by the pure modules
 * next to it).
 */
import type { DemoManifest } from '../../demos/define-demo.ts';
import type { RunEvent, RunParams, ToolchainInfo } from '../../demos/protocol.ts';
import { goVersionLabel } from '../../demos/go-shared/go-version.ts';
import { parseReleaseSelection, resolveReleases, type PlannedRelease } from '../../demos/go-releases/release-list.ts';
import { buildOutcomeOf } from '../../server/build-cache/build-cache.ts';
import { formatDemoAvailability, formatSandboxStatus, formatToolchainTable } from '../../server/cli/doctor-report.ts';
import { EngineError, type Engine } from '../../server/engine/engine.ts';
import { runDemoToEnd } from '../../server/engine/run-to-end.ts';
import { createProcessRunner } from '../../server/process/process-runner.ts';
import { machineSpeedOf } from '../../server/recordings/recording-guard.ts';
import type { Sandbox } from '../../server/sandbox/sandbox.ts';
import { cachedGoRelease, fetchGoReleases, type FetchOutcome } from '../../server/toolchains/go-release-cache.ts';
import { toToolchainReport } from '../../server/toolchains/detect.ts';
import { chromiumPath, launchBrowser } from '../../tests/e2e/harness.ts';
import { fetchProgressPrinter } from '../fetch-progress.ts';
import { demoRows } from './demo-rows.ts';
import { goReleasesRow, releaseStates, type ReleaseState } from './go-releases-row.ts';
import { machineRow } from './machine-row.ts';
import type { PreflightRow, Verdict } from './table.ts';

/** Print writes one line of the preflight's log. */
export type Print = (line: string) => void;

/** checkToolchains prints the doctor's table and says how many toolchains are here. */
export function checkToolchains(list: readonly ToolchainInfo[], manifests: readonly DemoManifest[], ms: number, print: Print): PreflightRow {
  print(formatToolchainTable(list));
  print('');
  print(formatDemoAvailability(manifests, list));
  const missing = list.filter((item) => !item.found).map((item) => item.id);
  return {
    check: 'toolchains (npm run doctor)',
    verdict: missing.length === 0 ? 'go' : 'warn',
    ms,
    detail: missing.length === 0 ? `all ${list.length} found` : `${list.length - missing.length} of ${list.length} found; missing: ${missing.join(', ')} (the demo rows say what each one costs)`,
  };
}

/** checkSandbox prints the doctor's sandbox line: whether the pointer-rules editor can run edited code. */
export async function checkSandbox(sandbox: Sandbox, print: Print): Promise<PreflightRow> {
  const started = performance.now();
  const status = await sandbox.status();
  print(formatSandboxStatus(status));
  return { check: 'edited code (sandbox)', verdict: status.available ? 'go' : 'warn', ms: performance.now() - started, detail: status.summary };
}

/** checkChromium launches the Chromium `npm run export` uses, headless, and closes it. */
export async function checkChromium(print: Print): Promise<PreflightRow> {
  const started = performance.now();
  try {
    const browser = await launchBrowser();
    const version = browser.version();
    await browser.close();
    print(`Chromium ${version} at ${chromiumPath} starts headless`);
    return { check: 'Chromium for npm run export', verdict: 'go', ms: performance.now() - started, detail: `Chromium ${version} (${chromiumPath})` };
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0] ?? 'it does not start';
    print(`Chromium at ${chromiumPath}: ${reason}`);
    return { check: 'Chromium for npm run export', verdict: 'warn', ms: performance.now() - started, detail: `not usable (${reason}): apt-get install chromium, or set CHROMIUM_PATH` };
  }
}

/** GoReleasesCheck is the cache row and whether every release the slide compares is there. */
export interface GoReleasesCheck {
  row: PreflightRow;
  ready: boolean;
}

/** checkGoReleases looks for the releases of the slide's `releases` param in the cache, fetching what is missing when `fetch`. */
export async function checkGoReleases(params: RunParams, list: readonly ToolchainInfo[], cacheDir: string, fetch: boolean, print: Print): Promise<GoReleasesCheck> {
  const started = performance.now();
  const go = toToolchainReport(list).go;
  const selection = parseReleaseSelection(typeof params.releases === 'string' ? params.releases : 'stage');
  if (!selection.ok) return { row: { check: 'go-releases toolchains cached', verdict: 'no-go', ms: 0, detail: selection.message }, ready: false };
  const planned: PlannedRelease[] = resolveReleases(selection.requests, go?.found ? goVersionLabel(go.version) : undefined);
  const cached = new Set<string>();
  for (const release of planned) if (release.source === 'listed' && (await cachedGoRelease(cacheDir, release.version))) cached.add(release.version);
  let fetched: FetchOutcome[] = [];
  const toFetch = planned.filter((release) => release.source === 'listed' && !release.missing && !cached.has(release.version));
  if (fetch && toFetch.length > 0) {
    if (go?.found && go.path) {
      print(`fetching ${toFetch.map((release) => release.version).join(', ')} into ${cacheDir}/go-releases`);
      fetched = await fetchGoReleases(toFetch, { cacheDir, go: go.path, exec: createProcessRunner().exec, onProgress: fetchProgressPrinter((line) => print(`  ${line}`)) });
    } else {
      print('cannot fetch Go releases: the installed go command does the fetching, and none was found');
    }
  }
  const states: ReleaseState[] = releaseStates(planned, cached, fetched);
  for (const state of states) print(`${state.release.version.padEnd(10)}  ${state.state}${state.reason ? `: ${state.reason}` : ''}`);
  const row = goReleasesRow(states, performance.now() - started);
  return { row, ready: states.every((state) => state.state !== 'not cached') };
}

/** sentinelParams is the shortest FFI run that still gives a machine-speed check: C via .so, three fresh processes (ten sentinel readings each, one per batch). */
export const sentinelParams: RunParams = { runtimes: ['c-so'], batchesPerProcess: 10, processes: 3 };

/** checkMachine runs the machine-speed sentinel (a short FFI run) and judges the machine: quiet enough to measure? */
export async function checkMachine(engine: Engine, list: readonly ToolchainInfo[], signal: AbortSignal, print: Print): Promise<PreflightRow> {
  const started = performance.now();
  const ffi = engine.demo('ffi-overhead')?.manifest;
  if (!ffi) return machineRow(undefined, 0, 'no ffi-overhead demo (its harnesses carry the sentinel)');
  if (!list.find((item) => item.id === 'cc')?.found) return machineRow(undefined, 0, 'no C compiler to build the sentinel');
  print('timing the sentinel in three fresh processes (ffi-overhead, C via .so) …');
  try {
    const { events, end } = await runDemoToEnd(engine, 'ffi-overhead', sentinelParams, { signal, onEvent: (event) => printProgress(event, print) });
    const check = machineSpeedOf(events);
    const failure = end.outcome === 'ok' ? undefined : `the sentinel's run ended ${end.outcome}`;
    return machineRow(end.outcome === 'ok' ? check : undefined, performance.now() - started, failure);
  } catch (error) {
    return machineRow(undefined, performance.now() - started, (error as Error).message);
  }
}

/** DeckRun is one distinct run of the deck: a demo with one slide's params, and every slide showing it. */
export interface DeckRun {
  manifest: DemoManifest;
  params: RunParams;
  slides: string[];
}

/** DemoRunOptions say whether to run and what to do instead. */
export interface DemoRunOptions {
  list: readonly ToolchainInfo[];
  /** Do not run it: the verdict and reason to show instead (--skip-runs, Go releases not cached). */
  notRun?: { verdict: Verdict; reason: string };
  signal: AbortSignal;
  print: Print;
}

/** checkDemoRun runs one deck run (unless told not to, or it cannot) and judges it. */
export async function checkDemoRun(engine: Engine, run: DeckRun, options: DemoRunOptions): Promise<PreflightRow[]> {
  const check = `${run.manifest.id} ${run.slides.map((slide) => `#/${slide}`).join(' ')}`;
  const base = { check, manifest: run.manifest, params: run.params, toolchains: options.list };
  if (options.signal.aborted) return demoRows({ ...base, notRun: { verdict: 'skipped', reason: 'not run (interrupted)' } });
  const judgedStatic = demoRows({ ...base, notRun: options.notRun ?? { verdict: 'skipped', reason: 'not run' } });
  // A demo that cannot start (a toolchain missing, params refused) is judged without a run.
  if (options.notRun || judgedStatic[0]?.verdict === 'no-go') return judgedStatic;
  const started = performance.now();
  try {
    const { events } = await runDemoToEnd(engine, run.manifest.id, run.params, { signal: options.signal, onEvent: (event) => printProgress(event, options.print) });
    const rows = demoRows({ ...base, run: { events, ms: performance.now() - started } });
    options.print(`${rows[0]?.verdict === 'no-go' ? 'NO-GO' : rows[0]?.verdict}: ${rows[0]?.detail}`);
    return rows;
  } catch (error) {
    const message = error instanceof EngineError ? `${error.message}${error.issues.length ? `: ${error.issues.join('; ')}` : ''}` : (error as Error).message;
    return demoRows({ ...base, refused: message });
  }
}

/** printProgress prints a run's status lines, its builds (start and outcome) and its errors. */
function printProgress(event: RunEvent, print: Print): void {
  if (event.type === 'status') print(`  ${event.message}`);
  else if (event.type === 'progress' && (buildOutcomeOf(event.message) || /: building \(\d+ steps?\)$/.test(event.message))) print(`  ${event.message}`);
  else if (event.type === 'progress' && event.step === 'fetch') print(`  ${event.message}`);
  else if (event.type === 'error') print(`  error${event.source ? ` (${event.source})` : ''}: ${event.message}`);
}
