/**
 * `npm run doctor` — what this machine has for the demos: every toolchain with its
 * version (or "missing"), path and install hint, the demos that cannot run here and
 * why, and whether edited code can run (the sandbox: refused without one, with the
 * reason; and whether its limits count whole runs or only each process). Exit status 0 even when things are missing (a deck without some demos still
 * works; their slides replay recordings), 1 only when the demos themselves fail to load.
 */
import { detectToolchains } from '../toolchains/detect.ts';
import { loadDemos, DemoLoadError } from '../demos/load.ts';
import { rootDirDefault } from '../engine/open-engine.ts';
import { createProcessRunner } from '../process/process-runner.ts';
import { createSandbox, type SandboxStatus } from '../sandbox/sandbox.ts';
import { tempRootPath } from '../sandbox/temp-root.ts';
import type { ToolchainInfo } from '../../demos/protocol.ts';

/** formatToolchainTable renders the toolchain list as an aligned text table. */
export function formatToolchainTable(list: readonly ToolchainInfo[]): string {
  const rows = [['tool', 'version', 'path', 'install'], ...list.map((item) => [item.id, item.found ? (item.version ?? '?') : 'missing', item.path ?? '', item.found ? '' : (item.installHint ?? '')])];
  const widths = [0, 1, 2].map((col) => Math.max(...rows.map((row) => row[col]!.length)));
  return rows.map((row) => row.map((cell, col) => (col < 3 ? cell.padEnd(widths[col]!) : cell)).join('  ').trimEnd()).join('\n');
}

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
  const found = new Set(list.filter((item) => item.found).map((item) => item.id));
  const unavailable = demos.filter((def) => def.manifest.requires.some((id: string) => !found.has(id)));
  if (unavailable.length === 0) {
    console.log(`All ${demos.length} demos can run on this machine.`);
  } else {
    console.log(`${demos.length - unavailable.length} of ${demos.length} demos can run here. Unavailable (their slides replay recordings):`);
    for (const def of unavailable) {
      const missing = def.manifest.requires.filter((id: string) => !found.has(id));
      console.log(`  ${def.manifest.id}: needs ${missing.join(', ')}`);
    }
  }
  console.log('');
  const sandbox = createSandbox({ processRunner: createProcessRunner(), stateDir: tempRootPath() });
  try {
    console.log(formatSandboxStatus(await sandbox.status()));
  } finally {
    await sandbox.close();
  }
  return 0;
}

/** formatSandboxStatus says whether edited code can run here, how, and what is weaker than it should be. */
export function formatSandboxStatus(status: SandboxStatus): string {
  const lines = [`Edited code (the pointer-rules editor): ${status.summary}`];
  if (status.available && status.limitsBy === 'rlimits') {
    lines.push('  warning: limits count each process, not the whole run (a program may fork to multiply them); run the server as root on cgroup v1, or with a delegated cgroup v2');
  }
  if (!status.available) lines.push('  Edited code is refused until this is fixed; everything else works.');
  return lines.join('\n');
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
