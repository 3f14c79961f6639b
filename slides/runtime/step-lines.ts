/**
 * Reading a code step's `data-lines` (`3,5-7` or `all`, as slides/compiler writes them).
 * Pure: no DOM, so unit tests run it in Node.
 */

/** parseLineList reads `3,5-7` (or `all`) into a set of 1-based lines; null means all. */
export function parseLineList(spec: string): Set<number> | null {
  if (spec.trim() === 'all') return null;
  const lines = new Set<number>();
  for (const part of spec.split(',')) {
    const [from, to] = part.split('-').map((n) => Number(n.trim()));
    if (from === undefined || Number.isNaN(from)) continue;
    for (let n = from; n <= (to ?? from); n++) lines.add(n);
  }
  return lines;
}
