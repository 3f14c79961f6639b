/**
 * What `npm run record -- --deck <name>` runs: one run per recording key the deck needs,
 * so its static build answers every slide and every widget button. The param sets come
 * from offeredVariants (each `@demo` line's params, each manifest variant); two slides
 * that replay the same recording need one run. A run gets the key params only: display
 * params change the drawing, not the measurement, and a run with them off their defaults
 * is not recorded (recorder.ts). Pure.
 */
import type { DemoManifest } from '../../demos/define-demo.ts';
import type { RunParams } from '../../demos/protocol.ts';
import { selectorFor } from '../../demos/recording-key.ts';
import type { OfferedVariant } from './offered-variants.ts';

/** PlannedRecording is one run to record: its demo, params, the key it writes, and where the deck shows it. */
export interface PlannedRecording {
  demo: string;
  params: RunParams;
  key: string;
  /** The slides (and widget buttons) that replay it. */
  where: string[];
}

/** recordPlan merges the offered variants by key, in the deck's order. */
export function recordPlan(offered: readonly OfferedVariant[], manifests: ReadonlyMap<string, DemoManifest>): PlannedRecording[] {
  const byKey = new Map<string, PlannedRecording>();
  for (const variant of offered) {
    const manifest = manifests.get(variant.demo);
    const selector = manifest ? selectorFor(manifest, variant.params) : undefined;
    if (!selector) continue; // the build reports unknown demos and params that break the schema
    const planned = byKey.get(selector.key);
    if (planned) {
      if (!planned.where.includes(variant.where)) planned.where.push(variant.where);
    } else {
      byKey.set(selector.key, { demo: variant.demo, params: keyParamsOff(selector.match, manifest!), key: selector.key, where: [variant.where] });
    }
  }
  return [...byKey.values()];
}

// Only the key params that differ from the defaults: what a person would type.
function keyParamsOff(match: RunParams, manifest: DemoManifest): RunParams {
  const defaults = manifest.params.parse({}) as RunParams;
  return Object.fromEntries(Object.entries(match).filter(([name, value]) => JSON.stringify(value) !== JSON.stringify(defaults[name])));
}
