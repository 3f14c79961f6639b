/** Tests of paramProblems: what the engine answers a bad run request, and what the build says about a bad @demo line. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatIssues, paramProblems } from './param-problems.ts';

const schema = z.object({
  n: z.number().int().min(1).max(20).default(5),
  mode: z.enum(['go', 'c']).default('go'),
});

describe('paramProblems', () => {
  it('finds nothing wrong with good params, or none', () => {
    expect(paramProblems(schema, {})).toEqual([]);
    expect(paramProblems(schema, { n: 20, mode: 'c' })).toEqual([]);
  });
  it('says which param breaks the schema, and how', () => {
    expect(paramProblems(schema, { n: 21 })).toEqual(['n: Too big: expected number to be <=20']);
    expect(paramProblems(schema, { n: 1.5, mode: 'rust' })).toEqual(['n: Invalid input: expected int, received number', 'mode: Invalid option: expected one of "go"|"c"']);
  });
  it('names unknown params and the known ones, before any schema issue', () => {
    expect(paramProblems(schema, { nn: 3, n: 99 })).toEqual(['nn: unknown parameter (known: n, mode)']);
    expect(paramProblems(z.object({}), { x: 1 })).toEqual(['x: unknown parameter (known: none)']);
  });
});

describe('formatIssues', () => {
  it('formats issues with their path', () => {
    expect(formatIssues([{ path: ['n'], message: 'Too big' }, { path: [], message: 'Bad' }, { path: ['xs', 0], message: 'x' }])).toEqual(['n: Too big', 'Bad', 'xs.0: x']);
  });
});
