/**
 * Which cgroup hierarchy counts a sandboxed run's memory, processes and CPU time, worked
 * out from `/proc/self/cgroup` and `/proc/self/mountinfo`. Pure: the I/O shell reads the
 * files (cgroups.ts).
 *
 * A machine may mount both versions (hybrid mode). The hierarchy to use is the one that
 * really holds the controllers: here the v1 mounts hold memory, pids and cpuacct while
 * the v2 mount at /sys/fs/cgroup/unified holds only hugetlb, so v1 is chosen; on a
 * systemd machine with only v2 (`0::/…`), v2 is. Each run's cgroups are created below
 * the server's own cgroup in each hierarchy (the server's "subtree"), never elsewhere.
 *
 * /proc/self/cgroup lines are `hierarchy-id:controllers:path` (`0::path` for v2).
 * /proc/self/mountinfo lines are `id parent dev root mount-point options [tags] - fstype
 * source super-options`; for v1 the controllers are in the super-options, and `root` is
 * the part of the hierarchy the mount shows (not `/` inside some containers).
 */

/** Controller is what a run is limited by: memory, processes (pids) and CPU time (cpuacct on v1, cpu on v2). */
export type Controller = 'memory' | 'pids' | 'cpu';

/** v1ControllerNames maps each controller to its name in a v1 hierarchy. */
export const v1ControllerNames: Readonly<Record<Controller, string>> = { memory: 'memory', pids: 'pids', cpu: 'cpuacct' };

/** v2ControllerNames maps each controller to its name in cgroup.controllers of v2. */
export const v2ControllerNames: Readonly<Record<Controller, string>> = { memory: 'memory', pids: 'pids', cpu: 'cpu' };

/** CgroupMount is one mounted cgroup hierarchy. */
export interface CgroupMount {
  version: 1 | 2;
  mountPoint: string;
  /** The hierarchy path the mount shows at its mount point. */
  root: string;
  /** v1: the controllers (and `name=…`) of the hierarchy; v2: empty (see cgroup.controllers). */
  controllers: string[];
}

/** ProcCgroupEntry is one line of /proc/self/cgroup. */
export interface ProcCgroupEntry {
  hierarchyId: number;
  controllers: string[];
  path: string;
}

/** CgroupLayout is where this process's own cgroups are, per controller, or why there are none. */
export type CgroupLayout =
  | { version: 1; dirs: Record<Controller, string> }
  | { version: 2; dir: string }
  | { version: 0; reason: string };

/** parseMountinfo returns the cgroup mounts listed in /proc/self/mountinfo. */
export function parseMountinfo(text: string): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(' ');
    const dash = fields.indexOf('-');
    if (dash < 6 || fields.length < dash + 3) continue;
    const fstype = fields[dash + 1];
    const root = unescapeMountPath(fields[3]!);
    const mountPoint = unescapeMountPath(fields[4]!);
    if (fstype === 'cgroup2') mounts.push({ version: 2, mountPoint, root, controllers: [] });
    if (fstype === 'cgroup') {
      const superOptions = fields[dash + 3]?.split(',') ?? [];
      mounts.push({ version: 1, mountPoint, root, controllers: superOptions.filter((option) => option !== 'rw' && option !== 'ro') });
    }
  }
  return mounts;
}

/** parseProcCgroup returns the lines of /proc/self/cgroup. */
export function parseProcCgroup(text: string): ProcCgroupEntry[] {
  const entries: ProcCgroupEntry[] = [];
  for (const line of text.split('\n')) {
    const match = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (!match) continue;
    entries.push({ hierarchyId: Number(match[1]), controllers: match[2] === '' ? [] : match[2]!.split(','), path: match[3]! });
  }
  return entries;
}

/** ownDir joins a mount point and this process's cgroup path, minus the mount's root. */
export function ownDir(mount: Pick<CgroupMount, 'mountPoint' | 'root'>, path: string): string | undefined {
  const root = mount.root.replace(/\/$/, '');
  // Not visible through this mount (or not an absolute path, which /proc never gives).
  if (path !== root && !path.startsWith(`${root}/`)) return undefined;
  // Past the root and the "/" after it ('' for the root itself).
  const relative = path.slice(root.length + 1);
  if (relative.split('/').includes('..')) return undefined;
  const base = mount.mountPoint.replace(/\/+$/, '');
  return relative === '' ? base : `${base}/${relative}`;
}

/**
 * chooseCgroupLayout picks v1 when its mounts hold memory, pids and cpuacct, else v2 when
 * this process's v2 cgroup offers memory, pids and cpu (`availableV2` reads its
 * cgroup.controllers), else none with the reason.
 */
export function chooseCgroupLayout(procSelfCgroup: string, mountinfo: string, availableV2: (dir: string) => string[] | undefined): CgroupLayout {
  const entries = parseProcCgroup(procSelfCgroup);
  const mounts = parseMountinfo(mountinfo);
  const controllers: Controller[] = ['memory', 'pids', 'cpu'];

  const v1Dirs: Partial<Record<Controller, string>> = {};
  for (const controller of controllers) {
    const name = v1ControllerNames[controller];
    // v2 lines and mounts list no controllers, so only v1 ones are found.
    const entry = entries.find((item) => item.controllers.includes(name));
    const mount = mounts.find((item) => item.controllers.includes(name));
    const dir = entry && mount ? ownDir(mount, entry.path) : undefined;
    // Stryker disable next-line ConditionalExpression: a dir left undefined counts as missing all the same (every test below is for undefined)
    if (dir !== undefined) v1Dirs[controller] = dir;
  }
  if (controllers.every((controller) => v1Dirs[controller] !== undefined)) {
    return { version: 1, dirs: v1Dirs as Record<Controller, string> };
  }

  const unified = entries.find((item) => item.hierarchyId === 0);
  const v2Mount = mounts.find((item) => item.version === 2);
  const v1Missing = controllers.filter((controller) => v1Dirs[controller] === undefined).map((controller) => v1ControllerNames[controller]);
  if (!unified || !v2Mount) {
    return { version: 0, reason: `no cgroup hierarchy holds ${v1Missing.join(', ')} for this process` };
  }
  const dir = ownDir(v2Mount, unified.path);
  if (dir === undefined) return { version: 0, reason: `this process's cgroup ${unified.path} is not visible under ${v2Mount.mountPoint}` };
  const available = availableV2(dir) ?? [];
  const missing = controllers.map((controller) => v2ControllerNames[controller]).filter((name) => !available.includes(name));
  if (missing.length > 0) {
    return {
      version: 0,
      reason: `cgroup v1 lacks ${v1Missing.join(', ')} and the v2 hierarchy at ${v2Mount.mountPoint} offers ${available.join(', ') || 'no controllers'} here, not ${missing.join(', ')}`,
    };
  }
  return { version: 2, dir };
}

/** unescapeMountPath undoes mountinfo's octal escapes (`\040` for a space). */
function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}
