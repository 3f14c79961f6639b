/**
 * offeredVariants lists every param set a deck offers for each demo — each `@demo` line's
 * params, and each of the manifest's `variants` (a widget's buttons) — with the recording
 * key that must exist for the static deck and the PDF to answer it. The tests check the
 * committed recordings against it; `npm run demo -- --missing` could record from it.
 * deckDemoLines is the deck's `@demo` lines alone (what `npm run preflight` runs).
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

/** DeckDemoLine is one `@demo` line of a deck: the demo, its params and the slide it is on. */
export interface DeckDemoLine {
  demo: string;
  params: RunParams;
  slide: string;
  /** Where the line is, `file:line`. */
  at: string;
}

/** deckDemoLines reads `<deckDir>/deck.yaml` and its sections and lists their `@demo` lines in deck order. */
export function deckDemoLines(deckDir: string): DeckDemoLine[] {
  const deckFile = join(deckDir, 'deck.yaml');
  const deck = parseDeckManifest(readFileSync(deckFile, 'utf8'), deckFile);
  const out: DeckDemoLine[] = [];
  for (const section of deck.sections) {
    const file = join(dirname(deckFile), section.path);
    for (const slide of parseSection(readFileSync(file, 'utf8'), file).slides) {
      for (const embed of slide.embeds) {
        if (embed.kind === 'demo') out.push({ demo: embed.demo, params: embed.params as RunParams, slide: slide.id, at: `${file}:${embed.line}` });
      }
    }
  }
  return out;
}

/** offeredVariants reads `<deckDir>/deck.yaml` and its sections; `manifests` are the demos by id. */
export function offeredVariants(deckDir: string, manifests: ReadonlyMap<string, DemoManifest>): OfferedVariant[] {
  const out: OfferedVariant[] = [];
  const add = (demo: string, params: RunParams, where: string): void => {
    const manifest = manifests.get(demo);
    if (!manifest) return;
    out.push({ demo, params, key: recordingKey(manifest, params), where });
  };
  for (const line of deckDemoLines(deckDir)) {
    add(line.demo, line.params, line.slide);
    for (const variant of manifests.get(line.demo)?.variants ?? []) add(line.demo, { ...line.params, ...(variant as RunParams) }, `${line.slide} (a widget button)`);
  }
  return out;
}
