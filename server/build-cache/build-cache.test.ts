import { describe, expect, it } from 'vitest';
import { readdir, readFile, writeFile, mkdir, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuildSpec, ExecResult } from '../demos/demo-context.ts';
import type { ProcessRunner, ProcessSpawnOptions } from '../process/process-runner.ts';
import { buildOutcomeOf, createBuildCache } from './build-cache.ts';
import { makeTempDir } from '../../tests/support/temp-dir.ts';

const okResult = (extra: Partial<ExecResult> = {}): ExecResult => ({
  exitCode: 0, signal: null, timedOut: false, cancelled: false, truncated: false, stdout: '', stderr: '', durationMs: 1, ...extra,
});

/** A fake "compiler": `fake-cc <src> <out>` copies src to out and prints a line. */
function fakeExec(calls: string[][], behaviour: 'ok' | 'fail' = 'ok'): ProcessRunner['exec'] {
  return async (cmd: string, args: string[], options: ProcessSpawnOptions = {}) => {
    calls.push([cmd, ...args]);
    options.onLine?.('stderr', `compiling ${args[0]}`);
    if (behaviour === 'fail') return okResult({ exitCode: 1, stderr: 'x.c:1:1: error: expected ;\n' });
    await writeFile(args[1]!, await readFile(args[0]!));
    return okResult({ stderr: `compiling ${args[0]}\n` });
  };
}

async function setup() {
  const root = await makeTempDir('build-cache-test-');
  await mkdir(join(root, 'src'));
  const src = join(root, 'src/x.c');
  await writeFile(src, 'int main(void) { return 0; }\n');
  const cache = createBuildCache({ cacheDir: join(root, '.cache'), rootDir: root });
  const spec: BuildSpec = { name: 'x', inputs: [src], toolchainVersion: 'gcc 12', steps: [{ cmd: 'fake-cc', args: [src, '{out}/x'] }] };
  return { root, src, cache, spec };
}

describe('build cache', () => {
  it('builds once, then hits; outputs live in builds/<key>/ with no temp dirs left', async () => {
    const { cache, spec, root } = await setup();
    const calls: string[][] = [];
    const progress: string[] = [];
    const first = await cache.build(spec, { exec: fakeExec(calls), onProgress: (message, step) => progress.push(`${step}|${message}`) });
    expect(first).toMatchObject({ ok: true, cached: false });
    const key = await cache.keyOf(spec);
    expect(first.outDir).toBe(join(root, '.cache/builds', key));
    expect(await readFile(join(first.outDir, 'x'), 'utf8')).toContain('int main');
    expect(JSON.parse(await readFile(join(first.outDir, '.build-info.json'), 'utf8'))).toMatchObject({ name: 'x', key });
    expect(progress).toContain('x|compiling ' + spec.inputs[0]);
    expect(progress.every((line) => line.startsWith('x|'))).toBe(true);
    // {out} pointed at the temp dir that was renamed into place.
    expect(calls[0]![2]).toMatch(/\.tmp-[0-9a-f]+-[0-9a-f]+\/x$/);
    const second = await cache.build(spec, { exec: fakeExec(calls) });
    expect(second).toMatchObject({ ok: true, cached: true, outDir: first.outDir });
    expect(calls).toHaveLength(1);
    expect((await readdir(join(root, '.cache/builds'))).filter((name) => name.startsWith('.tmp'))).toEqual([]);
  });

  it('says in its last progress line whether a build was cached or built (buildOutcomeOf reads it)', async () => {
    const { cache, spec } = await setup();
    const lines: string[] = [];
    await cache.build(spec, { exec: fakeExec([]), onProgress: (message) => lines.push(message) });
    await cache.build(spec, { exec: fakeExec([]), onProgress: (message) => lines.push(message) });
    const outcomes = lines.map(buildOutcomeOf).filter((outcome) => outcome !== undefined);
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['built', 'cached']);
    expect(buildOutcomeOf('x: built in 12.5 s')).toEqual({ kind: 'built', seconds: 12.5 });
    expect(buildOutcomeOf('x: compiling built in 3 s of output')).toBeUndefined();
    expect(buildOutcomeOf('x: cached build 0123456789ab')).toEqual({ kind: 'cached' });
    expect(buildOutcomeOf('x: cached build somename')).toBeUndefined();
  });

  it('keys on input content, toolchain version, keyExtra and steps', async () => {
    const { cache, spec, src } = await setup();
    const base = await cache.keyOf(spec);
    expect(await cache.keyOf({ ...spec, toolchainVersion: 'gcc 13' })).not.toBe(base);
    expect(await cache.keyOf({ ...spec, keyExtra: ['-O2'] })).not.toBe(base);
    expect(await cache.keyOf({ ...spec, steps: [{ cmd: 'fake-cc', args: [src, '{out}/y'] }] })).not.toBe(base);
    expect(await cache.keyOf({ ...spec, name: 'renamed' })).toBe(base);
    await writeFile(src, 'int main(void) { return 1; }\n');
    expect(await cache.keyOf(spec)).not.toBe(base);
  });

  it('returns the log on failure and caches nothing', async () => {
    const { cache, spec, root } = await setup();
    const calls: string[][] = [];
    const failed = await cache.build(spec, { exec: fakeExec(calls, 'fail') });
    expect(failed.ok).toBe(false);
    expect(failed.log).toContain('error: expected ;');
    expect(failed.log).toContain('fake-cc exited with status 1');
    expect(await readdir(join(root, '.cache/builds'))).toEqual([]);
    const retry = await cache.build(spec, { exec: fakeExec(calls) });
    expect(retry).toMatchObject({ ok: true, cached: false });
  });

  it('fails cleanly for a missing input or a missing command', async () => {
    const { cache, spec } = await setup();
    const missing = await cache.build({ ...spec, inputs: ['/nonexistent/file.c'] }, { exec: fakeExec([]) });
    expect(missing.ok).toBe(false);
    expect(missing.log).toMatch(/cannot read build input/);
    const throwing = await cache.build(spec, {
      exec: async () => {
        throw new Error('fake-cc: command not found');
      },
    });
    expect(throwing.ok).toBe(false);
    expect(throwing.log).toMatch(/command not found/);
  });

  it('shares one build between concurrent requests for the same key', async () => {
    const { cache, spec } = await setup();
    const calls: string[][] = [];
    const [a, b] = await Promise.all([cache.build(spec, { exec: fakeExec(calls) }), cache.build(spec, { exec: fakeExec(calls) })]);
    expect(calls).toHaveLength(1);
    expect(a.outDir).toBe(b.outDir);
  });

  it('sweeps temp dirs that a killed server left behind, but not fresh ones', async () => {
    const { cache, spec, root } = await setup();
    const builds = join(root, '.cache/builds');
    await mkdir(join(builds, '.tmp-old-1'), { recursive: true });
    await mkdir(join(builds, '.tmp-new-1'), { recursive: true });
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(join(builds, '.tmp-old-1'), old, old);
    await cache.build(spec, { exec: fakeExec([]) });
    const left = await readdir(builds);
    expect(left).toContain('.tmp-new-1');
    expect(left).not.toContain('.tmp-old-1');
  });

  it('stops at a cancelled step', async () => {
    const { cache, spec } = await setup();
    const result = await cache.build(spec, { exec: async () => okResult({ cancelled: true, exitCode: null, signal: 'SIGTERM' }) });
    expect(result.ok).toBe(false);
    expect(result.log).toMatch(/cancelled/);
  });
});
