/**
 * createPrintNumbersPlugin: printed pages (`?print-pdf`) carry the number the deck shows
 * for their slide — "9" for a slide, "9.2" for its second sub-slide — rather than Reveal's
 * running page count (1 … 75), so a page of the PDF and a slide of the talk are named the
 * same. The numbers are taken before Reveal moves the slides into pages, and written into
 * each page's number once it has laid them out (`pdf-ready`).
 *
 * A slide whose title is not on it (a drawing titled only in its `@slide … title="…"`
 * line) gets the title beside its number, so a reader of the PDF, or a search in it,
 * finds every slide by its title.
 */
import type { DeckApi, DeckPlugin } from './reveal-api.ts';

/** deckNumber is a slide's number as the deck shows it: h and v count from 1, a top slide has no ".1". */
export function deckNumber(h: number, v: number): string {
  return v === 0 ? String(h + 1) : `${h + 1}.${v + 1}`;
}

/** createPrintNumbersPlugin is the Reveal plugin that renumbers printed pages. */
export function createPrintNumbersPlugin(): DeckPlugin {
  let cleanup = (): void => {};
  return {
    id: 'print-numbers',
    init(deck: DeckApi) {
      const numbers = new Map<HTMLElement, string>();
      const tops = [...(deck.getRevealElement()?.querySelectorAll<HTMLElement>('.slides > section') ?? [])];
      tops.forEach((top, h) => {
        const inner = top.classList.contains('stack') ? [...top.querySelectorAll<HTMLElement>(':scope > section')] : [top];
        inner.forEach((section, v) => numbers.set(section, deckNumber(h, v)));
      });
      const renumber = (): void => {
        for (const [section, number] of numbers) {
          section.dataset.deckNumber = number;
          const page = section.closest('.pdf-page');
          const label = page?.querySelector('.slide-number-pdf');
          if (label) label.textContent = number;
          const title = section.dataset.title;
          if (page && title && !page.querySelector('.slide-title-pdf') && !showsText(section, title)) {
            const caption = document.createElement('div');
            caption.className = 'slide-title-pdf';
            caption.textContent = title;
            page.append(caption);
          }
        }
      };
      deck.on('pdf-ready', renumber);
      cleanup = () => deck.off('pdf-ready', renumber);
    },
    destroy() {
      cleanup();
    },
  };
}

/** showsText says whether `text` is among what the slide shows (its rendered text, notes aside), whitespace aside. */
export function showsText(section: HTMLElement, text: string): boolean {
  const squash = (value: string): string => value.replace(/\s+/g, ' ').trim();
  return squash(section.innerText ?? section.textContent ?? '').includes(squash(text));
}
