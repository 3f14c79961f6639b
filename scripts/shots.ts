/**
 * shots: a PNG of every slide and sub-slide of the built deck at 1280×720, and of the
 * live sub-slides at 390×844, in a folder with an index.html to review the whole deck at
 * a glance. Builds nothing: run `npm run build` first.
 *
 * Usage: npm run shots [-- --out shots/] [--dist dist/] [--only id,id] [--no-phone]
 */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { captureDeck } from './capture-deck.ts';
import { distDir as defaultDistDir, rootDir } from '../tests/e2e/harness.ts';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

const args = process.argv.slice(2);
const distDir = resolve(option(args, '--dist') ?? defaultDistDir);
const outDir = resolve(option(args, '--out') ?? join(rootDir, 'shots'));
try {
  await stat(join(distDir, 'index.html'));
} catch {
  console.error(`shots: ${distDir}/index.html not found; run \`npm run build\` first`);
  process.exit(1);
}
const only = option(args, '--only')?.split(',').filter(Boolean);
const shots = await captureDeck({ distDir, outDir, ...(only ? { only } : {}), phone: !args.includes('--no-phone'), log: (line) => console.log(line) });
const unsettled = shots.filter((s) => !s.settled).length;
console.log(`\n${shots.length} PNGs in ${outDir} (open index.html)${unsettled ? `; ${unsettled} with a demo that did not settle` : ''}`);
