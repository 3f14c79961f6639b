import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { paramSpecsOf } from './param-spec.ts';

describe('paramSpecsOf', () => {
  it('derives kinds, defaults, bounds and choices from zod', () => {
    const schema = z.object({
      iterations: z.number().int().min(1).max(1e6).default(1000).describe('calls per batch'),
      ratio: z.number().gt(0).default(0.5),
      verbose: z.boolean().default(false),
      direction: z.enum(['go-to-c', 'c-to-go']).default('go-to-c'),
      runtimes: z.array(z.string()).max(10).default([]),
      label: z.string().optional(),
      fixed: z.literal('x').default('x'),
    });
    expect(paramSpecsOf(schema)).toEqual([
      { name: 'iterations', kind: 'integer', description: 'calls per batch', default: 1000, min: 1, max: 1e6 },
      { name: 'ratio', kind: 'number', default: 0.5, min: 0 },
      { name: 'verbose', kind: 'boolean', default: false },
      { name: 'direction', kind: 'enum', default: 'go-to-c', choices: ['go-to-c', 'c-to-go'] },
      { name: 'runtimes', kind: 'list', default: [], max: 10 },
      { name: 'label', kind: 'string' },
      { name: 'fixed', kind: 'enum', default: 'x', choices: ['x'] },
    ]);
  });
});
