/**
 * The server's own temp root, `$TMPDIR/cgo-deck-<uid>/`, with one folder per server
 * process, `<pid>-<random>/`. Runs' temp dirs, and the temp files of the tools they start
 * (TMPDIR, GOTMPDIR: Go's `go-build*` work dirs, gcc's temp files), go there, so a
 * server killed hard (SIGKILL) leaves them in one known place; the next start removes
 * the folders of server processes that are gone. Other `/tmp/go-build*` are never
 * touched: they may be someone's build in progress.
 *
 * Mode 0711 (checked: ours, and nobody else may list or write it): the sandbox's
 * unprivileged uid must pass through to reach its run's folder, which bubblewrap mounts
 * by path; it cannot list the root to find other folders, and each run's folder is
 * itself closed. The sandbox's build cache lives here too (see sandbox.ts).
 */
import { chmod, chown, lstat, mkdir, readdir, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instancePid, privateDirProblem, type PrivateDirRule } from './dir-ownership.ts';

/** TempRoot is this process's place under the server's temp root. */
export interface TempRoot {
  /** The shared root, `$TMPDIR/cgo-deck-<uid>`. */
  root: string;
  /** This process's folder in it. */
  dir: string;
  /** Folders of dead server processes removed at opening. */
  swept: string[];
}

/** serverUid is the uid the server runs as (0 where there are no uids). */
export function serverUid(): number {
  return process.getuid?.() ?? 0;
}

/**
 * ensurePrivateDir creates `path` (mode 0700, or 0711 when others may pass through) if
 * needed, gives it to `rule.uid` when the server made it for another uid, and refuses it
 * (throws) when it breaks the rule: someone else's, a link, or open to others.
 */
export async function ensurePrivateDir(path: string, rule: PrivateDirRule = { uid: serverUid(), owner: 'the server' }): Promise<void> {
  const created = await mkdir(path, { mode: rule.traversable ? 0o711 : 0o700 }).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
      return false;
    },
  );
  // mkdir's mode passes through the umask, which may take the x bits away.
  if (created) await chmod(path, rule.traversable ? 0o711 : 0o700);
  if (created && rule.uid !== serverUid()) await chown(path, rule.uid, -1);
  const info = await lstat(path);
  const problem = privateDirProblem(path, { isDirectory: info.isDirectory(), isSymbolicLink: info.isSymbolicLink(), uid: info.uid, mode: info.mode }, rule);
  if (problem) throw new Error(`refusing to use it: ${problem}`);
  // Ours but closed (made by an older version, or a strict umask): open it to pass through.
  if (rule.traversable && (info.mode & 0o011) !== 0o011) await chmod(path, 0o711);
}

/** isProcessAlive says whether a process id is in use (EPERM: alive, someone else's). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** openTempRoot makes this process's folder under the temp root, after removing dead servers' folders. */
export async function openTempRoot(base = tmpdir()): Promise<TempRoot> {
  const root = tempRootPath(base);
  await ensurePrivateDir(root, { uid: serverUid(), owner: 'the server', traversable: true });
  const swept: string[] = [];
  for (const name of await readdir(root)) {
    const pid = instancePid(name);
    if (pid === undefined || isProcessAlive(pid)) continue;
    await rm(join(root, name), { recursive: true, force: true });
    swept.push(join(root, name));
  }
  const dir = join(root, `${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(dir);
  await chmod(dir, 0o711);
  return { root, dir, swept };
}

/** tempRootPath is the server's temp root for this uid. */
export function tempRootPath(base = tmpdir()): string {
  return join(base, `cgo-deck-${serverUid()}`);
}
