/**
 * fetch-go-releases: fetches the Go releases of the go-releases demo into the project's
 * cache ahead of time (before a talk, on a good network), so the demo starts at once and
 * works offline. Also lists or removes that cache.
 *
 * Usage: npm run fetch-go-releases -- [--releases all|stage|1.20,1.25 (default all)]
 *                                     [--cache DIR (default .cache)] [--list] [--remove]
 *
 * Prints progress while fetching and one line per release at the end. Exit status 0 when
 * every release is there, 1 when one could not be had, 2 for bad usage.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseReleaseSelection, releaseList, resolveReleases } from '../demos/go-releases/release-list.ts';
import { rootDirDefault } from '../server/engine/open-engine.ts';
import { createProcessRunner } from '../server/process/process-runner.ts';
import { detectToolchains, toToolchainReport } from '../server/toolchains/detect.ts';
import { cachedGoRelease, fetchGoReleases, goReleasesDir, removeGoReleases } from '../server/toolchains/go-release-cache.ts';
import { goVersionLabel } from '../demos/go-shared/go-version.ts';
import { fetchProgressPrinter } from './fetch-progress.ts';

function usage(message: string): never {
  console.error(`fetch-go-releases: ${message}`);
  console.error('usage: npm run fetch-go-releases -- [--releases all|stage|1.20,1.25] [--cache DIR] [--list] [--remove]');
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({ options: { releases: { type: 'string', default: 'all' }, cache: { type: 'string' }, list: { type: 'boolean' }, remove: { type: 'boolean' } } });
} catch (error) {
  usage((error as Error).message);
}
const { values } = parsed;
const cacheDir = resolve(values.cache ?? resolve(rootDirDefault, '.cache'));

if (values.remove) {
  await removeGoReleases(cacheDir);
  console.log(`removed ${goReleasesDir(cacheDir)}`);
  process.exit(0);
}

const selection = parseReleaseSelection(values.releases);
if (!selection.ok) usage(selection.message);
const go = toToolchainReport(await detectToolchains()).go;
const installed = go?.found ? goVersionLabel(go.version) : undefined;
const planned = resolveReleases(selection.requests, installed);

if (values.list) {
  for (const row of planned) {
    const where = row.missing ? `missing: ${row.missing}` : row.source === 'installed' ? `installed: ${go?.path ?? 'go'}` : ((await cachedGoRelease(cacheDir, row.version))?.goroot ?? 'not fetched');
    console.log(`${row.version.padEnd(10)}  ${where}`);
  }
  process.exit(0);
}
if (!go?.found || !go.path) {
  console.error('fetch-go-releases: the installed go command does the fetching, and none was found (npm run doctor)');
  process.exit(1);
}

const toFetch = planned.filter((row) => row.source === 'listed' && !row.missing);
const runner = createProcessRunner();
const outcomes = await fetchGoReleases(toFetch, {
  cacheDir,
  go: go.path,
  exec: runner.exec,
  onProgress: fetchProgressPrinter((line) => console.log(line)),
});

console.log(`\nGo releases in ${goReleasesDir(cacheDir)} (list: ${releaseList.length} releases + the installed Go):`);
let failed = 0;
for (const row of planned) {
  const outcome = outcomes.find((item) => (item.ok ? item.version : item.version) === row.version);
  let state: string;
  if (row.missing) state = `missing: ${row.missing}`;
  else if (row.source === 'installed') state = `installed (${go.path})`;
  else if (outcome?.ok) state = outcome.cached ? 'cached' : 'fetched';
  else state = `missing: ${outcome?.reason ?? 'not fetched'}`;
  if (state.startsWith('missing')) failed += 1;
  console.log(`  ${row.version.padEnd(10)}  ${state}`);
}
process.exit(failed > 0 ? 1 : 0);
