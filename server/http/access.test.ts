import { describe, expect, it } from 'vitest';
import { bearerToken, createAccessPolicy, hostNameOf, isLoopbackAddress, isLoopbackHostName } from './access.ts';

describe('access', () => {
  it('recognises loopback addresses and host names', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(address)).toBe(true);
    for (const address of ['10.0.0.1', '::ffff:10.0.0.1', '', undefined]) expect(isLoopbackAddress(address)).toBe(false);
    for (const host of ['localhost', 'LOCALHOST', 'deck.localhost', '127.0.0.1', '[::1]']) expect(isLoopbackHostName(host)).toBe(true);
    expect(isLoopbackHostName('evil.example')).toBe(false);
    expect(hostNameOf('127.0.0.1:8000')).toBe('127.0.0.1');
    expect(hostNameOf('[::1]:80')).toBe('[::1]');
    expect(hostNameOf('localhost')).toBe('localhost');
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
  });

  it('gives control to loopback or the token holder, never to foreign pages', () => {
    const policy = createAccessPolicy({ exposed: true, token: 't0k', tokenEquals: (a, b) => a === b });
    const base = { host: '192.0.2.1:8000', origin: undefined, authorization: undefined };
    expect(policy.canControl({ ...base, remoteAddress: '127.0.0.1' })).toBe(true);
    expect(policy.canControl({ ...base, remoteAddress: '192.0.2.9' })).toBe(false);
    expect(policy.canControl({ ...base, remoteAddress: '192.0.2.9', authorization: 'Bearer t0k' })).toBe(true);
    expect(policy.canControl({ ...base, remoteAddress: '192.0.2.9', authorization: 'Bearer t0k', origin: 'https://evil.example' })).toBe(false);
    expect(policy.canControl({ ...base, remoteAddress: '192.0.2.9', authorization: 'Bearer t0k', origin: 'http://192.0.2.1:8000' })).toBe(true);
    expect(policy.hostAllowed({ ...base, remoteAddress: '1.2.3.4', host: 'anything' })).toBe(true);
    const local = createAccessPolicy({ exposed: false, tokenEquals: () => false });
    expect(local.hostAllowed({ ...base, remoteAddress: '127.0.0.1', host: 'evil.example' })).toBe(false);
    expect(local.hostAllowed({ ...base, remoteAddress: '127.0.0.1', host: 'localhost:8000' })).toBe(true);
    expect(local.canControl({ ...base, remoteAddress: '127.0.0.1', origin: 'null' })).toBe(false);
  });
});
