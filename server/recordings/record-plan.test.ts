/** Tests of the plan of `npm run record -- --deck`: one run per recording key the deck needs. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineDemo, type DemoManifest } from '../../demos/define-demo.ts';
import { recordingKey } from '../../demos/recording-key.ts';
import type { RunParams } from '../../demos/protocol.ts';
import type { OfferedVariant } from './offered-variants.ts';
import { recordPlan } from './record-plan.ts';

const table = defineDemo({
  id: 'table',
  title: 'T',
  params: z.object({ n: z.number().int().max(10).default(5), view: z.enum(['table', 'ratio']).default('table'), mode: z.enum(['a', 'b']).default('a') }),
  result: z.object({}),
  displayParams: ['view'],
  requires: [],
  timeoutMs: 1,
});
const manifests = new Map<string, DemoManifest>([['table', table]]);
const offered = (demo: string, params: RunParams, where: string): OfferedVariant => ({ demo, params, where, key: manifests.get(demo) ? recordingKey(manifests.get(demo)!, params) : demo });

describe('recordPlan', () => {
  it('makes one run per recording key, naming every slide that replays it, in deck order', () => {
    const plan = recordPlan(
      [offered('table', {}, 'intro'), offered('table', { n: 7 }, 'more'), offered('table', { n: 5 }, 'again'), offered('table', { mode: 'b' }, 'more (a widget button)')],
      manifests,
    );
    expect(plan).toEqual([
      { demo: 'table', params: {}, key: 'table', where: ['intro', 'again'] },
      { demo: 'table', params: { n: 7 }, key: 'table--n-7', where: ['more'] },
      { demo: 'table', params: { mode: 'b' }, key: 'table--mode-b', where: ['more (a widget button)'] },
    ]);
  });

  it('names a slide once when it replays the same recording twice (a slide and its widget button)', () => {
    expect(recordPlan([offered('table', {}, 'intro'), offered('table', { view: 'ratio' }, 'intro'), offered('table', {}, 'outro')], manifests)).toEqual([
      { demo: 'table', params: {}, key: 'table', where: ['intro', 'outro'] },
    ]);
  });

  it('runs without display params: they change the drawing, and such a run would not be recorded', () => {
    expect(recordPlan([offered('table', { view: 'ratio', n: 3 }, 'ratio-slide'), offered('table', { n: 3 }, 'table-slide')], manifests)).toEqual([
      { demo: 'table', params: { n: 3 }, key: 'table--n-3', where: ['ratio-slide', 'table-slide'] },
    ]);
  });

  it('leaves out what the build refuses: an unknown demo, params the schema refuses', () => {
    expect(recordPlan([offered('nope', {}, 'a'), offered('table', { n: 11 }, 'b')], manifests)).toEqual([]);
  });
});
