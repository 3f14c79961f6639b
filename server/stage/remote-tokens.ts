/**
 * Phone remotes' tokens: the speaker makes one per phone (`POST /api/remote/tokens`), the
 * phone opens `…/remote/#token=…` and sends it as `Authorization: Bearer`, and the speaker
 * can revoke it at any time. Kept in memory for the server's life, like the speaker's
 * token: a restart ends every remote.
 *
 * A remote's token is a credential of its own role (`remote`, access.ts): it moves the
 * deck and runs the current slide's demo, nothing else (remote-scope.ts). Each remote also
 * has an id, which is no secret (the driver seat names remotes by it on the public stage
 * stream), and a label the speaker sees ("remote 1").
 *
 * Pure: randomness and the clock come in, so the rules are unit-tested.
 */
import type { RemoteInfo } from '../../demos/protocol.ts';

/** maxActiveRemotes caps remotes alive at once: a speaker and a few co-presenters, not a crowd. */
export const maxActiveRemotes = 20;

/** maxKeptRemotes caps the list (revoked ones stay listed so the speaker sees them, up to here). */
export const maxKeptRemotes = 100;

/** RemoteCredential is an active remote's token and who it is. */
export interface RemoteCredential {
  id: string;
  label: string;
  token: string;
}

/** IssueResult is a new remote, or why none was made. */
export type IssueResult = { ok: true; remote: RemoteInfo; token: string } | { ok: false; status: 400 | 409; message: string };

/** RemoteTokens holds the remotes of one server. */
export interface RemoteTokens {
  /** issue makes a remote; `label` defaults to "remote N". */
  issue(label?: string): IssueResult;
  /** revoke ends a remote's token; undefined when no remote has that id. */
  revoke(id: string): RemoteInfo | undefined;
  /** list is every kept remote, oldest first. */
  list(): RemoteInfo[];
  /** active is the credentials that work now (for the access policy). */
  active(): readonly RemoteCredential[];
  /** revokedMatch says whether a token is a revoked remote's (for a clearer refusal). */
  revokedMatch(given: string, equals: (given: string, token: string) => boolean): RemoteInfo | undefined;
}

/** RemoteTokensOptions configure createRemoteTokens. */
export interface RemoteTokensOptions {
  /** A new secret token (base64url, ≥ 128 bits). */
  randomToken: () => string;
  /** A new short id (not secret). */
  randomId: () => string;
  now: () => Date;
}

/** maxLabelChars bounds a label (it is shown on the speaker view and the phones). */
export const maxLabelChars = 40;

/** checkLabel says what is wrong with a label, or undefined when it is fine (absent is fine). */
export function checkLabel(label: unknown): string | undefined {
  if (label === undefined) return undefined;
  if (typeof label !== 'string') return 'label: expected a string';
  if (label.trim() === '') return 'label: must not be empty';
  if (label.length > maxLabelChars) return `label: at most ${maxLabelChars} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(label)) return 'label: no control characters';
  return undefined;
}

/** createRemoteTokens makes the empty set of remotes of one server. */
export function createRemoteTokens(options: RemoteTokensOptions): RemoteTokens {
  /** Remotes in the order they were made; a revoked one keeps its token, to tell "revoked" from "unknown". */
  const remotes: Array<RemoteInfo & { token: string }> = [];
  let made = 0;

  const publicInfo = ({ token: _token, ...info }: RemoteInfo & { token: string }): RemoteInfo => ({ ...info });

  return {
    issue(label) {
      const problem = checkLabel(label);
      if (problem) return { ok: false, status: 400, message: problem };
      if (remotes.filter((remote) => !remote.revokedAt).length >= maxActiveRemotes) {
        return { ok: false, status: 409, message: `${maxActiveRemotes} remotes are active already; revoke one first` };
      }
      made += 1;
      const remote = { id: options.randomId(), label: label?.trim() ?? `remote ${made}`, createdAt: options.now().toISOString(), token: options.randomToken() };
      remotes.push(remote);
      // Forget the oldest revoked remotes first; active ones are never dropped.
      while (remotes.length > maxKeptRemotes) {
        const oldestRevoked = remotes.findIndex((item) => item.revokedAt);
        if (oldestRevoked === -1) break;
        remotes.splice(oldestRevoked, 1);
      }
      return { ok: true, remote: publicInfo(remote), token: remote.token };
    },
    revoke(id) {
      const remote = remotes.find((item) => item.id === id);
      if (!remote) return undefined;
      remote.revokedAt ??= options.now().toISOString();
      return publicInfo(remote);
    },
    list: () => remotes.map(publicInfo),
    active: () => remotes.filter((remote) => !remote.revokedAt).map(({ id, label, token }) => ({ id, label, token })),
    revokedMatch(given, equals) {
      const remote = remotes.find((item) => item.revokedAt && equals(given, item.token));
      return remote ? publicInfo(remote) : undefined;
    },
  };
}
