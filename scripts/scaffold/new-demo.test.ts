/**
 * Tests of `npm run new-demo` in a temp folder: what it writes for each language, and
 * that bad input exits 2 naming the problem with nothing written. (The integration test
 * new-demo.integration.test.ts builds and runs what it writes.)
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../tests/support/temp-dir.ts';
import { newDemo } from './new-demo.ts';

async function run(args: string[], setup?: (root: string) => void) {
  const rootDir = await makeTempDir('new-demo-');
  setup?.(rootDir);
  const before = listAll(rootDir);
  const out: string[] = [];
  const err: string[] = [];
  const code = newDemo(args, { rootDir, out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join('\n'), err: err.join('\n'), rootDir, written: listAll(rootDir).filter((path) => !before.includes(path)) };
}

function listAll(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listAll(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  ).sort();
}

describe('new-demo', () => {
  it.each([
    ['c', ['native/call-cost/main.c'], "buildC(ctx, { name: 'call-cost'", "requires: ['cc']"],
    ['go', ['native/call-cost/go.mod', 'native/call-cost/main.go'], "buildGo(ctx, { name: 'call-cost'", "requires: ['go']"],
    ['rust', ['native/call-cost/main.rs'], "buildRust(ctx, { name: 'call-cost'", "requires: ['rust']"],
  ])('writes a %s demo: manifest, rounds, widget, tests, runner, program', async (lang, nativeFiles, build, requires) => {
    const { code, written, rootDir, out } = await run(['call-cost', '--lang', lang]);
    expect(code).toBe(0);
    expect(written).toEqual(
      [
        'demos/call-cost/manifest.ts',
        'demos/call-cost/rounds.test.ts',
        'demos/call-cost/rounds.ts',
        'demos/call-cost/run.integration.test.ts',
        'demos/call-cost/widget.ts',
        ...nativeFiles,
        'server/demos/runners/call-cost.ts',
      ].sort(),
    );
    const manifest = readFileSync(join(rootDir, 'demos/call-cost/manifest.ts'), 'utf8');
    expect(manifest).toContain("id: 'call-cost'");
    expect(manifest).toContain('title: "Call cost"');
    expect(manifest).toContain(requires);
    expect(readFileSync(join(rootDir, 'server/demos/runners/call-cost.ts'), 'utf8')).toContain(build);
    expect(readFileSync(join(rootDir, 'demos/call-cost/widget.ts'), 'utf8')).toContain('export default defineWidget({');
    expect(out).toContain('npm run demo -- call-cost');
    expect(out).toContain('@demo call-cost');
  });

  it('takes a title', async () => {
    const { code, rootDir } = await run(['call-cost', '--lang', 'c', '--title', 'What a call costs, in C']);
    expect(code).toBe(0);
    expect(readFileSync(join(rootDir, 'demos/call-cost/manifest.ts'), 'utf8')).toContain('title: "What a call costs, in C"');
  });

  it.each([
    [['Call Cost', '--lang', 'c'], 'demo name "Call Cost": contains a space'],
    [['CallCost', '--lang', 'c'], 'demo name "CallCost": has uppercase letters'],
    [['../x', '--lang', 'c'], 'demo name "../x": contains ".."'],
    [['a/b', '--lang', 'go'], 'demo name "a/b": contains "/"'],
    [['', '--lang', 'go'], 'demo name "": empty'],
    [['client', '--lang', 'go'], 'demo name "client": reserved'],
    [['api', '--lang', 'go'], 'demo name "api": reserved'],
    [['call-cost'], '--lang is required'],
    [['call-cost', '--lang', 'java'], '--lang "java" is not one of c, go, rust'],
    [['--lang', 'c'], 'give the new demo’s id'],
    [['a', 'b', '--lang', 'c'], 'one id, not 2 (a b)'],
    [['call-cost', '--lang', 'c', '--colour'], "Unknown option '--colour'"],
    [['call-cost', '--lang', 'c', '--title', ' '], '--title " " must be one line of text'],
  ])('refuses %j with exit 2, writing nothing', async (args, message) => {
    const { code, err, written } = await run(args);
    expect(err).toContain(message);
    expect(code).toBe(2);
    expect(written).toEqual([]);
  });

  it.each([
    ['demos/call-cost', 'demos/call-cost/'],
    ['native/call-cost', 'native/call-cost/'],
  ])('refuses a name %s holds already, naming it', async (folder, where) => {
    const { code, err, written } = await run(['call-cost', '--lang', 'c'], (root) => mkdirSync(join(root, folder), { recursive: true }));
    expect(code).toBe(2);
    expect(err).toBe(`new-demo: demo name "call-cost": exists already (${where}); pick another name`);
    expect(written).toEqual([]);
  });

  it('refuses a name a runner file holds already', async () => {
    const { code, err } = await run(['call-cost', '--lang', 'c'], (root) => {
      mkdirSync(join(root, 'server/demos/runners'), { recursive: true });
      writeFileSync(join(root, 'server/demos/runners/call-cost.ts'), '');
    });
    expect(code).toBe(2);
    expect(err).toContain('exists already (server/demos/runners/call-cost.ts)');
  });
});
