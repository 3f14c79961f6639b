/**
 * `tsx scripts/test-tmp.ts prepare|check`: the test temp dir around `npm test`
 * (scripts/test-all.sh). `prepare` creates it and removes what an interrupted earlier run
 * left; `check` fails, naming them, when tests left anything besides the caches kept on
 * purpose (tests/support/leftovers.ts).
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describeLeftovers, leftovers } from '../tests/support/leftovers.ts';
import { ensureTestTmpDir } from '../tests/support/test-paths.ts';

async function main(command: string | undefined): Promise<number> {
  const dir = ensureTestTmpDir();
  const found = leftovers(await readdir(dir));
  if (command === 'prepare') {
    if (found.length > 0) {
      console.log(`test-tmp: removing ${found.length} leftovers of an earlier run from ${dir}: ${found.join(' ')}`);
      await Promise.all(found.map((name) => rm(join(dir, name), { recursive: true, force: true })));
    }
    return 0;
  }
  if (command === 'check') {
    if (found.length === 0) {
      console.log(`test-tmp: nothing left in ${dir}`);
      return 0;
    }
    console.error(describeLeftovers(dir, found));
    return 1;
  }
  console.error('usage: tsx scripts/test-tmp.ts prepare|check');
  return 2;
}

process.exitCode = await main(process.argv[2]);
