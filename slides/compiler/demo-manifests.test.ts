/** Tests of loading the demos' params schemas for the build-time check of @demo lines. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../tests/support/temp-dir.ts';
import { loadDemoParamsCheck } from './demo-manifests.ts';

const demosDir = resolve(import.meta.dirname, '../../demos');

describe('loadDemoParamsCheck', () => {
  it('checks params against the project’s real manifests', async () => {
    const check = await loadDemoParamsCheck(demosDir);
    expect(check('threads-in-c', { n: 100 })).toEqual([]);
    expect(check('threads-in-c', { n: 501 })).toEqual(['n: Too big: expected number to be <=500']);
    expect(check('threads-in-c', { count: 5 })).toEqual([expect.stringMatching(/^count: unknown parameter \(known: n, /)]);
    expect(check('no-such-demo', { n: 1 })).toBeUndefined();
  }, 60_000);

  it('reports a manifest that does not load at the demo’s lines, and skips one without a schema', async () => {
    const dir = await makeTempDir('demo-manifests-');
    mkdirSync(join(dir, 'broken'));
    writeFileSync(join(dir, 'broken/manifest.ts'), 'export default { params: ;\n');
    mkdirSync(join(dir, 'stand-in'));
    writeFileSync(join(dir, 'stand-in/manifest.ts'), 'export default {};\n');
    mkdirSync(join(dir, 'helpers'));
    const check = await loadDemoParamsCheck(dir);
    expect(check('broken', {})).toEqual([expect.stringMatching(/^its manifest does not load, so its params cannot be checked: ./)]);
    expect(check('stand-in', { anything: 1 })).toBeUndefined();
    expect(check('helpers', {})).toBeUndefined();
  });

  it('reads a manifest afresh on each load (the dev server reloads after an edit)', async () => {
    const dir = await makeTempDir('demo-manifests-');
    mkdirSync(join(dir, 'edited'));
    const write = (max: number): void => writeFileSync(join(dir, 'edited/manifest.ts'), `const n = { safeParse: (v: { n?: number }) => ((v.n ?? 0) <= ${max} ? { success: true, data: v } : { success: false, error: { issues: [{ path: ['n'], message: 'over ${max}' }] } }) };\nexport default { params: { shape: { n }, safeParse: n.safeParse } };\n`);
    write(5);
    expect((await loadDemoParamsCheck(dir))('edited', { n: 6 })).toEqual(['n: over 5']);
    write(10);
    expect((await loadDemoParamsCheck(dir))('edited', { n: 6 })).toEqual([]);
  });
});
