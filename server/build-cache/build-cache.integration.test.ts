/**
 * The build cache with a real compiler: gcc builds a tiny program into the cache, the
 * program runs from there, and the second build is a hit that runs no compiler.
 */
import { describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createProcessRunner } from '../process/process-runner.ts';
import { createBuildCache } from './build-cache.ts';
import { makeTempDir } from '../../tests/support/temp-dir.ts';
import { skipIfMissing } from '../../tests/support/toolchains.ts';

describe('build cache with gcc', () => {
  it('builds, runs from the cache, then hits', async (ctx) => {
    await skipIfMissing(ctx, 'cc');
    const root = await makeTempDir('build-int-');
    const src = join(root, 'hello.c');
    await writeFile(src, '#include <stdio.h>\nint main(void) { puts("hello from the cache"); return 0; }\n');
    const runner = createProcessRunner();
    const cache = createBuildCache({ cacheDir: join(root, '.cache'), rootDir: root });
    const spec = { name: 'hello', inputs: [src], toolchainVersion: 'gcc', srcDir: root, steps: [{ cmd: 'gcc', args: ['-O2', '-o', '{out}/hello', '{src}/hello.c'] }] };
    const first = await cache.build(spec, { exec: runner.exec });
    expect(first).toMatchObject({ ok: true, cached: false });
    const run = await runner.exec(join(first.outDir, 'hello'), []);
    expect(run.stdout).toBe('hello from the cache\n');
    const second = await cache.build(spec, { exec: async () => { throw new Error('must not compile again'); } });
    expect(second).toMatchObject({ ok: true, cached: true, outDir: first.outDir });
    await writeFile(src, 'int main(void) { return syntax error; }\n');
    const broken = await cache.build(spec, { exec: runner.exec });
    expect(broken.ok).toBe(false);
    expect(broken.log).toMatch(/error/);
  });
});
