/**
 * `npm run doctor` — what this machine has for the demos: every toolchain with its
 * version (or "missing"), path and install hint, the demos that cannot run here and
 * why, and whether edited code can run (the sandbox: refused without one, with the
 * reason; and whether its limits count whole runs or only each process). Exit status 0 even when things are missing (a deck without some demos still
 * works; their slides replay recordings), 1 only when the demos themselves fail to load.
 * The pieces are in doctor-report.ts (`npm run preflight` prints them too).
 */
import { detectToolchains } from '../toolchains/detect.ts';
import { loadDemos, DemoLoadError } from '../demos/load.ts';
import { rootDirDefault } from '../engine/open-engine.ts';
import { createProcessRunner } from '../process/process-runner.ts';
import { createSandbox } from '../sandbox/sandbox.ts';
import { tempRootPath } from '../sandbox/temp-root.ts';
import { formatDemoAvailability, formatSandboxStatus, formatToolchainTable } from './doctor-report.ts';
import { runMain } from './cli-process.ts';

async function main(): Promise<number> {
  const list = await detectToolchains();
  console.log(formatToolchainTable(list));
  console.log('');
  let demos;
  try {
    demos = await loadDemos({ rootDir: rootDirDefault });
  } catch (error) {
    console.log(error instanceof DemoLoadError ? error.message : `cannot load demos: ${(error as Error).message}`);
    return 1;
  }
  console.log(formatDemoAvailability(demos.map((def) => def.manifest), list));
  console.log('');
  const sandbox = createSandbox({ processRunner: createProcessRunner(), stateDir: tempRootPath() });
  try {
    console.log(formatSandboxStatus(await sandbox.status()));
  } finally {
    await sandbox.close();
  }
  return 0;
}

runMain(main);
