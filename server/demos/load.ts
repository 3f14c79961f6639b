/**
 * Demo discovery. A demo `<id>` is `demos/<id>/manifest.ts` (shared) plus
 * `server/demos/runners/<id>.ts` (default export `defineDemoRunner({ manifest, run })`).
 * There is no central list: a folder with a manifest is a demo, and a manifest without
 * a runner (or a runner without a manifest, or ids that disagree) stops the server at
 * start-up with the file named, rather than failing later on a slide.
 *
 * Extra runner folders (`extraDirs`, or the `DEMO_DIRS` environment variable, paths
 * separated by ":") hold self-contained runner files whose manifest is inline; tests use
 * them to register demos that exist only for the test.
 */
import { readdir, stat } from 'node:fs/promises';
import { delimiter, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnyDemo } from '../engine/engine.ts';

/** DemoLoadError lists every problem found while loading demos. */
export class DemoLoadError extends Error {
  constructor(readonly problems: string[]) {
    super(`cannot load demos:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  }
}

/** LoadDemosOptions say where to look. */
export interface LoadDemosOptions {
  rootDir: string;
  /** Folders of extra self-contained runner files (default: $DEMO_DIRS). */
  extraDirs?: string[];
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function listDir(path: string): Promise<string[]> {
  try {
    return (await readdir(path)).sort();
  } catch {
    return [];
  }
}

function isDefinition(value: unknown): value is AnyDemo {
  if (value === null || typeof value !== 'object') return false;
  const def = value as Partial<AnyDemo>;
  return typeof def.run === 'function' && typeof def.manifest === 'object' && def.manifest !== null && typeof def.manifest.id === 'string';
}

function manifestProblems(def: AnyDemo, file: string): string[] {
  const m = def.manifest;
  const problems: string[] = [];
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(m.id)) problems.push(`${file}: id "${m.id}" is not kebab-case`);
  if (typeof m.title !== 'string' || !m.title) problems.push(`${file}: manifest needs a title`);
  if (!m.params || typeof (m.params as { safeParse?: unknown }).safeParse !== 'function') problems.push(`${file}: manifest.params must be a zod object schema`);
  else if (!m.params.safeParse({}).success) problems.push(`${file}: manifest.params must accept {} (give every field a default)`);
  if (!m.result || typeof (m.result as { safeParse?: unknown }).safeParse !== 'function') problems.push(`${file}: manifest.result must be a zod schema of the result event's data`);
  const shape = m.params && typeof m.params === 'object' && 'shape' in m.params ? (m.params.shape as Record<string, unknown>) : {};
  for (const name of m.displayParams ?? []) if (!(name in shape)) problems.push(`${file}: displayParams names "${name}", which is not a param`);
  if (!Number.isFinite(m.timeoutMs) || m.timeoutMs <= 0) problems.push(`${file}: manifest.timeoutMs must be a positive number`);
  if (!Array.isArray(m.requires)) problems.push(`${file}: manifest.requires must be an array of toolchain ids`);
  return problems;
}

/** loadDemos discovers, imports and checks every demo; throws DemoLoadError listing all problems. */
export async function loadDemos(options: LoadDemosOptions): Promise<AnyDemo[]> {
  const root = options.rootDir;
  const rel = (path: string): string => relative(root, path) || path;
  const problems: string[] = [];
  const found: AnyDemo[] = [];
  const demosDir = join(root, 'demos');
  const runnersDir = join(root, 'server/demos/runners');

  const manifestIds: string[] = [];
  for (const entry of await listDir(demosDir)) {
    if (await isFile(join(demosDir, entry, 'manifest.ts'))) manifestIds.push(entry);
  }
  const runnerIds = (await listDir(runnersDir)).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')).map((name) => name.slice(0, -3));

  for (const id of runnerIds) {
    if (!manifestIds.includes(id)) problems.push(`${rel(join(runnersDir, `${id}.ts`))}: no matching demos/${id}/manifest.ts`);
  }
  for (const id of manifestIds) {
    const manifestFile = join(demosDir, id, 'manifest.ts');
    const runnerFile = join(runnersDir, `${id}.ts`);
    if (!runnerIds.includes(id)) {
      problems.push(`${rel(manifestFile)}: no runner; expected ${rel(runnerFile)} (default export defineDemoRunner({ manifest, run }))`);
      continue;
    }
    try {
      const manifestModule = (await import(pathToFileURL(manifestFile).href)) as { default?: { id?: unknown } };
      if (manifestModule.default?.id !== id) problems.push(`${rel(manifestFile)}: default export must be defineDemo({ id: '${id}', … })`);
      const runnerModule = (await import(pathToFileURL(runnerFile).href)) as { default?: unknown };
      const def = runnerModule.default;
      if (!isDefinition(def)) {
        problems.push(`${rel(runnerFile)}: default export must be defineDemoRunner({ manifest, run })`);
        continue;
      }
      if (def.manifest.id !== id) {
        problems.push(`${rel(runnerFile)}: its manifest id is "${def.manifest.id}", expected "${id}"`);
        continue;
      }
      const issues = manifestProblems(def, rel(manifestFile));
      problems.push(...issues);
      if (issues.length === 0) found.push(def);
    } catch (error) {
      problems.push(`${rel(runnerFile)}: failed to load: ${(error as Error).message}`);
    }
  }

  const extraDirs = options.extraDirs ?? (process.env.DEMO_DIRS ? process.env.DEMO_DIRS.split(delimiter).filter(Boolean) : []);
  for (const dir of extraDirs.map((item) => resolve(item))) {
    const files = (await listDir(dir)).filter((name) => /\.(ts|js|mjs)$/.test(name) && !name.endsWith('.d.ts'));
    if (files.length === 0) problems.push(`${dir}: no demo runner files`);
    for (const name of files) {
      const file = join(dir, name);
      try {
        const def = ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
        if (!isDefinition(def)) {
          problems.push(`${file}: default export must be a demo definition { manifest, run }`);
          continue;
        }
        const issues = manifestProblems(def, file);
        problems.push(...issues);
        if (issues.length === 0) found.push(def);
      } catch (error) {
        problems.push(`${file}: failed to load: ${(error as Error).message}`);
      }
    }
  }

  const seen = new Set<string>();
  for (const def of found) {
    if (seen.has(def.manifest.id)) problems.push(`demo id "${def.manifest.id}" is defined twice`);
    seen.add(def.manifest.id);
  }
  if (problems.length > 0) throw new DemoLoadError(problems);
  return found;
}
