import { describe, expect, it } from 'vitest';
import { instancePid, privateDirProblem } from './dir-ownership.ts';

const ok = { isDirectory: true, isSymbolicLink: false, uid: 1000, mode: 0o40700 };
const server = { uid: 1000, owner: 'the server' };

describe('private folders', () => {
  it('accepts a 0700 folder of its owner', () => {
    expect(privateDirProblem('/tmp/x', ok, server)).toBeUndefined();
    expect(privateDirProblem('/tmp/x', { ...ok, mode: 0o40500 }, server)).toBeUndefined();
    expect(privateDirProblem('/tmp/x', { ...ok, uid: 65534 }, { uid: 65534, owner: 'the sandbox' })).toBeUndefined();
  });

  it('refuses links, files, other owners and wider modes, saying why', () => {
    expect(privateDirProblem('/tmp/x', { ...ok, isSymbolicLink: true, isDirectory: false }, server)).toBe("/tmp/x is a symbolic link, not a folder of the server's own");
    expect(privateDirProblem('/tmp/x', { ...ok, isDirectory: false }, server)).toBe('/tmp/x is not a folder');
    expect(privateDirProblem('/tmp/x', { ...ok, uid: 1001 }, server)).toBe('/tmp/x belongs to uid 1001, not to the server (uid 1000)');
    expect(privateDirProblem('/tmp/x', { ...ok, mode: 0o40755 }, server)).toBe('/tmp/x has mode 755; only the server may use it (700)');
    for (const mode of [0o40701, 0o40710, 0o40770, 0o40704, 0o40740, 0o40777, 0o40711]) {
      expect(privateDirProblem('/tmp/x', { ...ok, mode }, server), mode.toString(8)).toMatch(/has mode/);
    }
    expect(privateDirProblem('/tmp/x', { ...ok, mode: 0o40070 }, server)).toBe('/tmp/x has mode 070; only the server may use it (700)');
  });

  it('lets others only pass through a traversable folder', () => {
    const rule = { ...server, traversable: true };
    expect(privateDirProblem('/tmp/x', { ...ok, mode: 0o40711 }, rule)).toBeUndefined();
    expect(privateDirProblem('/tmp/x', { ...ok, mode: 0o40701 }, rule)).toBeUndefined();
    expect(privateDirProblem('/tmp/x', { ...ok, mode: 0o40700 }, rule)).toBeUndefined();
    for (const mode of [0o40751, 0o40715, 0o40731, 0o40713, 0o40777]) {
      expect(privateDirProblem('/tmp/x', { ...ok, mode }, rule), mode.toString(8)).toMatch(/only the server may use it \(711: others may only pass through\)/);
    }
  });

  it('reads the server pid from an instance folder name', () => {
    expect(instancePid('1234-ab12cd')).toBe(1234);
    expect(instancePid('1-x')).toBe(1);
    for (const name of ['1234', 'abc-1234', '0-ab', '-1-ab', '12-', '12-a/b', '99999999999999999999-a', 'edited-go-cache']) expect(instancePid(name), name).toBeUndefined();
  });
});
