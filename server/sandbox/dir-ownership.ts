/**
 * The rule for folders at predictable paths that must be ours (the server's temp root,
 * the sandbox's build cache): a real folder (not a link), owned by the expected uid, and
 * no access for group or others — except, where asked, passing through (x) to reach a
 * folder below whose name they cannot list. A path under /tmp that another local user
 * created first, or a link planted there, is refused rather than used. Pure: the I/O
 * shell (temp-root.ts) passes in what lstat saw.
 */

/** DirFacts is what lstat says about a path. */
export interface DirFacts {
  isDirectory: boolean;
  isSymbolicLink: boolean;
  uid: number;
  mode: number;
}

/** PrivateDirRule says whose a folder must be and whether others may pass through it. */
export interface PrivateDirRule {
  uid: number;
  /** Who that uid is, for the message ("the server", "the sandbox"). */
  owner: string;
  /** Others may pass through (mode 711) but neither list nor write it. */
  traversable?: boolean;
}

/** privateDirProblem says why a path breaks the rule, or undefined when it keeps it. */
export function privateDirProblem(path: string, facts: DirFacts, rule: PrivateDirRule): string | undefined {
  if (facts.isSymbolicLink) return `${path} is a symbolic link, not a folder of ${rule.owner}'s own`;
  if (!facts.isDirectory) return `${path} is not a folder`;
  if (facts.uid !== rule.uid) return `${path} belongs to uid ${facts.uid}, not to ${rule.owner} (uid ${rule.uid})`;
  const permissions = facts.mode & 0o777;
  const forbidden = rule.traversable ? 0o066 : 0o077;
  if ((permissions & forbidden) !== 0) {
    const allowed = rule.traversable ? '711: others may only pass through' : '700';
    return `${path} has mode ${permissions.toString(8).padStart(3, '0')}; only ${rule.owner} may use it (${allowed})`;
  }
  return undefined;
}

/** instancePid reads the server process id from an instance folder's name (`<pid>-<suffix>`). */
export function instancePid(name: string): number | undefined {
  const match = /^(\d+)-[A-Za-z0-9]+$/.exec(name);
  if (!match) return undefined;
  const pid = Number(match[1]);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}
