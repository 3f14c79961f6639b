/**
 * `npm run preflight` — on the talk's machine, before the talk: is everything the deck
 * needs here and working? In order, each with its progress:
 *
 *   1. every toolchain (the doctor's table) and the sandbox for edited code;
 *   2. Chromium for `npm run export`;
 *   3. the go-releases toolchains in the cache (`--fetch` fetches what is missing);
 *   4. the machine-speed sentinel and the load: quiet enough to measure, or not;
 *   5. every demo on the deck (its `@demo` lines; one run per distinct recording key) run
 *      once with its slide's params through the server's engine, warming its builds
 *      (built when missing), its result parsed by the demo's result schema and, for a
 *      timing demo, its machine-speed check read.
 *
 * Then a go / no-go table with times. Usage:
 *
 *   npm run preflight [-- --only ffi-overhead,stack-growth] [--skip-runs] [--fetch]
 *                        [--cache DIR (default .cache, the server's)] [--deck NAME (default the flagship)]
 *
 * `--skip-runs` checks everything but the demo runs (and so their builds): quick, and
 * still no-go for a demo whose toolchain is missing. Nothing is recorded: a preflight
 * never replaces a recording. Exit status: 0 go (warnings included: an FFI row whose
 * toolchain is missing, a busy machine, Go releases not fetched), 1 no-go (a demo on the
 * deck cannot run), 2 bad usage, 130 interrupted (the run going is cancelled).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { recordingKey } from '../demos/recording-key.ts';
import { DemoLoadError } from '../server/demos/load.ts';
import { openEngine, rootDirDefault } from '../server/engine/open-engine.ts';
import { deckDemoLines } from '../server/recordings/offered-variants.ts';
import { detectToolchains } from '../server/toolchains/detect.ts';
import { checkChromium, checkDemoRun, checkGoReleases, checkMachine, checkSandbox, checkToolchains, type DeckRun } from './preflight/checks.ts';
import { formatPreflightTable, outcomeOf, type PreflightRow } from './preflight/table.ts';
import { runMain, cancelOnInterrupt } from '../server/cli/cli-process.ts';
import { deckDirOf, UnknownDeckError } from '../server/decks/deck-demos.ts';
import { flagshipDeck } from '../slides/compiler/deck-folders.ts';

const usage = 'usage: npm run preflight [-- --only <demo,...>] [--skip-runs] [--fetch] [--cache DIR] [--deck NAME]';

function fail(message: string): number {
  console.error(`preflight: ${message}\n${usage}`);
  return 2;
}

/** deckRuns groups the deck's `@demo` lines into distinct runs (a display param such as the FFI table's view is not another run). */
function deckRuns(deckDir: string, manifests: ReadonlyMap<string, DeckRun['manifest']>): DeckRun[] {
  const runs = new Map<string, DeckRun>();
  for (const line of deckDemoLines(deckDir)) {
    const manifest = manifests.get(line.demo);
    if (!manifest) continue; // the deck's build names unknown demos; here they are not runs
    const key = recordingKey(manifest, line.params);
    const known = runs.get(key);
    if (known) known.slides.push(line.slide);
    else runs.set(key, { manifest, params: line.params, slides: [line.slide] });
  }
  return [...runs.values()];
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        only: { type: 'string' },
        'skip-runs': { type: 'boolean' },
        fetch: { type: 'boolean' },
        cache: { type: 'string' },
        deck: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return fail((error as Error).message);
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const started = performance.now();
  const print = (line: string): void => console.log(line);
  let deckDir: string;
  try {
    // A deck by its name, as record and the server's /api/demos?deck= take it.
    deckDir = deckDirOf(resolve(rootDirDefault, 'slides'), values.deck ?? flagshipDeck);
  } catch (error) {
    if (error instanceof UnknownDeckError) return fail(error.message);
    throw error;
  }
  const cacheDir = resolve(values.cache ?? resolve(rootDirDefault, '.cache'));

  let opened;
  try {
    opened = await openEngine({ record: false, cacheDir, log: (message) => print(`  ${message}`) });
  } catch (error) {
    console.error(error instanceof DemoLoadError ? error.message : `preflight: ${(error as Error).message}`);
    return 1;
  }
  const { engine, sandbox } = opened;
  const manifests = new Map(engine.demos().map((def) => [def.manifest.id, def.manifest] as const));
  let runs: DeckRun[];
  try {
    runs = deckRuns(deckDir, manifests);
  } catch (error) {
    await engine.close();
    return fail(`cannot read the deck in ${deckDir}: ${(error as Error).message}`);
  }
  const only = values.only?.split(',').map((id) => id.trim()).filter(Boolean);
  if (only) {
    const unknown = only.filter((id) => !runs.some((run) => run.manifest.id === id));
    if (unknown.length > 0 || only.length === 0) {
      await engine.close();
      const onDeck = [...new Set(runs.map((run) => run.manifest.id))].join(', ');
      return fail(`--only names ${unknown.length ? `demos not on the deck: ${unknown.join(', ')}` : 'no demo'} (on the deck: ${onDeck})`);
    }
    runs = runs.filter((run) => only.includes(run.manifest.id));
  }

  const interruption = cancelOnInterrupt('preflight: interrupted, cancelling the run going …');

  const rows: PreflightRow[] = [];
  const section = (title: string): void => print(`\n== ${title}`);
  try {
    print(`preflight: ${runs.length} demo run${runs.length === 1 ? '' : 's'} of the deck ${deckDir}${only ? ` (--only ${only.join(',')})` : ''}, cache ${cacheDir}`);
    section('Toolchains (npm run doctor)');
    const detectStarted = performance.now();
    const list = await detectToolchains();
    const selected = [...new Map(runs.map((run) => [run.manifest.id, run.manifest])).values()];
    rows.push(checkToolchains(list, selected, performance.now() - detectStarted, print));
    if (selected.some((manifest) => manifest.editable)) rows.push(await checkSandbox(sandbox, print));

    section('Chromium (npm run export)');
    rows.push(await checkChromium(print));

    const goReleases = runs.find((run) => run.manifest.id === 'go-releases');
    let releasesReady = true;
    if (goReleases) {
      section('Go releases of the go-releases slide');
      const checked = await checkGoReleases(goReleases.params, list, cacheDir, values.fetch ?? false, print);
      rows.push(checked.row);
      releasesReady = checked.ready;
    }

    section('Machine speed and load');
    rows.push(await checkMachine(engine, list, interruption.signal, print));

    section(`Demos on the deck${values['skip-runs'] ? ' (--skip-runs: not run)' : ''}`);
    for (const [index, run] of runs.entries()) {
      print(`[${index + 1}/${runs.length}] ${run.manifest.id} ${JSON.stringify(run.params)} (${run.slides.map((slide) => `#/${slide}`).join(', ')})`);
      let notRun: { verdict: 'skipped' | 'warn'; reason: string } | undefined;
      if (values['skip-runs']) notRun = { verdict: 'skipped', reason: 'not run (--skip-runs)' };
      else if (run.manifest.id === 'go-releases' && !releasesReady) notRun = { verdict: 'warn', reason: 'not run: it would download its Go releases (npm run preflight -- --fetch)' };
      rows.push(...(await checkDemoRun(engine, run, { list, signal: interruption.signal, print, ...(notRun ? { notRun } : {}) })));
    }
  } finally {
    await engine.close();
  }

  const outcome = outcomeOf(rows, performance.now() - started);
  section('Go / no-go');
  print(formatPreflightTable(rows));
  print('');
  print(outcome.summary);
  if (interruption.interrupted()) return 130;
  return outcome.exitCode;
}

runMain(main);
