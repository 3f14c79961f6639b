/**
 * The command line of one sandboxed step, as argument arrays (never a shell string made
 * from input). Pure: sandbox.ts opens the files and starts the process.
 *
 * The chain, each part exec'ing the next so one process id carries it:
 *   sh -c JOIN <cgroup.procs files> --   join the step's cgroups before anything else
 *                                        runs (as root: moving a process needs it on v2)
 *   setpriv --reuid --regid --clear-groups   drop to the unprivileged uid (server as root)
 *   prlimit --fsize … --core=0 [fallback rlimits]
 *   bwrap …                              the sandbox (bubblewrap), then
 *   timeout --signal=KILL N              a wall-time backstop inside it, then the command
 *
 * bubblewrap, and why each option:
 * - `--unshare-all`: own user, PID, network, IPC, UTS and cgroup namespaces. A PID
 *   namespace ends with its init, so no process escapes the run with setsid; a network
 *   namespace has only its own loopback, so nothing reaches the server (or anything else).
 * - `--die-with-parent`: the sandbox dies with the server, even when the server is
 *   killed with SIGKILL. (bubblewrap 0.8 sets this up in its init a moment after
 *   starting it; a server killed within that moment leaves the sandbox to the backstop:
 *   `timeout` as the sandbox's first process ends it at the deadline, and if the program
 *   kills `timeout` instead, the sandbox ends with it, since its first process is gone.)
 * - `--new-session`: no controlling terminal to push input into (TIOCSTI).
 * - The system view: `/usr` (and the `/bin`, `/lib*`, `/sbin` links or folders) read-only,
 *   a fresh /proc and a minimal /dev, nothing else of the host: not /etc, /home, /root,
 *   the project, the server's temp root or other runs. `/` and `/dev` are then made
 *   read-only; the only writable places are the step's own mounts and its private
 *   size-capped /tmp and /dev/shm (tmpfs, gone when the sandbox ends).
 * - Run-specific folders come in as open file descriptors (`--bind-fd`), opened by the
 *   server: the unprivileged uid cannot reach them by path (they live under 0700 folders
 *   of the server's), and need not.
 * - `--clearenv`, then only the variables given: the server's environment never leaks.
 * - `--uid`/`--gid`: the uid inside is the unprivileged uid the sandbox runs as outside.
 */

/** SystemEntry is one top-level entry of the host's system view: a link or a read-only folder. */
export type SystemEntry = { kind: 'symlink'; path: string; target: string } | { kind: 'dir'; path: string };

/** SandboxMount is a host folder (or file) shown inside, passed as an open descriptor. */
export interface SandboxMount {
  /** The child's descriptor number for it (3, 4 …). */
  fd: number;
  /** Where it appears inside. */
  dest: string;
  writable: boolean;
}

/** BwrapPlan is everything bwrapArgs needs. */
export interface BwrapPlan {
  system: readonly SystemEntry[];
  mounts: readonly SandboxMount[];
  tmpBytes: number;
  cwd: string;
  env: Readonly<Record<string, string>>;
  uid: number;
  gid: number;
}

/** joinScript is the one shell script: write our pid into each file before `--`, then exec the rest. */
export const joinScript = 'while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done; shift; exec "$@"';

/** joinFailedExitCode is the join script's exit status when it cannot enter a cgroup. */
export const joinFailedExitCode = 125;

/** bwrapArgs returns bubblewrap's options for a plan (the command follows `--`). */
export function bwrapArgs(plan: BwrapPlan): string[] {
  const args = ['--unshare-all', '--die-with-parent', '--new-session'];
  for (const entry of plan.system) {
    if (entry.kind === 'symlink') args.push('--symlink', entry.target, entry.path);
    else args.push('--ro-bind', entry.path, entry.path);
  }
  args.push('--proc', '/proc', '--dev', '/dev');
  const size = String(Math.floor(plan.tmpBytes));
  args.push('--size', size, '--tmpfs', '/tmp', '--size', size, '--tmpfs', '/dev/shm');
  for (const mount of plan.mounts) args.push(mount.writable ? '--bind-fd' : '--ro-bind-fd', String(mount.fd), mount.dest);
  // After every mount point exists: nothing else is writable.
  args.push('--remount-ro', '/dev', '--remount-ro', '/');
  args.push('--uid', String(plan.uid), '--gid', String(plan.gid), '--chdir', plan.cwd, '--clearenv');
  for (const [name, value] of Object.entries(plan.env)) args.push('--setenv', name, value);
  return args;
}

/** WrapperPlan is the chain around bubblewrap. */
export interface WrapperPlan {
  /** cgroup.procs files to join first (none: no cgroup here). */
  procsFiles: readonly string[];
  /** uid/gid to drop to (only when the server is root). */
  dropTo?: { uid: number; gid: number };
  paths: { sh: string; setpriv: string; prlimit: string; bwrap: string };
  rlimits: readonly string[];
  bwrap: readonly string[];
  /** coreutils `timeout` (a path inside the sandbox) and the deadline it enforces, in seconds. */
  backstop?: { timeout: string; seconds: number };
  command: string;
  args: readonly string[];
}

/** wrapperCommand returns the file and arguments that start a sandboxed step. */
export function wrapperCommand(plan: WrapperPlan): { file: string; args: string[] } {
  const backstop = plan.backstop ? [plan.backstop.timeout, '--signal=KILL', String(Math.max(1, Math.ceil(plan.backstop.seconds)))] : [];
  const inner = [plan.paths.prlimit, ...plan.rlimits, '--', plan.paths.bwrap, ...plan.bwrap, '--', ...backstop, plan.command, ...plan.args];
  const dropped = plan.dropTo
    ? [plan.paths.setpriv, `--reuid=${plan.dropTo.uid}`, `--regid=${plan.dropTo.gid}`, '--clear-groups', '--', ...inner]
    : inner;
  if (plan.procsFiles.length === 0) return { file: dropped[0]!, args: dropped.slice(1) };
  return { file: plan.paths.sh, args: ['-c', joinScript, 'sandbox-join', ...plan.procsFiles, '--', ...dropped] };
}

/** systemView lists the host's top-level system entries to show: links as links, folders read-only. */
export function systemView(entries: ReadonlyArray<{ path: string; symlinkTarget?: string; isDirectory: boolean }>): SystemEntry[] {
  const view: SystemEntry[] = [];
  for (const entry of entries) {
    if (entry.symlinkTarget !== undefined) view.push({ kind: 'symlink', path: entry.path, target: entry.symlinkTarget });
    else if (entry.isDirectory) view.push({ kind: 'dir', path: entry.path });
  }
  return view;
}

/** systemPaths are the host paths considered for the system view. */
export const systemPaths: readonly string[] = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];
