/**
 * Pure helpers for run requests: a stable key for "the same demo with the same params"
 * and the rules for edited file names (what is wrong with params: demos/param-problems.ts).
 * No `node:` imports.
 */
import type { JsonValue } from '../../demos/protocol.ts';

// Issues read the same from every check on this side: the engine's, the stage driver's.
export { formatIssues, type IssueLike } from '../../demos/param-problems.ts';

/** stableStringify is JSON.stringify with object keys sorted, so equal values give equal text. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => stableStringify(item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    // Code-unit order, the same everywhere (keys of one object are never equal).
    // Stryker disable next-line EqualityOperator: keys of one object are never equal, so < and <= order them alike
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableStringify(item)}`).join(',')}}`;
}

/** maxEditedFiles bounds how many files one request may send. */
export const maxEditedFiles = 16;

/**
 * checkEditedFiles returns problems with an edited-files map (empty when fine). Names are
 * plain file names: a demo writes them into its temp dir, and a name like `../x` must
 * not reach outside it.
 */
export function checkEditedFiles(files: unknown): string[] {
  if (files === null || typeof files !== 'object' || Array.isArray(files)) return ['files: expected an object of file name → content'];
  const problems: string[] = [];
  const entries = Object.entries(files as Record<string, unknown>);
  if (entries.length > maxEditedFiles) problems.push(`files: at most ${maxEditedFiles} files`);
  for (const [name, content] of entries) {
    if (!/^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$/.test(name)) problems.push(`files.${name}: not a plain file name`);
    if (typeof content !== 'string') problems.push(`files.${name}: content must be a string`);
  }
  return problems;
}

/** isJsonValue says whether a value is plain JSON (what params may hold). */
export function isJsonValue(value: unknown): value is JsonValue {
  if (value === null || ['string', 'boolean'].includes(typeof value)) return true;
  if (typeof value === 'number') return Number.isFinite(value);
  // Stryker disable next-line ConditionalExpression: an array checked as an object has the same values to check
  if (Array.isArray(value)) return value.every(isJsonValue);
  if (typeof value === 'object') return Object.values(value as object).every(isJsonValue);
  return false;
}
