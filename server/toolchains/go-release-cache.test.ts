import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecOptions, ExecResult } from '../demos/demo-context.ts';
import { cachedGoRelease, fetchGoRelease, goReleasesDir, goRootOf, removeGoReleases, toolchainModuleVersion, type Exec, type FetchProgress } from './go-release-cache.ts';

let cacheDir: string;
beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'go-release-cache-'));
});
afterEach(async () => {
  await removeGoReleases(cacheDir);
  await rm(cacheDir, { recursive: true, force: true });
});

const done = (stdout: string, exitCode = 0, stderr = ''): ExecResult => ({ exitCode, signal: null, timedOut: false, cancelled: false, truncated: false, stdout, stderr, durationMs: 1 });

/** fakeGo plays the go command: `go env` answers, `go version` "downloads" slowly, unpacks and runs. */
function fakeGo(calls: Array<{ args: string[]; env: ExecOptions['env'] }>, fail?: string): Exec {
  return async (_cmd, args, options = {}) => {
    calls.push({ args, env: options.env });
    if (args[0] === 'env') return done('https://proxy.example\nsum.example\n\n\n\n\n');
    if (fail) return done('', 1, `go: downloading go1.10.8 (linux/amd64)\n${fail}\n`);
    const version = options.env?.GOTOOLCHAIN ?? '';
    const module = toolchainModuleVersion(version)!;
    const dl = join(goReleasesDir(cacheDir), 'cache', 'download', 'golang.org', 'toolchain', '@v');
    await mkdir(dl, { recursive: true });
    await writeFile(join(dl, `${module}.zip123.tmp`), Buffer.alloc(600));
    await new Promise((resolve) => setTimeout(resolve, 60));
    await rm(join(dl, `${module}.zip123.tmp`));
    await writeFile(join(dl, `${module}.zip`), Buffer.alloc(1000));
    const bin = join(goRootOf(cacheDir, version)!, 'bin');
    await mkdir(bin, { recursive: true });
    await writeFile(join(bin, 'go'), '#!/bin/sh\n');
    await chmod(join(bin, 'go'), 0o755);
    await chmod(bin, 0o555); // the go command leaves its module cache read-only
    return done(`go version ${version} linux/amd64\n`);
  };
}

describe('toolchain module names', () => {
  it('name the release for this machine, or nothing for a platform Go does not ship', () => {
    expect(toolchainModuleVersion('go1.10.8', 'linux', 'x64')).toBe('v0.0.1-go1.10.8.linux-amd64');
    expect(toolchainModuleVersion('go1.22.12', 'darwin', 'arm64')).toBe('v0.0.1-go1.22.12.darwin-arm64');
    expect(toolchainModuleVersion('go1.22.12', 'aix', 'x64')).toBeUndefined();
  });
});

describe('fetchGoRelease', () => {
  it('fetches through the installed go with the user’s proxy settings and none of their go flags, reporting progress', async () => {
    const calls: Array<{ args: string[]; env: ExecOptions['env'] }> = [];
    const progress: FetchProgress[] = [];
    const outcome = await fetchGoRelease('go1.10.8', { cacheDir, go: '/usr/bin/go', exec: fakeGo(calls), zipBytes: 1000, pollMs: 10, onProgress: (p) => progress.push(p) });
    expect(outcome).toMatchObject({ ok: true, cached: false, version: 'go1.10.8' });
    const fetch = calls.find((call) => call.args[0] === 'version')!;
    expect(fetch.env).toMatchObject({ GOTOOLCHAIN: 'go1.10.8', GOMODCACHE: goReleasesDir(cacheDir), GOENV: 'off', GOFLAGS: '', GOPROXY: 'https://proxy.example', GOSUMDB: 'sum.example' });
    expect(progress[0]).toMatchObject({ phase: 'downloading', fraction: 0 });
    expect(progress.some((p) => p.phase === 'downloading' && p.fraction === 0.6)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ phase: 'fetched', fraction: 1 });
    // The zip is gone once unpacked; the release is found again without the network.
    const dl = join(goReleasesDir(cacheDir), 'cache', 'download', 'golang.org', 'toolchain', '@v');
    expect(await readdir(dl)).toEqual([]);
    expect((await cachedGoRelease(cacheDir, 'go1.10.8'))?.goBinary).toBe(join(goRootOf(cacheDir, 'go1.10.8')!, 'bin', 'go'));
    const again: FetchProgress[] = [];
    const second = await fetchGoRelease('go1.10.8', { cacheDir, go: '/usr/bin/go', exec: fakeGo(calls), onProgress: (p) => again.push(p) });
    expect(second).toMatchObject({ ok: true, cached: true });
    expect(again.map((p) => p.phase)).toEqual(['cached']);
  });

  it('says why a release cannot be had, in the go command’s words, without throwing', async () => {
    const progress: FetchProgress[] = [];
    const outcome = await fetchGoRelease('go1.12.17', { cacheDir, go: '/usr/bin/go', exec: fakeGo([], 'go: download go1.12.17: dial tcp: lookup proxy.golang.org: no such host'), onProgress: (p) => progress.push(p) });
    expect(outcome).toEqual({ ok: false, version: 'go1.12.17', reason: 'could not fetch go1.12.17: go: download go1.12.17: dial tcp: lookup proxy.golang.org: no such host' });
    expect(progress.at(-1)?.phase).toBe('failed');
  });

  it('removes the read-only cache', async () => {
    await fetchGoRelease('go1.10.8', { cacheDir, go: '/usr/bin/go', exec: fakeGo([]) });
    await removeGoReleases(cacheDir);
    expect(await readdir(cacheDir)).toEqual([]);
  });
});
