/**
 * createNearestSlidePlugin: a slide URL that points nowhere lands on the nearest slide
 * and the address bar is corrected to it: a number past the end (`#/99`) goes to the
 * last slide (Reveal clamps it), an unknown id (`#/no-such-id`) to the first (Reveal
 * would stay where it was). Correcting the address matters because a reload or a shared
 * link would otherwise keep pointing nowhere.
 */
import type { DeckApi, DeckPlugin } from './reveal-api.ts';
import { hashTarget } from './hash-target.ts';

/** createNearestSlidePlugin is the Reveal plugin that rewrites an unresolvable hash. */
export function createNearestSlidePlugin(): DeckPlugin {
  let cleanup = (): void => {};
  return {
    id: 'nearest-slide',
    init(deck: DeckApi) {
      const correct = (): void => {
        if (deck.isPrintView()) return;
        const target = hashTarget(window.location.hash);
        if (target === '') return;
        const current = deck.getCurrentSlide();
        if (!current?.id) return;
        // A hash naming an existing slide, or a number Reveal resolved itself, is fine.
        if (document.getElementById(target)?.closest('.slides section') || (/^\d+$/.test(target) && Number(target) < deck.getHorizontalSlides().length)) return;
        if (!/^\d+$/.test(target) && (deck.getIndices().h !== 0 || deck.getIndices().v !== 0)) {
          deck.slide(0, 0);
        }
        const landed = deck.getCurrentSlide();
        if (!landed?.id) return;
        window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/${encodeURIComponent(landed.id)}`);
      };
      // Reveal reads the hash on its own hashchange listener, registered before ours.
      const onHash = (): void => {
        setTimeout(correct, 0);
      };
      deck.on('ready', correct);
      window.addEventListener('hashchange', onHash);
      cleanup = () => {
        deck.off('ready', correct);
        window.removeEventListener('hashchange', onHash);
      };
    },
    destroy() {
      cleanup();
    },
  };
}
