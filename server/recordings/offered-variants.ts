/**
 * offeredVariants lists every param set a deck offers for each demo — each `@demo` line's
 * params, and each of the manifest's `variants` (a widget's buttons) — with the recording
 * key that must exist for the static deck and the PDF to answer it. The tests check the
 * committed recordings against it; `npm run demo -- --missing` could record from it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DemoManifest } from '../../demos/define-demo.ts';
import type { RunParams } from '../../demos/protocol.ts';
import { recordingKey } from '../../demos/recording-key.ts';
import { parseDeckManifest } from '../../slides/compiler/parse-manifest.ts';
import { parseSection } from '../../slides/compiler/parse-section.ts';

/** OfferedVariant is one param set of one demo, where it is offered, and its recording key. */
export interface OfferedVariant {
  demo: string;
  params: RunParams;
  key: string;
  /** The slide id with the `@demo` line, or "manifest variants". */
  where: string;
}

/** offeredVariants reads `<deckDir>/deck.yaml` and its sections; `manifests` are the demos by id. */
export function offeredVariants(deckDir: string, manifests: ReadonlyMap<string, DemoManifest>): OfferedVariant[] {
  const deckFile = join(deckDir, 'deck.yaml');
  const deck = parseDeckManifest(readFileSync(deckFile, 'utf8'), deckFile);
  const out: OfferedVariant[] = [];
  const add = (demo: string, params: RunParams, where: string): void => {
    const manifest = manifests.get(demo);
    if (!manifest) return;
    out.push({ demo, params, key: recordingKey(manifest, params), where });
  };
  for (const section of deck.sections) {
    const file = join(dirname(deckFile), section.path);
    for (const slide of parseSection(readFileSync(file, 'utf8'), file).slides) {
      for (const embed of slide.embeds) {
        if (embed.kind !== 'demo') continue;
        add(embed.demo, embed.params as RunParams, slide.id);
        for (const variant of manifests.get(embed.demo)?.variants ?? []) add(embed.demo, { ...(embed.params as RunParams), ...(variant as RunParams) }, `${slide.id} (a widget button)`);
      }
    }
  }
  return out;
}
