/**
 * `npm run demo` — run demos from the terminal through the same engine as the server
 * (no HTTP). Usage:
 *
 *   npm run demo -- --list [--deck <name>] [--json]
 *   npm run demo -- <id> [--param key=value …] [--json] [--no-record] [--force]
 *
 * A param value is parsed as JSON when it parses (`n=5`, `flag=true`, `xs=[1,2]`), else
 * taken as a string (`direction=go-to-c`). Events print as human lines, or one JSON
 * object per line with --json. Exit status: 0 when the run ended ok, 1 on error or
 * timeout, 2 for bad usage, 130 when interrupted (Ctrl-C cancels the run and waits for
 * its processes to be killed). `--force` records a timing run even when its machine-speed
 * check flagged it and the recording it replaces was made on a quiet machine (without it,
 * such a run is not saved, and the reason is printed).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { RunParams } from '../../demos/protocol.ts';
import { openEngine, rootDirDefault } from '../engine/open-engine.ts';
import { EngineError } from '../engine/engine.ts';
import { runDemoToEnd } from '../engine/run-to-end.ts';
import { DemoLoadError } from '../demos/load.ts';
import { toToolchainReport } from '../toolchains/detect.ts';
import { formatEventLine, parseParamArg } from './format-event.ts';
import { paramSpecsOf } from '../http/param-spec.ts';
import { deckDirOf, decksUsing, UnknownDeckError } from '../decks/deck-demos.ts';
import { deckDemoLines, type DeckDemoLine } from '../recordings/offered-variants.ts';
import { formatParams } from './format-param.ts';
import { runMain, cancelOnInterrupt } from './cli-process.ts';

/** slidesDir holds the decks (`--deck <name>` is `slides/<name>/`). */
const slidesDir = join(rootDirDefault, 'slides');

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        list: { type: 'boolean' },
        deck: { type: 'string' },
        json: { type: 'boolean' },
        param: { type: 'string', multiple: true, short: 'p' },
        'no-record': { type: 'boolean' },
        force: { type: 'boolean' },
        recordings: { type: 'string' },
        cache: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    console.error(`demo: ${(error as Error).message}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || (!values.list && positionals.length !== 1) || (values.deck !== undefined && !values.list)) {
    console.error('usage: npm run demo -- --list [--deck <name>] [--json]\n       npm run demo -- <id> [--param key=value …] [--json] [--no-record] [--force] [--recordings DIR] [--cache DIR]');
    return values.help ? 0 : 2;
  }
  // A deck named wrong is bad usage, found before the demos load.
  let deckLines: DeckDemoLine[] | undefined;
  if (values.deck !== undefined) {
    try {
      deckLines = deckDemoLines(deckDirOf(slidesDir, values.deck));
    } catch (error) {
      console.error(`demo: ${(error as Error).message}`);
      return error instanceof UnknownDeckError ? 2 : 1;
    }
  }

  let opened;
  try {
    opened = await openEngine({
      record: !values['no-record'],
      forceRecord: values.force ?? false,
      ...(values.recordings ? { recordingsDir: values.recordings } : {}),
      ...(values.cache ? { cacheDir: values.cache } : {}),
      log: (message) => console.error(message),
    });
  } catch (error) {
    console.error(error instanceof DemoLoadError ? error.message : `demo: ${(error as Error).message}`);
    return 1;
  }
  const { engine } = opened;

  if (values.list) {
    const report = toToolchainReport(await engine.toolchains());
    const decks = decksUsing(slidesDir);
    const rows = engine.demos()
      .filter(({ manifest }) => deckLines?.some((line) => line.demo === manifest.id) ?? true)
      .map(({ manifest }) => {
        const missing = manifest.requires.filter((id: string) => !report[id]?.found);
        const row = { id: manifest.id, title: manifest.title, params: paramSpecsOf(manifest.params), decks: decks.get(manifest.id) ?? [], available: missing.length === 0, missing };
        return deckLines ? { ...row, slides: deckLines.filter((line) => line.demo === manifest.id).map(({ slide, params, at }) => ({ slide, params, at })) } : row;
      });
    if (values.json) {
      console.log(JSON.stringify(rows, null, 2));
    } else {
      const width = Math.max(2, ...rows.map((row) => row.id.length));
      for (const row of rows) {
        const status = row.available ? 'available' : `missing ${row.missing.join(', ')}`;
        console.log(`${row.id.padEnd(width)}  ${row.title}  ${status}`);
        console.log(`${' '.repeat(width)}  params: ${formatParams(row.params)}`);
        if ('slides' in row) for (const line of row.slides) console.log(`${' '.repeat(width)}  @demo on ${line.slide}${Object.keys(line.params).length ? ` ${JSON.stringify(line.params)}` : ''}`);
        else console.log(`${' '.repeat(width)}  decks: ${row.decks.join(', ') || 'none yet'}`);
      }
      if (rows.length === 0) console.log(values.deck === undefined ? 'no demos found' : `deck ${values.deck} has no @demo lines`);
    }
    return 0;
  }

  const id = positionals[0]!;
  const params: RunParams = {};
  // Params whose schema wants a string take the text as typed (`releases=1.20` is not 1.2).
  const manifest = engine.demo(id)?.manifest;
  const textKeys = new Set(manifest ? paramSpecsOf(manifest.params).filter((spec) => spec.kind === 'string').map((spec) => spec.name) : []);
  try {
    for (const arg of values.param ?? []) {
      const [key, value] = parseParamArg(arg, textKeys);
      params[key] = value;
    }
  } catch (error) {
    console.error(`demo: ${(error as Error).message}`);
    return 2;
  }

  const interruption = cancelOnInterrupt('cancelling …');
  try {
    const { end } = await runDemoToEnd(engine, id, params, {
      signal: interruption.signal,
      onEvent: (event) => console.log(values.json ? JSON.stringify(event) : formatEventLine(event)),
    });
    // close() also waits for the recording, which is written after `end`.
    await engine.close();
    if (interruption.interrupted()) return 130;
    return end.outcome === 'ok' ? 0 : 1;
  } catch (error) {
    if (error instanceof EngineError) {
      console.error(`demo: ${error.message}${error.issues.length ? `\n  ${error.issues.join('\n  ')}` : ''}`);
      if (error.code === 'unknown-demo') console.error(`known demos: ${engine.demos().map((d) => d.manifest.id).join(', ') || '(none)'}`);
      return 2;
    }
    throw error;
  }
}

runMain(main);
