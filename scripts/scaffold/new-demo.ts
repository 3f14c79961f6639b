/**
 * newDemo: `npm run new-demo -- <id> --lang c|go|rust [--title "…"]`. Writes a demo that
 * runs at once (`npm run demo -- <id>`) and goes on a slide with one line (`@demo <id>`);
 * the files are listed in demo-files.ts. A bad name or option exits 2, saying what is
 * wrong, before anything is written.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDemoTitle, demoFiles, demoLanguages, type DemoLanguage } from './demo-files.ts';
import { checkName } from './names.ts';

/** NewDemoIo is where the command writes: the project and its two output streams. */
export interface NewDemoIo {
  rootDir: string;
  out(line: string): void;
  err(line: string): void;
}

const usage = `usage: npm run new-demo -- <id> --lang ${demoLanguages.join('|')} [--title "…"]`;

/** newDemo runs the command with `args` (after `--`); returns the exit status (0, or 2 for bad input). */
export function newDemo(args: string[], io: NewDemoIo): number {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { lang: { type: 'string' }, title: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    io.err(`new-demo: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(usage);
    return 0;
  }
  if (positionals.length !== 1) {
    io.err(`new-demo: ${positionals.length === 0 ? 'give the new demo’s id' : `one id, not ${positionals.length} (${positionals.join(' ')})`}\n${usage}`);
    return 2;
  }
  const id = positionals[0]!;
  const check = checkName('demo', id, takenDemoNames(io.rootDir));
  if (!check.ok) {
    io.err(`new-demo: ${check.message}`);
    return 2;
  }
  const lang = values.lang;
  if (!isLanguage(lang)) {
    io.err(`new-demo: ${lang === undefined ? '--lang is required' : `--lang ${JSON.stringify(lang)} is not one of ${demoLanguages.join(', ')}`}\n${usage}`);
    return 2;
  }
  const title = values.title?.trim() ?? defaultDemoTitle(id);
  if (title === '' || /[\n\r]/.test(title)) {
    io.err(`new-demo: --title ${JSON.stringify(values.title)} must be one line of text`);
    return 2;
  }

  const files = demoFiles({ id, lang, title });
  writeAll(io.rootDir, files);
  io.out(`new demo "${id}" (${lang}):`);
  for (const file of files) io.out(`  ${file.path}`);
  io.out('');
  io.out(`run it:         npm run demo -- ${id}`);
  io.out(`on a slide:     @demo ${id}        (or @demo ${id} {"n": 1000000, "rounds": 3})`);
  io.out(`its tests:      npx vitest run demos/${id}`);
  return 0;
}

/**
 * takenDemoNames lists every name a new demo would collide with, and where: demo folders
 * (and the helpers beside them), runners and native program folders.
 */
export function takenDemoNames(rootDir: string): Map<string, string> {
  const taken = new Map<string, string>();
  const add = (folder: string, names: string[], suffix = '/'): void => {
    for (const name of names) if (!taken.has(name)) taken.set(name, `${folder}/${name}${suffix}`);
  };
  add('demos', folders(join(rootDir, 'demos')));
  add('native', folders(join(rootDir, 'native')));
  add('server/demos/runners', files(join(rootDir, 'server/demos/runners')).filter((name) => name.endsWith('.ts')).map((name) => name.replace(/(\.test)?\.ts$/, '')), '.ts');
  return taken;
}

function isLanguage(value: string | undefined): value is DemoLanguage {
  return demoLanguages.includes(value as DemoLanguage);
}

function folders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch {
    return [];
  }
}

function files(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

// All or nothing: a failure halfway (a full disk, a folder made meanwhile) removes what
// this call wrote, so a retry starts from a clean slate.
function writeAll(rootDir: string, generated: Array<{ path: string; text: string }>): void {
  const made: string[] = [];
  try {
    for (const file of generated) {
      const path = join(rootDir, file.path);
      if (existsSync(path)) throw new Error(`${file.path} exists already`);
      const firstNewFolder = mkdirSync(dirname(path), { recursive: true });
      if (firstNewFolder !== undefined) made.push(firstNewFolder);
      writeFileSync(path, file.text, { flag: 'wx' });
      made.push(path);
    }
  } catch (error) {
    for (const path of made.reverse()) rmSync(path, { recursive: true, force: true });
    throw error;
  }
}
