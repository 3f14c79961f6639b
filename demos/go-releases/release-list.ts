/**
 * The Go releases the go-releases demo may compare, and the `releases` param that picks
 * some of them. Pure: no I/O; the list itself is `releases.json` beside this file, checked
 * in with exact versions (never resolved at run time, so a run next year measures the
 * same builds).
 *
 * The `releases` param is `all`, `stage` (the oldest listed, the newest listed and the
 * installed Go: the three-release sweep a talk can afford), or a comma list of tokens:
 *
 *   1.20  go1.20         the listed release of that minor (go1.20.14)
 *   1.20.14  go1.20.14   the same, spelled exactly (another patch is refused)
 *   installed            the Go found on this machine, for its own minor
 *   1.26  go1.26.8       a minor newer than the list: only the installed Go can be it;
 *                        whether it is shows at run time (a "missing" row if not)
 *
 * A token that is none of these (malformed, a minor between listed ones, older than the
 * oldest listed) is refused with a message naming it: the server answers 400, the CLI
 * exits 2.
 */
import releasesJson from './releases.json' with { type: 'json' };

/** GoVersion is a parsed Go 1.x release number; `patch` is undefined for a bare minor ("1.20"). */
export type GoVersion = { minor: number; patch: number | undefined };

/** ListedRelease is one entry of the checked-in list. */
export type ListedRelease = {
  /** Exact version as the go command spells it: "go1.10.8". */
  version: string;
  minor: number;
  patch: number;
  /** Size of the toolchain module zip on the proxy (linux-amd64), for fetch progress. */
  zipBytes?: number;
  /** Why this release is on the list, for the slide's notes. */
  note?: string;
};

/** ReleaseRequest is one resolved token of the `releases` param. */
export type ReleaseRequest =
  | { kind: 'listed'; release: ListedRelease }
  /** The installed Go; `minor`/`version` when the token named one (checked at run time). */
  | { kind: 'installed'; minor?: number; version?: string };

/** ReleaseSelection is the outcome of reading the `releases` param. */
export type ReleaseSelection = { ok: true; requests: ReleaseRequest[] } | { ok: false; message: string };

/** parseGoVersion reads "1.20", "go1.20", "1.20.14" or "go1.20.14" (no pre-releases). */
export function parseGoVersion(text: string): GoVersion | undefined {
  const m = /^(?:go)?1\.(\d{1,3})(?:\.(\d{1,3}))?$/.exec(text.trim());
  if (!m) return undefined;
  return { minor: Number(m[1]), patch: m[2] === undefined ? undefined : Number(m[2]) };
}

/** minorLabel spells a minor the way the slides do: "1.20". */
export function minorLabel(minor: number): string {
  return `1.${minor}`;
}

/**
 * parseReleaseList checks the list file's shape: exact versions ("go1.X.Y"), oldest first,
 * one per minor. Throws an Error naming the bad entry, so a broken edit fails the tests
 * and the build instead of a run on stage.
 */
export function parseReleaseList(json: unknown): ListedRelease[] {
  const entries = (json as { releases?: unknown } | null)?.releases;
  if (!Array.isArray(entries) || entries.length === 0) throw new Error('release list: "releases" must be a non-empty array');
  const list: ListedRelease[] = [];
  for (const [index, entry] of entries.entries()) {
    const where = `release list entry ${index + 1}`;
    if (entry === null || typeof entry !== 'object') throw new Error(`${where}: expected an object`);
    const { version, zipBytes, note } = entry as Record<string, unknown>;
    if (typeof version !== 'string') throw new Error(`${where}: "version" must be a string`);
    const parsed = parseGoVersion(version);
    if (!parsed || parsed.patch === undefined || !version.startsWith('go')) {
      throw new Error(`${where}: "${version}" is not an exact release like go1.20.14`);
    }
    // Number.isInteger is false for every non-number; Number() only tells the type checker so.
    if (zipBytes !== undefined && !(Number.isInteger(zipBytes) && Number(zipBytes) > 0)) {
      throw new Error(`${where}: "zipBytes" must be a positive integer`);
    }
    if (note !== undefined && typeof note !== 'string') throw new Error(`${where}: "note" must be a string`);
    const release: ListedRelease = { version, minor: parsed.minor, patch: parsed.patch };
    if (typeof zipBytes === 'number') release.zipBytes = zipBytes;
    if (typeof note === 'string') release.note = note;
    const previous = list[list.length - 1];
    if (previous && previous.minor >= release.minor) {
      throw new Error(`${where}: ${version} must come after ${previous.version} and be of a newer minor`);
    }
    list.push(release);
  }
  return list;
}

/** releaseList is the checked-in list (releases.json), oldest first. */
export const releaseList: readonly ListedRelease[] = parseReleaseList(releasesJson);

/** releaseSelectionKeywords are the param values that name a set rather than releases. */
export const releaseSelectionKeywords = ['all', 'stage'] as const;

function describeList(list: readonly ListedRelease[]): string {
  return list.map((release) => release.version).join(', ');
}

