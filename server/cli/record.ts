/**
 * `npm run record -- --deck <name>` — records every demo with every param set the deck
 * offers (its `@demo` lines, and its demos' widget buttons), so the deck's static build
 * answers every slide. Usage:
 *
 *   npm run record -- --deck <name> [--dry-run] [--missing] [--only id,id] [--force]
 *                     [--decks DIR] [--recordings DIR] [--cache DIR]
 *
 * One run per recording key (record-plan.ts), one after another, through the same engine
 * and recorder as the server: a timing run that the machine-speed check flags is not
 * saved over a recording made on a quiet machine unless `--force` (recording-guard.ts).
 * `--dry-run` prints the plan and runs nothing; `--missing` runs only the keys without a
 * recording; `--only` keeps some demos; `--decks` is the folder of decks (default
 * slides/). Exit status: 0 when every planned key has a recording at the end, 1 when one
 * has none (its run failed, or was not saved and there was none before), 2 for bad usage
 * (an unknown deck or demo, a bad option), 130 when interrupted (Ctrl-C cancels the
 * running demo; nothing after it runs).
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { DemoManifest } from '../../demos/define-demo.ts';
import type { RunEvent } from '../../demos/protocol.ts';
import { deckDirOf, UnknownDeckError } from '../decks/deck-demos.ts';
import { DemoLoadError } from '../demos/load.ts';
import { openEngine, rootDirDefault, type OpenedEngine } from '../engine/open-engine.ts';
import { runDemoToEnd } from '../engine/run-to-end.ts';
import { offeredVariants } from '../recordings/offered-variants.ts';
import { recordPlan, type PlannedRecording } from '../recordings/record-plan.ts';
import { runMain, cancelOnInterrupt } from './cli-process.ts';

const usage = 'usage: npm run record -- --deck <name> [--dry-run] [--missing] [--only id,id] [--force] [--decks DIR] [--recordings DIR] [--cache DIR]';

/** Options are the command line, checked. */
interface Options {
  deck: string;
  deckDir: string;
  recordingsDir: string;
  cacheDir?: string;
  only?: string[];
  dryRun: boolean;
  missing: boolean;
  force: boolean;
}

/** options reads the command line; a number is the exit status to end with (usage printed). */
function options(args: string[]): Options | number {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        deck: { type: 'string' },
        'dry-run': { type: 'boolean' },
        missing: { type: 'boolean' },
        only: { type: 'string' },
        force: { type: 'boolean' },
        decks: { type: 'string' },
        recordings: { type: 'string' },
        cache: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    console.error(`record: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  const { values } = parsed;
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (values.deck === undefined) {
    console.error(`record: --deck is required\n${usage}`);
    return 2;
  }
  let deckDir: string;
  try {
    deckDir = deckDirOf(resolve(values.decks ?? join(rootDirDefault, 'slides')), values.deck);
  } catch (error) {
    if (!(error instanceof UnknownDeckError)) throw error;
    console.error(`record: ${error.message}`);
    return 2;
  }
  return {
    deck: values.deck,
    deckDir,
    recordingsDir: resolve(values.recordings ?? join(rootDirDefault, 'recordings')),
    ...(values.cache ? { cacheDir: resolve(values.cache) } : {}),
    ...(values.only ? { only: values.only.split(',').map((id) => id.trim()).filter(Boolean) } : {}),
    dryRun: values['dry-run'] ?? false,
    missing: values.missing ?? false,
    force: values.force ?? false,
  };
}

async function main(): Promise<number> {
  const opts = options(process.argv.slice(2));
  if (typeof opts === 'number') return opts;
  const refusals: string[] = [];
  let opened: OpenedEngine;
  try {
    opened = await openEngine({ record: false, recordingsDir: opts.recordingsDir, ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}), log: (message) => refusals.push(message) });
  } catch (error) {
    console.error(error instanceof DemoLoadError ? error.message : `record: ${(error as Error).message}`);
    return 1;
  }
  const { engine, recorder } = opened;
  try {
    const manifests = new Map<string, DemoManifest>(engine.demos().map(({ manifest }) => [manifest.id, manifest]));
    const unknown = (opts.only ?? []).filter((id) => !manifests.has(id));
    if (unknown.length > 0) {
      console.error(`record: --only names no demo ${unknown.map((id) => JSON.stringify(id)).join(', ')} (demos: ${[...manifests.keys()].join(', ')})`);
      return 2;
    }
    const hasRecording = (key: string): boolean => existsSync(join(opts.recordingsDir, `${key}.json`));
    const wanted = recordPlan(offeredVariants(opts.deckDir, manifests), manifests).filter((planned) => opts.only?.includes(planned.demo) ?? true);
    const plan = opts.missing ? wanted.filter((planned) => !hasRecording(planned.key)) : wanted;
    printPlan(opts, wanted, plan);
    if (opts.dryRun || plan.length === 0) return 0;

    const interruption = cancelOnInterrupt('record: interrupted, cancelling the run going …');
    for (const [index, planned] of plan.entries()) {
      if (interruption.signal.aborted) break;
      console.log(`[${index + 1}/${plan.length}] ${planned.key}`);
      const { summary, end, events } = await runDemoToEnd(engine, planned.demo, planned.params, {
        signal: interruption.signal,
        onEvent: (event) => {
          if (event.type === 'status') console.log(`    ${event.message}`);
        },
      });
      if (end.outcome !== 'ok') {
        console.log(`    ${end.outcome}: ${lastError(events) ?? 'no result'}; not recorded`);
        continue;
      }
      const run = engine.run(summary.runId);
      refusals.length = 0;
      const file = run ? await recorder.record(run, { force: opts.force }) : undefined;
      console.log(file ? `    recorded → ${shownPath(file)}` : `    not saved: ${refusals.at(-1) ?? 'the recorder kept the recording there is'}`);
    }
    if (interruption.signal.aborted) return 130;
    const without = wanted.filter((planned) => !hasRecording(planned.key));
    if (without.length > 0) {
      console.log(`\nno recording yet for ${without.map((planned) => planned.key).join(', ')}: its slides say "not recorded"`);
      return 1;
    }
    console.log(`\nevery slide of ${opts.deck} has its recording`);
    return 0;
  } finally {
    await engine.close();
  }
}

/** printPlan says what will run, and what is left out. */
function printPlan(opts: Options, wanted: readonly PlannedRecording[], plan: readonly PlannedRecording[]): void {
  const skipped = wanted.length - plan.length;
  const head = `deck ${opts.deck}: ${plan.length} recording${plan.length === 1 ? '' : 's'} to make${skipped ? ` (${skipped} there already)` : ''}${opts.dryRun ? ' (dry run: nothing runs)' : ''}`;
  console.log(wanted.length === 0 ? `deck ${opts.deck} has no @demo lines: nothing to record` : head);
  for (const planned of plan) {
    const params = Object.keys(planned.params).length > 0 ? ` ${JSON.stringify(planned.params)}` : '';
    console.log(`  ${planned.key}  (${planned.demo}${params}; on ${planned.where.join(', ')})`);
  }
}

/** shownPath is a path relative to here when it is below here, else as it is. */
function shownPath(file: string): string {
  const shown = relative(process.cwd(), file);
  return shown.startsWith('..') ? file : shown;
}

function lastError(events: readonly RunEvent[]): string | undefined {
  const error = events.filter((event) => event.type === 'error').at(-1);
  return error?.type === 'error' ? error.message : undefined;
}

runMain(main);
