/**
 * shareCoreWithBusyLoop stages a machine that is not quiet, for tests of the machine-speed
 * check: it pins this process to one CPU (its children, the harnesses, inherit that) and
 * starts a busy loop pinned to the same CPU, so a harness gets about half of it. The
 * returned function undoes both. Undefined when util-linux's taskset is missing (the
 * doctor's business: scripts/setup.sh installs it).
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { findExecutable } from '../../server/toolchains/detect.ts';

const run = promisify(execFile);

/** shareCoreWithBusyLoop pins and starts the loop; call the result to restore. */
export async function shareCoreWithBusyLoop(): Promise<(() => Promise<void>) | undefined> {
  const taskset = await findExecutable('taskset');
  if (!taskset) return undefined;
  // This process's allowed CPUs, e.g. "0,1" or "0-1": take the last one.
  const original = /: (\S+)\s*$/.exec((await run(taskset, ['-cp', String(process.pid)])).stdout)![1]!;
  const cpu = original.split(/[,-]/).at(-1)!;
  const busy = spawn(taskset, ['-c', cpu, process.execPath, '-e', 'for (;;) {}'], { stdio: 'ignore' });
  await run(taskset, ['-cp', cpu, String(process.pid)]);
  return async () => {
    busy.kill('SIGKILL');
    await run(taskset, ['-cp', original, String(process.pid)]);
  };
}
