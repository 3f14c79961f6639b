/**
 * `npm run dev` — one deck in Vite's dev server, reloading on every save; a broken deck
 * shows its `file:line` errors as the slide.
 *
 * Usage: npm run dev [-- --deck NAME] [--port N] [--api-port N] [--decks DIR]
 *
 * `--deck` picks the deck (default the flagship, why-cgo-is-slow) among the decks of
 * `--decks` (default slides/). `/api` is proxied to a
 * demo server on 127.0.0.1 at `--api-port`, or `$DECK_API_PORT`, or 8000: start one beside
 * it (`npx tsx server/main.ts --port N`) for live demos, and give the dev URL its token
 * (`http://127.0.0.1:5173/#token=…`). Exit status 2 for bad usage or an unknown deck.
 */
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { findDecks, flagshipDeck } from '../slides/compiler/deck-folders.ts';
import { defaultApiPort, deckViteConfig } from '../slides/compiler/deck-vite-config.ts';

const rootDir = fileURLToPath(new URL('..', import.meta.url));
const usage = 'usage: npm run dev [-- --deck NAME] [--port N] [--api-port N (or DECK_API_PORT; default 8000)] [--decks DIR (default slides)]';

function fail(message: string): never {
  console.error(`dev: ${message}\n${usage}`);
  process.exit(2);
}

/** portOf reads a port number, naming where it came from when it is not one. */
function portOf(value: string | undefined, what: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`${what} ${JSON.stringify(value)} is not a port (0–65535)`);
  return port;
}

let values;
try {
  ({ values } = parseArgs({ options: { deck: { type: 'string' }, port: { type: 'string' }, 'api-port': { type: 'string' }, decks: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const decksDir = resolve(values.decks ?? join(rootDir, 'slides'));
const deck = values.deck ?? flagshipDeck;
const decks = findDecks(decksDir);
if (!decks.includes(deck)) fail(`no such deck: ${JSON.stringify(deck)} (decks: ${decks.join(', ')})`);
const apiPort = portOf(values['api-port'], '--api-port') ?? portOf(process.env.DECK_API_PORT, 'DECK_API_PORT') ?? defaultApiPort;
const port = portOf(values.port, '--port');

const config = deckViteConfig({ rootDir, deckDir: join(decksDir, deck), outDir: join(rootDir, 'dist'), apiPort });
const server = await createServer({ ...config, configFile: false, server: { ...config.server, ...(port !== undefined ? { port } : {}) } });
await server.listen();
console.log(`Deck ${deck} (${relative(process.cwd(), join(decksDir, deck)) || '.'}/), /api → http://127.0.0.1:${apiPort}`);
server.printUrls();
