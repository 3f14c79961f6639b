/**
 * `npm run record -- --deck <name>`: the flagship's plan as a dry run (one run per
 * recording key its slides and widget buttons need, nothing run or written), a tiny deck
 * recorded for real (a quick demo, two slides sharing one recording, written by the
 * recorder under its key), and bad input refused with exit 2.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { DemoManifest } from '../../demos/define-demo.ts';
import type { Recording } from '../../demos/protocol.ts';
import { offeredVariants } from '../../server/recordings/offered-variants.ts';
import { findDecks } from '../../slides/compiler/deck-folders.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { testCacheDir } from '../support/test-paths.ts';
import { skipIfMissing } from '../support/toolchains.ts';

const rootDir = resolve(import.meta.dirname, '../..');
const tsx = join(rootDir, 'node_modules/.bin/tsx');
const exec = promisify(execFile);

async function record(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(tsx, ['server/cli/record.ts', '--cache', testCacheDir, ...args], { cwd: rootDir, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function manifestsOf(ids: string[]): Promise<Map<string, DemoManifest>> {
  const out = new Map<string, DemoManifest>();
  for (const id of ids) out.set(id, ((await import(`../../demos/${id}/manifest.ts`)) as { default: DemoManifest }).default);
  return out;
}

describe('npm run record -- --deck', () => {
  it('plans one run per recording key of the flagship (dry run: nothing runs, nothing is written)', async () => {
    const recordingsDir = await makeTempDir('record-dry-');
    const { code, stdout } = await record(['--deck', 'why-cgo-is-slow', '--dry-run', '--recordings', recordingsDir]);
    expect(code).toBe(0);
    const demoIds = (await readdir(join(rootDir, 'demos'))).filter((id) => existsSync(join(rootDir, 'demos', id, 'manifest.ts')));
    const offered = offeredVariants(join(rootDir, 'slides/why-cgo-is-slow'), await manifestsOf(demoIds));
    const keys = [...new Set(offered.map((variant) => variant.key))];
    expect(stdout).toContain(`deck why-cgo-is-slow: ${keys.length} recordings to make (dry run: nothing runs)`);
    const planned = stdout.split('\n').filter((line) => line.startsWith('  ')).map((line) => line.trim().split(' ')[0]);
    expect(planned.sort()).toEqual(keys.sort());
    expect(await readdir(recordingsDir)).toEqual([]);
  });

  it('records a tiny deck: every param set its slides use, once per key, under its key', async (ctx) => {
    await skipIfMissing(ctx, 'go');
    const decksDir = await makeTempDir('record-decks-');
    const recordingsDir = await makeTempDir('record-out-');
    await mkdir(join(decksDir, 'tiny/sections'), { recursive: true });
    await writeFile(join(decksDir, 'tiny/deck.yaml'), 'title: Tiny\nsections:\n  - sections/one.md\n');
    const quick = '{"depth": 200, "samples": 10, "pauseMs": 0}';
    await writeFile(join(decksDir, 'tiny/sections/one.md'), `@slide a\n@demo stack-growth ${quick}\n@slide b\n@demo stack-growth ${quick}\n`);
    const { code, stdout } = await record(['--deck', 'tiny', '--decks', decksDir, '--recordings', recordingsDir]);
    expect(stdout).toContain('deck tiny: 1 recording to make');
    expect(stdout).toContain('stack-growth--depth-200--pause-ms-0--samples-10  (stack-growth {"depth":200,"pauseMs":0,"samples":10}; on a, b)');
    expect(code, stdout).toBe(0);
    expect(await readdir(recordingsDir)).toEqual(['stack-growth--depth-200--pause-ms-0--samples-10.json']);
    const recording = JSON.parse(await readFile(join(recordingsDir, 'stack-growth--depth-200--pause-ms-0--samples-10.json'), 'utf8')) as Recording;
    expect(recording).toMatchObject({ demo: 'stack-growth', outcome: 'ok', params: { depth: 200, samples: 10, pauseMs: 0 } });
    const [manifest] = (await manifestsOf(['stack-growth'])).values();
    const result = recording.events.find((event) => event.type === 'result');
    expect(manifest!.result.safeParse(result?.type === 'result' ? result.data : undefined).success).toBe(true);
    expect(stdout).toContain('every slide of tiny has its recording');

    const again = await record(['--deck', 'tiny', '--decks', decksDir, '--recordings', recordingsDir, '--missing']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('deck tiny: 0 recordings to make (1 there already)');
  });

  it.each([
    [['--deck', 'no-such-deck'], `record: no deck named "no-such-deck" (decks: ${findDecks(join(rootDir, 'slides')).join(', ')})`],
    [['--deck', '../slides'], 'record: no deck named "../slides"'],
    [[], 'record: --deck is required'],
    [['--deck', 'why-cgo-is-slow', '--only', 'no-such-demo', '--dry-run'], 'record: --only names no demo "no-such-demo"'],
    [['--deck', 'why-cgo-is-slow', '--colour'], "Unknown option '--colour'"],
  ])('refuses %j with exit 2, naming the problem', async (args, message) => {
    const { code, stderr } = await record(args);
    expect(stderr).toContain(message);
    expect(code).toBe(2);
  });
});
