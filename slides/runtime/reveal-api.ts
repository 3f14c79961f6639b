/**
 * Types for the parts of Reveal 6's API the runtime uses that its bundled .d.ts lacks
 * (isPrintView and isScrollView exist at run time; showNotes accepts "separate-page").
 */
import type Reveal from 'reveal.js';

/** DeckApi is Reveal's instance API plus the view checks the runtime needs. */
export type DeckApi = InstanceType<typeof Reveal> & {
  isPrintView(): boolean;
  isScrollView(): boolean;
};

/** DeckPlugin is a Reveal plugin object as the runtime and decks write them. */
export interface DeckPlugin {
  id: string;
  init?(deck: DeckApi): void | Promise<void>;
  destroy?(): void;
}
