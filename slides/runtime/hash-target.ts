/**
 * The slide part of a Reveal URL hash. Pure: no DOM, so unit tests run it in Node.
 */

/** hashTarget is the slide part of a Reveal hash (`#/id/2` → "id"), or "" for none. */
export function hashTarget(hash: string): string {
  const path = hash.replace(/^#\/?/, '');
  return decodeURIComponent(path.split('/')[0] ?? '');
}
