/**
 * What is wrong with params given to a demo, as lines an author or a client can act on
 * (`n: Too big: expected number to be <=20`, `nn: unknown parameter (known: n, rounds)`).
 * One check for every place params come from: the engine (a run request) and the slide
 * compiler (a slide's `@demo` line, at build time). Pure.
 */
import type { z } from 'zod';

/** IssueLike is the part of a zod issue we print. */
export interface IssueLike {
  path: PropertyKey[];
  message: string;
}

/** formatIssues turns schema issues into lines such as `iterations: Too big: expected number to be <=1000000`. */
export function formatIssues(issues: readonly IssueLike[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.map((part) => String(part)).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}

/**
 * paramProblems lists what is wrong with `params` for a demo whose params schema is
 * `schema`: its unknown keys when there are any (zod drops them silently, and a misspelt
 * param must not run the default instead), else the schema's issues. Empty when fine.
 */
export function paramProblems(schema: z.ZodObject, params: Record<string, unknown>): string[] {
  const known = Object.keys(schema.shape);
  const unknownKeys = Object.keys(params).filter((key) => !known.includes(key));
  if (unknownKeys.length > 0) return unknownKeys.map((key) => `${key}: unknown parameter (known: ${known.join(', ') || 'none'})`);
  const parsed = schema.safeParse(params);
  return parsed.success ? [] : formatIssues(parsed.error.issues);
}
