import { describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DemoLoadError, loadDemos } from './load.ts';
import { makeTempDir } from '../../tests/support/temp-dir.ts';

const zodUrl = pathToFileURL(resolve(import.meta.dirname, '../../node_modules/zod/index.js')).href;

async function fakeRoot(files: Record<string, string>): Promise<string> {
  const root = await makeTempDir('load-test-');
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

const manifest = (id: string, params = 'z.object({ n: z.number().default(1) })') =>
  `import { z } from ${JSON.stringify(zodUrl)};\nexport default { id: '${id}', title: 'T', params: ${params}, result: z.object({}), requires: [], timeoutMs: 1000 };\n`;
const runner = (id: string) => `import manifest from '../../../demos/${id}/manifest.ts';\nexport default { manifest, run: async () => {} };\n`;

describe('loadDemos', () => {
  it('pairs demos/<id>/manifest.ts with server/demos/runners/<id>.ts', async () => {
    const root = await fakeRoot({ 'demos/alpha/manifest.ts': manifest('alpha'), 'server/demos/runners/alpha.ts': runner('alpha'), 'server/demos/runners/alpha.test.ts': 'x' });
    const demos = await loadDemos({ rootDir: root, extraDirs: [] });
    expect(demos.map((demo) => demo.manifest.id)).toEqual(['alpha']);
  });

  it('names the file of a manifest without a runner, a runner without a manifest, and bad manifests', async () => {
    const root = await fakeRoot({
      'demos/lonely/manifest.ts': manifest('lonely'),
      'server/demos/runners/orphan.ts': 'export default {};\n',
      'demos/nodefault/manifest.ts': manifest('nodefault', 'z.object({ n: z.number() })'),
      'server/demos/runners/nodefault.ts': runner('nodefault'),
    });
    const error = await loadDemos({ rootDir: root, extraDirs: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DemoLoadError);
    const problems = (error as DemoLoadError).problems.join('\n');
    expect(problems).toContain('demos/lonely/manifest.ts: no runner; expected server/demos/runners/lonely.ts');
    expect(problems).toContain('server/demos/runners/orphan.ts: no matching demos/orphan/manifest.ts');
    expect(problems).toContain('demos/nodefault/manifest.ts: manifest.params must accept {}');
  });

  it('loads self-contained runner files from extra dirs', async () => {
    const root = await fakeRoot({ 'extra/t.ts': `import { z } from ${JSON.stringify(zodUrl)};\nexport default { manifest: ${manifest('t').split('export default ')[1]!.replace(/;\n$/, '')}, run: async () => {} };\n` });
    const demos = await loadDemos({ rootDir: root, extraDirs: [join(root, 'extra')] });
    expect(demos.map((demo) => demo.manifest.id)).toEqual(['t']);
  });
});
