import { describe, expect, it } from 'vitest';
import { checkLabel, createRemoteTokens, maxActiveRemotes, maxKeptRemotes } from './remote-tokens.ts';

function setup() {
  let tokens = 0;
  let ids = 0;
  return createRemoteTokens({ randomToken: () => `token-${++tokens}`, randomId: () => `id-${++ids}`, now: () => new Date('2026-12-01T10:00:00Z') });
}
const equals = (a: string, b: string): boolean => a === b;

describe('remote tokens', () => {
  it('issues remotes with their own tokens and labels; the list never shows a token', () => {
    const remotes = setup();
    const first = remotes.issue();
    const second = remotes.issue('Ada\'s phone');
    expect(first).toEqual({ ok: true, remote: { id: 'id-1', label: 'remote 1', createdAt: '2026-12-01T10:00:00.000Z' }, token: 'token-1' });
    expect(second).toMatchObject({ ok: true, remote: { id: 'id-2', label: 'Ada\'s phone' }, token: 'token-2' });
    expect(remotes.active()).toEqual([
      { id: 'id-1', label: 'remote 1', token: 'token-1' },
      { id: 'id-2', label: 'Ada\'s phone', token: 'token-2' },
    ]);
    expect(JSON.stringify(remotes.list())).not.toContain('token-');
  });

  it('revokes: the token stops working, the list says when, and a revoked token is told apart', () => {
    const remotes = setup();
    remotes.issue();
    remotes.issue();
    expect(remotes.revoke('id-1')).toEqual({ id: 'id-1', label: 'remote 1', createdAt: '2026-12-01T10:00:00.000Z', revokedAt: '2026-12-01T10:00:00.000Z' });
    expect(remotes.active().map((remote) => remote.token)).toEqual(['token-2']);
    expect(remotes.revokedMatch('token-1', equals)?.id).toBe('id-1');
    expect(remotes.revokedMatch('token-2', equals)).toBeUndefined();
    expect(remotes.revokedMatch('nonsense', equals)).toBeUndefined();
    expect(remotes.revoke('nobody')).toBeUndefined();
    expect(remotes.list().map((remote) => Boolean(remote.revokedAt))).toEqual([true, false]);
  });

  it('caps active remotes, and keeps a bounded list dropping the oldest revoked first', () => {
    const remotes = setup();
    for (let i = 0; i < maxActiveRemotes; i++) expect(remotes.issue().ok).toBe(true);
    expect(remotes.issue()).toEqual({ ok: false, status: 409, message: `${maxActiveRemotes} remotes are active already; revoke one first` });
    remotes.revoke('id-1');
    expect(remotes.issue().ok).toBe(true);
    for (let i = 2; i <= 11; i++) remotes.revoke(`id-${i}`);
    const stillActive = remotes.active().map((remote) => remote.id);
    expect(stillActive).toHaveLength(maxActiveRemotes - 10);
    for (let i = 0; i < maxKeptRemotes; i++) {
      const made = remotes.issue();
      expect(made.ok).toBe(true);
      if (made.ok) remotes.revoke(made.remote.id);
    }
    expect(remotes.list()).toHaveLength(maxKeptRemotes);
    // Active remotes are never dropped; the oldest revoked ones are.
    expect(remotes.active().map((remote) => remote.id)).toEqual(stillActive);
    expect(remotes.list().some((remote) => remote.id === 'id-1' || remote.id === 'id-11')).toBe(false);
    expect(remotes.list().at(-1)?.revokedAt).toBeDefined();
  });

  it('checks labels', () => {
    expect(checkLabel(undefined)).toBeUndefined();
    expect(checkLabel('co-host')).toBeUndefined();
    expect(checkLabel(3)).toBe('label: expected a string');
    expect(checkLabel('  ')).toBe('label: must not be empty');
    expect(checkLabel('x'.repeat(41))).toBe('label: at most 40 characters');
    expect(checkLabel('x'.repeat(40))).toBeUndefined();
    expect(checkLabel('a\nb')).toBe('label: no control characters');
    expect(setup().issue('a\u0007')).toEqual({ ok: false, status: 400, message: 'label: no control characters' });
  });
});