/** parseReleaseToken resolves one token of the comma list, or says what is wrong with it. */
function parseReleaseToken(token: string, list: readonly ListedRelease[]): ReleaseRequest | string {
  if (token === 'installed') return { kind: 'installed' };
  const version = parseGoVersion(token);
  if (!version) return `"${token}" is not a Go release (expected e.g. 1.20, go1.20.14, installed, all or stage)`;
  const spelled = `go${minorLabel(version.minor)}${version.patch === undefined ? '' : `.${version.patch}`}`;
  const oldest = list[0]!;
  const newest = list[list.length - 1]!;
  if (version.minor < oldest.minor) return `${spelled} is older than the oldest supported release, ${oldest.version}`;
  if (version.minor > newest.minor) {
    return version.patch === undefined ? { kind: 'installed', minor: version.minor } : { kind: 'installed', minor: version.minor, version: spelled };
  }
  const listed = list.find((release) => release.minor === version.minor);
  if (!listed) return `${spelled} is not in the release list (${describeList(list)})`;
  if (version.patch !== undefined && version.patch !== listed.patch) {
    return `${spelled} is not in the release list: its ${minorLabel(version.minor)} release is ${listed.version}`;
  }
  return { kind: 'listed', release: listed };
}

/** sameRequest says whether two requests name the same row. */
function sameRequest(a: ReleaseRequest, b: ReleaseRequest): boolean {
  if (a.kind === 'listed' && b.kind === 'listed') return a.release.version === b.release.version;
  return a.kind === 'installed' && b.kind === 'installed' && a.minor === b.minor && a.version === b.version;
}

/**
 * parseReleaseSelection reads the `releases` param against the list. Duplicates are
 * dropped; the order of the rows is decided later, by version (see resolveReleases).
 */
export function parseReleaseSelection(text: string, list: readonly ListedRelease[] = releaseList): ReleaseSelection {
  const trimmed = text.trim();
  if (trimmed === 'all') return { ok: true, requests: [...list.map((release) => ({ kind: 'listed' as const, release })), { kind: 'installed' }] };
  if (trimmed === 'stage') {
    const ends = list.length > 1 ? [list[0]!, list[list.length - 1]!] : [list[0]!];
    return { ok: true, requests: [...ends.map((release) => ({ kind: 'listed' as const, release })), { kind: 'installed' }] };
  }
  const tokens = trimmed.split(',').map((token) => token.trim());
  if (tokens.some((token) => token === '')) return { ok: false, message: `"${text}" has an empty release in its list` };
  const requests: ReleaseRequest[] = [];
  for (const token of tokens) {
    const request = parseReleaseToken(token, list);
    if (typeof request === 'string') return { ok: false, message: request };
    if (!requests.some((known) => sameRequest(known, request))) requests.push(request);
  }
  return { ok: true, requests };
}

/** PlannedRelease is one row of a run: a release to build and time, or a missing one. */
export type PlannedRelease = {
  /** "go1.10.8"; for a missing installed request, what was asked ("go1.27"). */
  version: string;
  minor: number;
  source: 'listed' | 'installed';
  /** Why this release cannot be measured here (then it is a "missing" row). */
  missing?: string;
  zipBytes?: number;
};

/**
 * resolveReleases turns requests into rows, oldest first, given the installed Go
 * ("go1.26.8", or undefined when there is none). The installed Go stands for its own
 * minor: it replaces the listed release of that minor, so one minor is one row.
 */
export function resolveReleases(requests: readonly ReleaseRequest[], installed: string | undefined): PlannedRelease[] {
  const installedVersion = installed ? parseGoVersion(installed) : undefined;
  const rows = new Map<string, PlannedRelease>();
  const add = (row: PlannedRelease): void => {
    const key = row.missing ? `missing:${row.version}` : `minor:${row.minor}`;
    // Stryker disable next-line ConditionalExpression: two requests that land on one key make the same row (the installed Go stands for its minor), so first or last wins alike
    if (!rows.has(key)) rows.set(key, row);
  };
  const installedRow = (): PlannedRelease | undefined =>
    installed && installedVersion ? { version: installed, minor: installedVersion.minor, source: 'installed' } : undefined;
  for (const request of requests) {
    if (request.kind === 'listed') {
      const own = installedVersion?.minor === request.release.minor ? installedRow() : undefined;
      const listed: PlannedRelease = { version: request.release.version, minor: request.release.minor, source: 'listed' };
      if (request.release.zipBytes !== undefined) listed.zipBytes = request.release.zipBytes;
      add(own ?? listed);
      continue;
    }
    const asked = request.version ?? (request.minor === undefined ? 'the installed Go' : `go${minorLabel(request.minor)}`);
    const row = installedRow();
    if (!row) {
      add({ version: asked === 'the installed Go' ? 'installed' : asked, minor: request.minor ?? Number.MAX_SAFE_INTEGER, source: 'installed', missing: 'no Go is installed on this machine' });
    } else if ((request.minor !== undefined && request.minor !== row.minor) || (request.version !== undefined && request.version !== installed)) {
      add({ version: asked, minor: request.minor ?? row.minor, source: 'installed', missing: `newer than the release list, so only the installed Go can be it, and that is ${installed}` });
    } else {
      add(row);
    }
  }
  return [...rows.values()].sort((a, b) => a.minor - b.minor);
}
