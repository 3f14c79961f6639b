/**
 * createFitPlugin: keeps a slide whose content is taller than the 1280×720 canvas
 * legible instead of cut off, by shrinking that slide's type (every size in the theme is
 * in em, so one font-size scales text, code and pictures together) down to a floor,
 * below which the author should split the slide. Measured when a slide is shown (Reveal
 * does not lay out hidden slides) and for every page in print view.
 */
import type { DeckApi, DeckPlugin } from './reveal-api.ts';

/** minFitScale is the smallest shrink allowed; smaller type would not read from the back of a room. */
export const minFitScale = 0.7;

/** fitSlide shrinks one visible slide until it fits `heightPx`, not below minFitScale. */
export function fitSlide(slide: HTMLElement, heightPx: number): void {
  // A live sub-slide is laid out to fit by its panel (fixed height, no scrolling inside);
  // shrinking it would take its answer below the size the back row can read.
  if (slide.classList.contains('stack') || slide.classList.contains('no-fit') || slide.classList.contains('live')) return;
  slide.style.removeProperty('--fit-scale');
  let scale = 1;
  for (let i = 0; i < 4 && slide.scrollHeight > heightPx + 1 && scale > minFitScale; i++) {
    scale = Math.max(minFitScale, scale * (heightPx / slide.scrollHeight) * 0.98);
    slide.style.setProperty('--fit-scale', scale.toFixed(3));
  }
  slide.classList.toggle('fit-shrunk', scale < 1);
}

/** createFitPlugin is the Reveal plugin that fits the current slide (or all, when printing). */
export function createFitPlugin(): DeckPlugin {
  let cleanup = (): void => {};
  return {
    id: 'fit-slide',
    init(deck: DeckApi) {
      const height = (): number => Number(deck.getConfig().height ?? 720);
      const fitCurrent = (): void => {
        const slide = deck.getCurrentSlide();
        if (!slide || deck.isScrollView()) return;
        const before = slide.style.getPropertyValue('--fit-scale');
        fitSlide(slide, height());
        if (slide.style.getPropertyValue('--fit-scale') !== before) deck.layout();
      };
      const fitAll = (): void => {
        for (const slide of deck.getSlides()) fitSlide(slide, height());
      };
      deck.on('ready', fitCurrent);
      deck.on('slidechanged', fitCurrent);
      deck.on('pdf-ready', fitAll);
      // Fonts arrive after the first layout; measure again once they are in.
      void document.fonts?.ready.then(fitCurrent);
      cleanup = () => {
        deck.off('ready', fitCurrent);
        deck.off('slidechanged', fitCurrent);
        deck.off('pdf-ready', fitAll);
      };
    },
    destroy() {
      cleanup();
    },
  };
}
