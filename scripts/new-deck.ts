/**
 * `npm run new-deck` — a new deck that builds at once: `slides/<name>/deck.yaml` and a
 * starter section (a title slide, a code walk-through, a live demo, speaker notes).
 *
 * Usage: npm run new-deck -- <name> [--title "…"] [--author "…"] [--decks DIR]
 *
 * <name> is the folder and the deck's URL (`dist/<name>/`): lowercase words and digits
 * joined by dashes. Exit status: 0 written, 2 bad input (a name that is malformed,
 * reserved or exists already; an empty or multi-line title or author), nothing written.
 */
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { newDeck, NewDeckRefused } from './scaffold/new-deck.ts';

const rootDir = fileURLToPath(new URL('..', import.meta.url));
const usage = 'usage: npm run new-deck -- <name> [--title "…"] [--author "…"] [--decks DIR (default slides)]';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { title: { type: 'string' }, author: { type: 'string' }, decks: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    console.error(`new-deck: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (positionals.length !== 1) {
    console.error(`new-deck: ${positionals.length === 0 ? 'give the deck a name' : `one name, not ${positionals.length}: ${positionals.map((p) => JSON.stringify(p)).join(' ')}`}\n${usage}`);
    return 2;
  }
  const name = positionals[0] ?? '';
  const decksDir = resolve(values.decks ?? resolve(rootDir, 'slides'));
  try {
    const { dir, files } = await newDeck(decksDir, {
      name,
      ...(values.title !== undefined ? { title: values.title } : {}),
      ...(values.author !== undefined ? { author: values.author } : {}),
    });
    const shown = relative(process.cwd(), dir) || dir;
    console.log(`new deck ${name}: ${files.map((file) => `${shown}/${file}`).join(', ')}`);
    const deckOption = values.decks ? ` --decks ${values.decks}` : '';
    console.log(`  preview:  npm run dev -- --deck ${name}${deckOption}`);
    console.log(`  build:    npm run build -- --deck ${name}${deckOption}   (dist/${name}/)`);
    console.log('  format:   docs/slide-format.md');
    return 0;
  } catch (error) {
    if (error instanceof NewDeckRefused) {
      console.error(`new-deck: ${error.message}`);
      return 2;
    }
    console.error(`new-deck: ${(error as Error).message}`);
    return 1;
  }
}

process.exitCode = await main();
