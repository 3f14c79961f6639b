/**
 * The demos' params schemas for the slide compiler's build-time check of `@demo` lines.
 * The manifests are TypeScript (`demos/<id>/manifest.ts`), imported here through tsx in
 * a namespace of their own, so each load reads them afresh (the dev server reloads them
 * after an edit) and nothing else of the process is affected. Node only: the vite
 * plugin's side; the compiler itself stays pure and gets the check as a function.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';
import type { z } from 'zod';
import { paramProblems } from '../../demos/param-problems.ts';

/** DemoParamsCheck says what is wrong with a `@demo` line's params; undefined when the demo's schema is not known. */
export type DemoParamsCheck = (demo: string, params: Record<string, unknown>) => string[] | undefined;

let loads = 0;

/**
 * loadDemoParamsCheck imports every `<demosDir>/<id>/manifest.ts` and returns the check
 * of params against each one's schema. A manifest that does not load is reported at each
 * `@demo` line of its demo, with the reason; a folder whose manifest has no zod params
 * schema (a test stand-in) is not checked.
 */
export async function loadDemoParamsCheck(demosDir: string): Promise<DemoParamsCheck> {
  const scope = register({ namespace: `deck-demo-manifests-${process.pid}-${++loads}` });
  const schemas = new Map<string, z.ZodObject | Error>();
  try {
    for (const id of listFolders(demosDir)) {
      const file = join(demosDir, id, 'manifest.ts');
      if (!existsSync(file)) continue;
      try {
        const params = defaultExport(await scope.import(pathToFileURL(file).href, import.meta.url))?.params;
        if (isObjectSchema(params)) schemas.set(id, params);
      } catch (error) {
        schemas.set(id, error instanceof Error ? error : new Error(String(error)));
      }
    }
  } finally {
    await scope.unregister();
  }
  return (demo, params) => {
    const schema = schemas.get(demo);
    if (schema === undefined) return undefined;
    if (schema instanceof Error) return [`its manifest does not load, so its params cannot be checked: ${schema.message.split('\n')[0]}`];
    return paramProblems(schema, params);
  };
}

// Outside a `"type": "module"` package (a deck copied to a temp folder) a .ts file loads
// as CommonJS, and its `export default` arrives one level down.
function defaultExport(loaded: unknown): { params?: unknown } | undefined {
  const outer = (loaded as { default?: { default?: unknown; params?: unknown } } | undefined)?.default;
  return (outer && 'default' in outer ? outer.default : outer) as { params?: unknown } | undefined;
}

function isObjectSchema(value: unknown): value is z.ZodObject {
  const candidate = value as { safeParse?: unknown; shape?: unknown } | null | undefined;
  return typeof candidate?.safeParse === 'function' && typeof candidate.shape === 'object' && candidate.shape !== null;
}

function listFolders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}
