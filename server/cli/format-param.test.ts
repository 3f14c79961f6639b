/** Tests of how `npm run demo -- --list` shows params. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { paramSpecsOf } from '../http/param-spec.ts';
import { formatParam, formatParams } from './format-param.ts';

describe('formatParams', () => {
  it('shows each param with its default and what it accepts', () => {
    const specs = paramSpecsOf(
      z.object({
        n: z.number().int().min(1).max(500).default(100),
        variant: z.enum(['compare', 'max-threads']).default('compare'),
        cgocheck2: z.boolean().default(false),
        label: z.string().default('x'),
        seed: z.number().min(0).optional(),
        batchMs: z.number().max(50).default(20),
        runtimes: z.array(z.string()).min(1).default(['c', 'go', 'rust', 'java', 'lua']),
        few: z.array(z.string()).default(['a', 'b']),
      }),
    );
    expect(specs.map(formatParam)).toEqual([
      'n=100 (1–500)',
      'variant=compare (compare|max-threads)',
      'cgocheck2=false (true|false)',
      'label=x',
      'seed (≥ 0)',
      'batchMs=20 (≤ 50)',
      'runtimes=c,go,rust,… (5 items) (≥ 1 items)',
      'few=a,b (a list)',
    ]);
  });
  it('says when there are none', () => {
    expect(formatParams([])).toBe('no params');
    expect(formatParams(paramSpecsOf(z.object({ n: z.number().default(1) })))).toBe('n=1');
  });
});
