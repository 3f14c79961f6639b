/**
 * Per-step cgroups below the server's own cgroup: `<own>/cgo-deck/<pid>-<random>/<step>`
 * in each hierarchy that counts memory, processes and CPU time (see cgroup-layout.ts for
 * which). A step's processes join its cgroup before they start (the join script of
 * sandbox-command.ts), so its limits count all of them; when the step ends, what is
 * left in it is killed and the cgroup removed. At start-up, the folders of server
 * processes that are gone (a server killed with SIGKILL) are emptied the same way.
 */
import { access, mkdir, readFile, readdir, rmdir, writeFile } from 'node:fs/promises';
import { readFileSync, rmdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { chooseCgroupLayout, v2ControllerNames, type CgroupLayout, type Controller } from './cgroup-layout.ts';
import { cgroupSettings, counterFiles, parseCounter, type CgroupCounters, type SandboxLimits } from './sandbox-limits.ts';
import { instancePid } from './dir-ownership.ts';
import { isProcessAlive } from './temp-root.ts';

/** appDirName is this program's folder below the server's own cgroup. */
export const appDirName = 'cgo-deck';

/** StepCgroup is one step's cgroup (one folder per hierarchy on v1). */
export interface StepCgroup {
  /** The cgroup.procs files a process writes its pid into to join. */
  readonly procsFiles: readonly string[];
  /** counters reads what the step used so far. */
  counters(): Promise<CgroupCounters>;
  /** killAll kills every process in the step, until none is left (bounded). */
  killAll(): Promise<void>;
  /** remove kills what is left and removes the cgroup. */
  remove(): Promise<void>;
}

/** CgroupTree is this server process's folder in the hierarchies. */
export interface CgroupTree {
  readonly version: 1 | 2;
  /** createStep makes a step's cgroup with its limits set. */
  createStep(name: string, limits: SandboxLimits): Promise<StepCgroup>;
  /** close removes this process's folder (its steps must be removed first). */
  close(): Promise<void>;
  /** closeSync removes what it can synchronously (for a process 'exit' handler). */
  closeSync(): void;
}

/** CgroupOpening is a tree, or why there is none here (then rlimits are the fallback). */
export type CgroupOpening = { ok: true; tree: CgroupTree; swept: number } | { ok: false; reason: string };

/** openTrees are the trees of this process not closed yet; a process 'exit' removes their folders. */
const openTrees = new Set<CgroupTree>();
let exitHookInstalled = false;

function track(tree: CgroupTree): void {
  openTrees.add(tree);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A server stopped by process.exit() leaves no (empty) cgroup folder behind.
  process.once('exit', () => {
    for (const open of openTrees) open.closeSync();
  });
}

/** readLayout reads this process's cgroup layout from /proc. */
export function readLayout(): CgroupLayout {
  try {
    return chooseCgroupLayout(readFileSync('/proc/self/cgroup', 'utf8'), readFileSync('/proc/self/mountinfo', 'utf8'), (dir) => {
      try {
        return readFileSync(join(dir, 'cgroup.controllers'), 'utf8').trim().split(/\s+/);
      } catch {
        return undefined;
      }
    });
  } catch (error) {
    return { version: 0, reason: `cannot read /proc/self/cgroup: ${(error as Error).message}` };
  }
}

/** baseDirs are the server's own cgroup folders, one per distinct hierarchy. */
function baseDirs(layout: Exclude<CgroupLayout, { version: 0 }>): Record<Controller, string> {
  return layout.version === 1 ? layout.dirs : { memory: layout.dir, pids: layout.dir, cpu: layout.dir };
}

function distinct(dirs: Record<Controller, string>): string[] {
  return [...new Set(Object.values(dirs))];
}

/** openCgroupTree sweeps dead servers' leftovers and makes this process's folder, or says why it cannot. */
export async function openCgroupTree(layout: CgroupLayout = readLayout()): Promise<CgroupOpening> {
  if (layout.version === 0) return { ok: false, reason: layout.reason };
  const own = baseDirs(layout);
  const instance = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const appDirs = Object.fromEntries(Object.entries(own).map(([controller, dir]) => [controller, join(dir, appDirName)])) as Record<Controller, string>;
  const instanceDirs = Object.fromEntries(Object.entries(appDirs).map(([controller, dir]) => [controller, join(dir, instance)])) as Record<Controller, string>;
  try {
    for (const dir of distinct(appDirs)) await mkdir(dir, { recursive: true });
    if (layout.version === 2) await enableControllers([...distinct(own), ...distinct(appDirs)]);
  } catch (error) {
    return { ok: false, reason: `cannot create cgroups below ${distinct(own).join(', ')}: ${(error as Error).message}` };
  }
  let swept = 0;
  for (const dir of distinct(appDirs)) swept += await sweepDeadInstances(dir);
  try {
    for (const dir of distinct(instanceDirs)) await mkdir(dir);
    if (layout.version === 2) await enableControllers(distinct(instanceDirs));
  } catch (error) {
    return { ok: false, reason: `cannot create cgroups in ${distinct(appDirs).join(', ')}: ${(error as Error).message}` };
  }
  const swapAccounting = layout.version === 1 && (await exists(join(own.memory, 'memory.memsw.limit_in_bytes')));

  const tree: CgroupTree = {
    version: layout.version,
    async createStep(name, limits) {
      const stepDirs = Object.fromEntries(Object.entries(instanceDirs).map(([controller, dir]) => [controller, join(dir, name)])) as Record<Controller, string>;
      for (const dir of distinct(stepDirs)) await mkdir(dir);
      const step = stepCgroup(layout.version, stepDirs);
      try {
        for (const setting of cgroupSettings(layout.version, limits, swapAccounting)) {
          await writeFile(join(stepDirs[setting.controller], setting.file), setting.value);
        }
      } catch (error) {
        await step.remove();
        throw error;
      }
      return step;
    },
    async close() {
      openTrees.delete(tree);
      for (const dir of distinct(instanceDirs)) await removeCgroup(dir);
    },
    closeSync() {
      for (const dir of distinct(instanceDirs)) {
        try {
          rmdirSync(dir);
        } catch {
          // busy or gone: the next start sweeps it
        }
      }
    },
  };
  track(tree);
  return { ok: true, tree, swept };
}

function stepCgroup(version: 1 | 2, dirs: Record<Controller, string>): StepCgroup {
  const files = counterFiles(version);
  const killAll = async (): Promise<void> => {
    for (const dir of distinct(dirs)) await killCgroup(dir);
  };
  return {
    procsFiles: distinct(dirs).map((dir) => join(dir, 'cgroup.procs')),
    async counters() {
      const read = async (counter: keyof CgroupCounters): Promise<number> => {
        const { controller, file } = files[counter];
        const text = await readFile(join(dirs[controller], file), 'utf8').catch(() => '');
        return parseCounter(version, counter, text);
      };
      return { oomKills: await read('oomKills'), pidsRefused: await read('pidsRefused'), cpuNs: await read('cpuNs'), shmemBytes: await read('shmemBytes') };
    },
    killAll,
    async remove() {
      for (const dir of distinct(dirs)) await removeCgroup(dir);
    },
  };
}

/** pidsOf lists the processes in a cgroup (none when it is gone). */
async function pidsOf(dir: string): Promise<number[]> {
  const text = await readFile(join(dir, 'cgroup.procs'), 'utf8').catch(() => '');
  return text.split('\n').filter((line) => /^\d+$/.test(line)).map(Number);
}

/** killCgroup SIGKILLs every process in a cgroup until it is empty (a fork may race a kill), for up to 3 s. */
async function killCgroup(dir: string): Promise<void> {
  const deadline = performance.now() + 3_000;
  for (;;) {
    const pids = await pidsOf(dir);
    if (pids.length === 0 || performance.now() > deadline) return;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    await new Promise((done) => setTimeout(done, 10));
  }
}

/** removeCgroup empties a cgroup and its children, then removes them (a cgroup with tasks cannot go). */
async function removeCgroup(dir: string): Promise<void> {
  let children: string[] = [];
  try {
    children = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch {
    return; // gone
  }
  for (const child of children) await removeCgroup(join(dir, child));
  const deadline = performance.now() + 3_000;
  for (;;) {
    await killCgroup(dir);
    try {
      await rmdir(dir);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      // EBUSY while the last processes are being reaped.
      if (performance.now() > deadline) throw new Error(`cannot remove cgroup ${dir}: ${(error as Error).message}`);
      await new Promise((done) => setTimeout(done, 20));
    }
  }
}

/** sweepDeadInstances removes the folders of server processes that are gone, killing what is left in them. */
async function sweepDeadInstances(appDir: string): Promise<number> {
  let swept = 0;
  const names = await readdir(appDir, { withFileTypes: true }).catch(() => []);
  for (const entry of names) {
    if (!entry.isDirectory()) continue;
    const pid = instancePid(entry.name);
    if (pid === undefined || isProcessAlive(pid)) continue;
    await removeCgroup(join(appDir, entry.name)).catch(() => undefined);
    swept += 1;
  }
  return swept;
}

/** enableControllers lets the children of each folder use memory, pids and cpu (v2). */
async function enableControllers(dirs: string[]): Promise<void> {
  const wanted = Object.values(v2ControllerNames).map((name) => `+${name}`).join(' ');
  for (const dir of dirs) await writeFile(join(dir, 'cgroup.subtree_control'), wanted);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}
