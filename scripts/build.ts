/**
 * `npm run build` — every deck of `slides/`, side by side, as one static site:
 *
 *   dist/                  the flagship (slides/why-cgo-is-slow)
 *   dist/<deck>/           every other deck
 *   dist/decks/index.html  the list of them all
 *
 * Usage: npm run build [-- --deck NAME …] [--decks DIR] [--out DIR]
 *
 * `--deck` (repeatable) builds only those decks, leaving the others' output as it was.
 * Prints each deck's folder, size and build time. Exit status: 0 built, 1 a deck does not
 * build (its `file:line` errors are printed), 2 bad usage or an unknown deck.
 */
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { buildDecks, UnknownDeckError } from '../slides/compiler/build-decks.ts';

const rootDir = fileURLToPath(new URL('..', import.meta.url));
const usage = 'usage: npm run build [-- --deck NAME …] [--decks DIR (default slides)] [--out DIR (default dist)]';

function mib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`;
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { deck: { type: 'string', multiple: true }, decks: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    console.error(`build: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const shown = (path: string): string => relative(process.cwd(), path) || '.';
  try {
    const started = performance.now();
    const { decks, indexFile } = await buildDecks({
      rootDir,
      ...(values.decks ? { decksDir: resolve(values.decks) } : {}),
      ...(values.out ? { outDir: resolve(values.out) } : {}),
      ...(values.deck ? { only: values.deck } : {}),
      onDeck: (event) => {
        if (event.phase === 'end') console.log(`${event.deck} → ${shown(event.outDir)}/  ${mib(event.bytes)} in ${event.files} files, ${(event.durationMs / 1000).toFixed(1)} s`);
      },
    });
    console.log(`deck list → ${shown(indexFile)}  (${decks.length} built in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
    return 0;
  } catch (error) {
    if (error instanceof UnknownDeckError) {
      console.error(`build: ${error.message}`);
      return 2;
    }
    // The deck plugin's message already lists every file:line; the bundler's stack adds nothing.
    console.error(`build: ${(error as Error).message}`);
    return 1;
  }
}

process.exitCode = await main();
