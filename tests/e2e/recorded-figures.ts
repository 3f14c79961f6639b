/**
 * What the deck must show for each live sub-slide, computed from the sources and the
 * committed recordings, independently of the widgets (the stage checks and the export
 * compare the page, or the PDF, with it): the deck's live sub-slides with their `@demo`
 * lines, the recording each one replays, and the headline figure that recording gives.
 */
import { readFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DemoManifest } from '../../demos/define-demo.ts';
import type { Recording, RunParams } from '../../demos/protocol.ts';
import { recordingKey } from '../../demos/recording-key.ts';
import { formatNs, formatRatio } from '../../demos/client/format.ts';
import { parseDeckManifest } from '../../slides/compiler/parse-manifest.ts';
import { parseSection } from '../../slides/compiler/parse-section.ts';
import { rootDir } from './harness.ts';

/** deckDir is the deck under test. */
export const deckDir = join(rootDir, 'slides/why-cgo-is-slow');

/** LiveSlide is a live sub-slide of the deck's source and its `@demo` line. */
export interface LiveSlide { id: string; demo: string; params: RunParams }

/** liveSlides lists a deck's live sub-slides from its sources (not from the page under test); default the flagship. */
export function liveSlides(dir = deckDir): LiveSlide[] {
  const deckFile = join(dir, 'deck.yaml');
  const deck = parseDeckManifest(readFileSync(deckFile, 'utf8'), deckFile);
  return deck.sections.flatMap((section) => {
    const file = join(dirname(deckFile), section.path);
    return parseSection(readFileSync(file, 'utf8'), file).slides.flatMap((slide) => {
      const demo = slide.embeds.find((e) => e.kind === 'demo');
      return slide.options.live && demo?.kind === 'demo' ? [{ id: slide.id, demo: demo.demo, params: demo.params as RunParams }] : [];
    });
  });
}

/** manifestOf loads a demo's manifest. */
export async function manifestOf(demo: string): Promise<DemoManifest> {
  return ((await import(`../../demos/${demo}/manifest.ts`)) as { default: DemoManifest }).default;
}

/** recordedResult is the result of the recording a slide with these params replays. */
export async function recordedResult(demo: string, params: RunParams): Promise<Record<string, any> | undefined> {
  const file = join(rootDir, 'recordings', `${recordingKey(await manifestOf(demo), params)}.json`);
  if (!existsSync(file)) return undefined;
  const recording = JSON.parse(await readFile(file, 'utf8')) as Recording;
  const result = recording.events.find((e) => e.type === 'result');
  return result?.type === 'result' ? result.data : undefined;
}

/**
 * expectedFigure is the headline's figure computed from a recording's result, written
 * here from the demo's result schema, not taken from the widget.
 */
export function expectedFigure(demo: string, r: Record<string, any>, params: RunParams): string {
  switch (demo) {
    case 'ffi-overhead':
      return formatRatio(r.cgo.ratioToCSo);
    case 'cgo-benchstat':
      return formatNs(r.rows.find((row: { name: string }) => row.name === 'CgoCall').medianNs);
    case 'go-build-work':
      return `${Object.values(r.commands as Record<string, number>).reduce((a, b) => a + b, 0)} build commands`;
    case 'cgocall-source':
      return r.excerpts[0].focus.map((f: { from: number; to: number }) => (f.from === f.to ? `${f.from}` : `${f.from}–${f.to}`)).join(' · ');
    case 'trampoline-gdb': {
      const direction = params.direction ?? 'go-to-c';
      const frames = r.runs.find((run: { direction: string }) => run.direction === direction).frames as Array<{ function: string; stage: string }>;
      return direction === 'go-to-c' ? frames.find((f) => f.stage === 'c-trampoline')!.function : frames.find((f) => f.function.startsWith('_cgoexp_'))!.function;
    }
    case 'goroutines-vs-threads':
      return formatRatio(r.rssRatio);
    case 'stack-growth':
      return `${r.moveCount} times`;
    case 'preamble-disasm': {
      const fn = r.goFunctions.find((f: { preamble: unknown }) => f.preamble !== null);
      return fn.instructions[fn.preamble.compare].text;
    }
    case 'preemption': {
      const s = r.scenarios.find((x: { hung: boolean }) => x.hung) ?? r.scenarios[0];
      return s.hung ? `${s.ticks} ticks — hung, killed` : `${s.ticks} ticks, ≤ ${Math.round(s.maxLateMs)} ms late`;
    }
    case 'threads-in-c':
      return r.variant === 'compare' ? `${r.modes.c.peakThreads} threads vs ${r.modes.go.peakThreads}` : r.fatal;
    case 'pointer-rules':
      return r.verdict === 'panic' ? r.panic : r.verdict === 'fatal' ? r.fatal : 'ran clean';
    case 'go-releases':
      return r.headline.text;
    case 'work-per-call':
      return r.headline;
    default:
      throw new Error(`no expected headline for ${demo}: add one here`);
  }
}
