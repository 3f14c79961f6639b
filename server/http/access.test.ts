import { describe, expect, it } from 'vitest';
import {
  bearerToken,
  capabilitiesOf,
  createAccessPolicy,
  hostNameOf,
  isLoopbackAddress,
  isLoopbackHostName,
  normalizeHostName,
  type AccessConfig,
  type AccessRequest,
} from './access.ts';

const token = 'speaker-t0k';

function policyOf(extra: Partial<AccessConfig> = {}) {
  return createAccessPolicy({
    exposed: false,
    hostNames: () => [],
    credentials: () => [{ role: 'speaker', token }],
    tokenEquals: (given, expected) => given === expected,
    ...extra,
  });
}

const loopback: AccessRequest = { remoteAddress: '127.0.0.1', host: '127.0.0.1:8000', origin: undefined, authorization: undefined };
const withToken: AccessRequest = { ...loopback, authorization: `Bearer ${token}` };

describe('loopback addresses and names', () => {
  it('recognises loopback addresses in every form', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '127.255.255.255', '::1', '::ffff:127.0.0.1', '::FFFF:127.0.0.1']) {
      expect(isLoopbackAddress(address), address).toBe(true);
    }
    for (const address of ['10.0.0.1', '::ffff:10.0.0.1', '128.0.0.1', '1127.0.0.1', '127.0.0.1.evil', '127.0.0', '::2', '', undefined]) {
      expect(isLoopbackAddress(address), String(address)).toBe(false);
    }
  });

  it('recognises loopback host names, case and brackets aside', () => {
    for (const host of ['localhost', 'LOCALHOST', 'localhost.', 'deck.localhost', '127.0.0.1', '[::1]', '::1']) {
      expect(isLoopbackHostName(host), host).toBe(true);
    }
    for (const host of ['evil.example', 'localhost.evil.example', 'notlocalhost', '', '[::2]']) {
      expect(isLoopbackHostName(host), host).toBe(false);
    }
    // Brackets count only around the whole name: pieces of a loopback address in brackets are not one.
    for (const host of ['127.0.0.[1]', '[127.0.0].1', 'x[::1]', '[::1]x']) {
      expect(isLoopbackHostName(host), host).toBe(false);
    }
    expect(normalizeHostName('[FE80::1]')).toBe('fe80::1');
    expect(normalizeHostName('Deck.Example.')).toBe('deck.example');
  });

  it('takes the port off a Host header', () => {
    expect(hostNameOf('127.0.0.1:8000')).toBe('127.0.0.1');
    expect(hostNameOf('[::1]:80')).toBe('[::1]');
    expect(hostNameOf('[::1]')).toBe('[::1]');
    expect(hostNameOf('localhost')).toBe('localhost');
  });

  it('reads only Bearer tokens', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken('Bearer ')).toBeUndefined();
    expect(bearerToken('xBearer abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('Host check', () => {
  it('lets a loopback server answer loopback names only (DNS rebinding, forwarded names)', () => {
    const policy = policyOf();
    for (const host of ['127.0.0.1:8000', 'localhost:8000', 'LOCALHOST', '[::1]:8000', 'deck.localhost:8000']) {
      expect(policy.checkHost({ ...loopback, host }), host).toEqual({ ok: true });
    }
    for (const host of ['evil.example:8000', '192.0.2.5:8000', 'localhost.evil.example', '', ':8000']) {
      const check = policy.checkHost({ ...loopback, host });
      expect(check.ok, host).toBe(false);
    }
    const missing = policy.checkHost({ ...loopback, host: undefined });
    expect(missing).toMatchObject({ ok: false, reason: expect.stringMatching(/no Host header/) });
    const long = policy.checkHost({ ...loopback, host: `${'a'.repeat(300)}.example` });
    expect(long.ok).toBe(false);
    expect(!long.ok && long.reason.length).toBeLessThan(300);
    const foreign = policy.checkHost({ ...loopback, host: 'evil.example:8000' });
    expect(foreign).toMatchObject({ ok: false, reason: expect.stringMatching(/loopback names .*Host "evil\.example:8000"/) });
  });

  it('lets an exposed server answer its own addresses and the --allow-host names too', () => {
    const policy = policyOf({ exposed: true, hostNames: () => ['192.0.2.5', 'fe80::1', 'Deck.Example'] });
    for (const host of ['192.0.2.5:8000', '192.0.2.5', '[fe80::1]:8000', 'deck.example:8000', 'DECK.EXAMPLE.', '127.0.0.1:8000', 'localhost']) {
      expect(policy.checkHost({ ...loopback, host }), host).toEqual({ ok: true });
    }
    for (const host of ['evil.example:8000', '192.0.2.6:8000', 'deck.example.evil', '[fe80::2]:8000']) {
      expect(policy.checkHost({ ...loopback, host }).ok, host).toBe(false);
    }
    expect(policy.checkHost({ ...loopback, host: 'evil.example' })).toMatchObject({ reason: expect.stringMatching(/this machine's addresses/) });
  });

  it('sees host names that change while the server runs', () => {
    let names = ['192.0.2.5'];
    const policy = policyOf({ exposed: true, hostNames: () => names });
    expect(policy.checkHost({ ...loopback, host: '198.51.100.7' }).ok).toBe(false);
    names = ['198.51.100.7'];
    expect(policy.checkHost({ ...loopback, host: '198.51.100.7' }).ok).toBe(true);
  });

  it('never matches an empty allowed name', () => {
    const policy = policyOf({ hostNames: () => [''] });
    expect(policy.checkHost({ ...loopback, host: ':8000' }).ok).toBe(false);
  });
});

describe('roles', () => {
  it('makes only the token holder the speaker, on loopback too', () => {
    const policy = policyOf();
    expect(policy.roleOf(loopback)).toBe('watcher');
    expect(policy.roleOf({ ...loopback, remoteAddress: '::1' })).toBe('watcher');
    expect(policy.roleOf(withToken)).toBe('speaker');
    expect(policy.roleOf({ ...loopback, remoteAddress: '192.0.2.9', authorization: `Bearer ${token}` })).toBe('speaker');
    expect(policy.roleOf({ ...loopback, authorization: 'Bearer wrong' })).toBe('watcher');
    expect(policy.roleOf({ ...loopback, authorization: token })).toBe('watcher');
    expect(policy.roleOf({ ...loopback, authorization: `Basic ${token}` })).toBe('watcher');
  });

  it('gives a forwarded request (Host: localhost, no token) no control', () => {
    const policy = policyOf();
    const forwarded: AccessRequest = { remoteAddress: '127.0.0.1', host: 'localhost', origin: undefined, authorization: undefined };
    expect(policy.checkHost(forwarded).ok).toBe(true);
    expect(policy.may(forwarded, 'watch')).toBe(true);
    expect(policy.may(forwarded, 'control')).toBe(false);
  });

  it('never gives a foreign page control, token or not (CSRF)', () => {
    const policy = policyOf({ exposed: true, hostNames: () => ['192.0.2.1'] });
    const base: AccessRequest = { remoteAddress: '192.0.2.9', host: '192.0.2.1:8000', origin: undefined, authorization: `Bearer ${token}` };
    expect(policy.roleOf({ ...base, origin: 'https://evil.example' })).toBe('watcher');
    expect(policy.roleOf({ ...base, origin: 'null' })).toBe('watcher');
    expect(policy.roleOf({ ...base, origin: 'http://192.0.2.1:9000' })).toBe('watcher');
    expect(policy.roleOf({ ...base, origin: 'http://192.0.2.1:8000' })).toBe('speaker');
    expect(policy.roleOf({ ...base, origin: 'http://localhost:5173' })).toBe('speaker');
    expect(policy.roleOf(base)).toBe('speaker');
  });

  it('allows same-origin and loopback pages, refuses others and garbage', () => {
    const policy = policyOf();
    expect(policy.originAllowed({ ...loopback, origin: undefined })).toBe(true);
    expect(policy.originAllowed({ ...loopback, origin: 'http://127.0.0.1:8000' })).toBe(true);
    expect(policy.originAllowed({ ...loopback, origin: 'http://[::1]:5173' })).toBe(true);
    expect(policy.originAllowed({ ...loopback, host: 'Deck.Example:8000', origin: 'http://deck.example:8000' })).toBe(true);
    expect(policy.originAllowed({ ...loopback, host: undefined, origin: 'http://deck.example:8000' })).toBe(false);
    expect(policy.originAllowed({ ...loopback, origin: 'https://evil.example' })).toBe(false);
    expect(policy.originAllowed({ ...loopback, origin: 'not a url' })).toBe(false);
  });

  it('maps roles to capabilities, and credentials may change', () => {
    expect(capabilitiesOf.watcher).toEqual(['watch']);
    expect(capabilitiesOf.speaker).toEqual(['watch', 'control', 'drive', 'step', 'slide-run', 'remotes']);
    expect(capabilitiesOf.remote).toEqual(['watch', 'step', 'slide-run']);
    let credentials = [{ role: 'speaker' as const, token }];
    const policy = policyOf({ credentials: () => credentials });
    expect(policy.may(withToken, 'control')).toBe(true);
    expect(policy.may(withToken, 'drive')).toBe(true);
    expect(policy.may(withToken, 'watch')).toBe(true);
    expect(policy.may(loopback, 'watch')).toBe(true);
    // The audience follows the deck; it never moves it.
    expect(policy.may(loopback, 'drive')).toBe(false);
    credentials = []; // revoked
    expect(policy.may(withToken, 'control')).toBe(false);
  });

  it('a remote token is a remote: it steps and runs the slide\'s demo, never controls, drives or makes remotes', () => {
    const remote = { role: 'remote' as const, token: 'phone-token', id: 'r1', label: 'remote 1' };
    const policy = policyOf({ credentials: () => [{ role: 'speaker' as const, token }, remote] });
    const phone = { ...loopback, authorization: 'Bearer phone-token' };
    expect(policy.roleOf(phone)).toBe('remote');
    expect(policy.credentialOf(phone)).toEqual(remote);
    expect(policy.credentialOf(withToken)).toEqual({ role: 'speaker', token });
    expect(policy.credentialOf(loopback)).toBeUndefined();
    for (const capability of ['step', 'slide-run', 'watch'] as const) expect(policy.may(phone, capability)).toBe(true);
    for (const capability of ['control', 'drive', 'remotes'] as const) expect(policy.may(phone, capability)).toBe(false);
    // A foreign page carrying the phone's token is no remote.
    expect(policy.credentialOf({ ...phone, origin: 'https://evil.example' })).toBeUndefined();
    expect(policy.may({ ...phone, origin: 'https://evil.example' }, 'step')).toBe(false);
  });

  it('compares tokens with the injected comparison', () => {
    const seen: Array<[string, string]> = [];
    const policy = policyOf({ tokenEquals: (given, expected) => (seen.push([given, expected]), false) });
    expect(policy.roleOf(withToken)).toBe('watcher');
    expect(seen).toEqual([[token, token]]);
  });
});

describe('names that normalize to nothing', () => {
  it('never match a configured name that is empty once normalized', () => {
    const policy = policyOf({ exposed: true, hostNames: () => ['', '.', 'deck.example'] });
    for (const host of ['.', '.:8000', '[]', '', ':8000']) {
      expect(policy.checkHost({ ...loopback, host }).ok, host).toBe(false);
    }
    expect(policy.checkHost({ ...loopback, host: undefined })).toEqual({
      ok: false,
      reason: "this server answers only to loopback names, this machine's addresses and the names given with --allow-host; the request had no Host header",
    });
    expect(policy.checkHost({ ...loopback, host: 'deck.example.:8000' }).ok).toBe(true);
  });
});
