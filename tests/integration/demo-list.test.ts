/**
 * `npm run demo -- --list` from the outside: every demo with its params and the decks
 * that use it; `--deck <name>` only that deck's demos (from its @demo lines); a deck
 * named wrong exits 2 naming it and the decks there are.
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { findDecks } from '../../slides/compiler/deck-folders.ts';
import { deckDemoLines } from '../../server/recordings/offered-variants.ts';

const rootDir = resolve(import.meta.dirname, '../..');
const tsx = join(rootDir, 'node_modules/.bin/tsx');
const exec = promisify(execFile);

async function demoCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(tsx, ['server/cli/demo.ts', ...args], { cwd: rootDir });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

interface Row { id: string; params: Array<{ name: string }>; decks: string[]; slides?: Array<{ slide: string }> }

describe('npm run demo -- --list', () => {
  it('shows every demo’s params and the decks whose @demo lines use it', async () => {
    const { code, stdout } = await demoCli(['--list', '--json']);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as Row[];
    expect(rows.find((row) => row.id === 'threads-in-c')).toMatchObject({ params: expect.arrayContaining([expect.objectContaining({ name: 'n', default: 100, min: 1, max: 500 })]), decks: ['why-cgo-is-slow'] });
    const text = await demoCli(['--list']);
    expect(text.stdout).toMatch(/^threads-in-c +Goroutines blocked in C hold OS threads/m);
    expect(text.stdout).toMatch(/^ +params: n=100 \(1–500\), /m);
  });

  it.each(findDecks(join(rootDir, 'slides')))('--deck %s lists the demos its @demo lines use, each with its slides', async (deck) => {
    const lines = deckDemoLines(join(rootDir, 'slides', deck));
    const { code, stdout } = await demoCli(['--list', '--deck', deck, '--json']);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as Row[];
    expect(rows.map((row) => row.id).sort()).toEqual([...new Set(lines.map((line) => line.demo))].sort());
    for (const row of rows) expect(row.slides?.map((s) => s.slide)).toEqual(lines.filter((line) => line.demo === row.id).map((line) => line.slide));
  });

  it('exits 2 for a deck that is not there, naming it and the decks that are', async () => {
    const { code, stderr } = await demoCli(['--list', '--deck', 'no-such-deck']);
    expect(code).toBe(2);
    expect(stderr).toContain(`demo: no deck named "no-such-deck" (decks: ${findDecks(join(rootDir, 'slides')).join(', ')})`);
    expect((await demoCli(['--deck', 'why-cgo-is-slow'])).code).toBe(2);
  });
});
