/**
 * Posix path helpers for the pure compiler, which names every file by its path relative
 * to the project root with "/" separators (the form errors show). Pure: no node:path.
 */

/** normalizePath resolves "." and ".." segments; a path climbing above the root keeps its leading "..". */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

/** joinPath joins and normalizes segments. */
export function joinPath(...parts: string[]): string {
  return normalizePath(parts.filter((p) => p !== '').join('/'));
}

/** dirnamePath is the folder part of a path ("" for a bare name). */
export function dirnamePath(path: string): string {
  const index = path.lastIndexOf('/');
  return index < 0 ? '' : path.slice(0, index);
}

/** relativePath is the path of `to` seen from folder `fromDir` (both relative to the same root). */
export function relativePath(fromDir: string, to: string): string {
  const from = normalizePath(fromDir).split('/').filter((p) => p !== '');
  const target = normalizePath(to).split('/').filter((p) => p !== '');
  let common = 0;
  while (common < from.length && common < target.length && from[common] === target[common]) common++;
  return [...from.slice(common).map(() => '..'), ...target.slice(common)].join('/');
}

/** extensionOf is the lower-case extension without the dot ("" when none). */
export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}
