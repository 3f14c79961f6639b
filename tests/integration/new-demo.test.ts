/**
 * `npm run new-demo` end to end: a demo of each language is scaffolded into this checkout
 * under a temp id (removed afterwards), then run through `npm run demo` with its defaults
 * (the native program really builds and runs), its widget and runner pass the type checks
 * and its widget bundles, and one `@demo` line puts it on a slide.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Rolldown } from 'vite';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { DemoManifest } from '../../demos/define-demo.ts';
import type { RunEvent } from '../../demos/protocol.ts';
import { demoLanguages, type DemoLanguage } from '../../scripts/scaffold/demo-files.ts';
import { newDemo } from '../../scripts/scaffold/new-demo.ts';
import { compileDeck } from '../../slides/compiler/compile-deck.ts';
import { createCodeHighlighter } from '../../slides/compiler/highlighter.ts';
import { createNodeDeckSource } from '../../slides/compiler/vite-plugin.ts';
import type { DeckSource } from '../../slides/compiler/render-slide.ts';
import { testCacheDir } from '../support/test-paths.ts';
import { skipIfMissing } from '../support/toolchains.ts';

const rootDir = resolve(import.meta.dirname, '../..');
const tsx = join(rootDir, 'node_modules/.bin/tsx');
const tsc = join(rootDir, 'node_modules/.bin/tsc');
const exec = promisify(execFile);
// Unique per run, so a crashed earlier run's leftovers never collide with this one's.
const suffix = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
const ids = Object.fromEntries(demoLanguages.map((lang) => [lang, `zz-new-demo-${lang}-${suffix}`])) as Record<DemoLanguage, string>;

function removeDemo(id: string): void {
  for (const path of [`demos/${id}`, `native/${id}`, `server/demos/runners/${id}.ts`]) rmSync(join(rootDir, path), { recursive: true, force: true });
}

beforeAll(() => {
  for (const lang of demoLanguages) {
    const errors: string[] = [];
    const code = newDemo([ids[lang], '--lang', lang], { rootDir, out: () => undefined, err: (line) => errors.push(line) });
    if (code !== 0) throw new Error(`new-demo ${lang} failed: ${errors.join('\n')}`);
  }
});
afterAll(() => {
  for (const id of Object.values(ids)) removeDemo(id);
});

/** demoCli runs `npm run demo -- <id> --json --no-record` and returns its events. */
async function demoCli(id: string): Promise<RunEvent[]> {
  const { stdout } = await exec(tsx, ['server/cli/demo.ts', id, '--json', '--no-record', '--cache', testCacheDir], { cwd: rootDir, maxBuffer: 16 * 1024 * 1024 });
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as RunEvent);
}

describe('npm run new-demo', () => {
  it.for(demoLanguages)('a %s demo runs at once with npm run demo, its defaults and its result schema', async (lang, ctx) => {
    // C and Go are what the project needs anyway; Rust is the one a machine may lack.
    if (lang === 'rust') await skipIfMissing(ctx, 'rust');
    const id = ids[lang];
    const events = await demoCli(id);
    const end = events.at(-1);
    expect(end?.type === 'end' ? end.outcome : end).toBe('ok');
    expect(events.filter((event) => event.type === 'sample')).toHaveLength(5);
    const manifest = ((await import(pathToFileURL(join(rootDir, 'demos', id, 'manifest.ts')).href)) as { default: DemoManifest }).default;
    const result = events.find((event) => event.type === 'result');
    const parsed = manifest.result.parse(result?.type === 'result' ? result.data : undefined) as { n: number; rounds: number; nsPerCall: number; toolchain: string };
    expect(parsed).toMatchObject({ n: 10_000_000, rounds: 5 });
    expect(parsed.nsPerCall).toBeGreaterThan(0);
    expect(parsed.toolchain).toMatch({ c: /^gcc \d/, go: /^go1\.\d/, rust: /^rustc \d/ }[lang]);
  });

  it('writes widgets and runners that pass the type checks of both sides', async () => {
    // Each side's own settings, over the new files only (and what they import): the whole
    // project's check takes a minute on a busy machine.
    // Inside the checkout, so the configs find node_modules (vite/client's types) above them.
    mkdirSync(testCacheDir, { recursive: true });
    const dir = mkdtempSync(join(testCacheDir, 'new-demo-types-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const sides = {
      browser: demoLanguages.map((lang) => `demos/${ids[lang]}/widget.ts`),
      server: demoLanguages.flatMap((lang) => [`server/demos/runners/${ids[lang]}.ts`, `demos/${ids[lang]}/run.integration.test.ts`, `demos/${ids[lang]}/rounds.test.ts`]),
    };
    for (const [side, files] of Object.entries(sides)) {
      const config = join(dir, `tsconfig.${side}.json`);
      writeFileSync(config, JSON.stringify({ extends: join(rootDir, `tsconfig.${side}.json`), include: [], files: files.map((file) => join(rootDir, file)) }));
      await exec(tsc, ['-p', config], { cwd: rootDir }).catch((error: { stdout: string }) => {
        throw new Error(`${side} types:\n${error.stdout}`);
      });
    }
  });

  it('writes widgets that bundle for the browser', async () => {
    const output = (await build({
      configFile: false,
      logLevel: 'silent',
      root: rootDir,
      build: {
        write: false,
        target: 'es2022',
        lib: { entry: Object.fromEntries(demoLanguages.map((lang) => [lang, join(rootDir, 'demos', ids[lang], 'widget.ts')])), formats: ['es'] },
      },
    })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
    const chunks = (Array.isArray(output) ? output : [output]).flatMap((out) => out.output).filter((item) => item.type === 'chunk');
    for (const lang of demoLanguages) {
      const chunk = chunks.find((item) => item.name === lang);
      expect(chunk?.code, `the ${lang} widget's chunk`).toContain(`stage-${ids[lang]}`);
    }
  });

  it('goes on a slide with one @demo line', async () => {
    const disk = createNodeDeckSource(rootDir);
    const deck: Record<string, string> = {
      'deck/deck.yaml': 'title: T\nsections:\n  - one.md\n',
      'deck/one.md': demoLanguages.map((lang) => `@slide s-${lang}\n## ${lang}\n@demo ${ids[lang]}\n`).join(''),
    };
    const source: DeckSource = {
      readText: (path) => deck[path] ?? disk.readText(path),
      exists: (path) => path in deck || disk.exists(path),
      list: (path) => disk.list(path),
    };
    const compiled = compileDeck({ deckDir: 'deck', demosDir: 'demos', source, highlighter: await createCodeHighlighter() });
    expect(compiled.outline.map((slide) => slide.demos)).toEqual(demoLanguages.map((lang) => [ids[lang]]));
    for (const lang of demoLanguages) expect(compiled.html).toContain(`data-demo="${ids[lang]}"`);
  });
});
