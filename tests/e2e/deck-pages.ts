/**
 * Driving the built deck page by page, for the e2e stage checks and for `npm run shots`
 * and `npm run export`: list every slide and sub-slide with the number the deck
 * shows ("9", "9.2"), go to one with all its fragments shown, and wait until its demos have
 * settled (a replay ended, or "not recorded"). Reveal is driven through its postMessage
 * API, the page talking to itself: the hash is written with a debounce and may lag.
 */
import type { Page } from 'playwright-core';

/** DeckSlide is one slide or sub-slide of the built deck. */
export interface DeckSlide {
  id: string;
  /** Reveal's indices (from 0). */
  h: number;
  v: number;
  /** The number the deck shows: "5" for a slide, "5.3" for its third sub-slide. */
  number: string;
  /** A "Live demo" sub-slide. */
  live: boolean;
  /** The `data-demo` ids on it. */
  demos: string[];
  /** The highest fragment index on it (-1: none). */
  lastFragment: number;
}

/**
 * waitForDeck waits until Reveal is ready; with `still`, it also turns slide transitions
 * off, so a screenshot or a measurement right after a move sees the slide in place.
 */
export async function waitForDeck(page: Page, still = false): Promise<void> {
  await page.locator('.reveal.ready').waitFor({ state: 'attached', timeout: 60_000 });
  if (still) {
    await page.evaluate(() => window.postMessage(JSON.stringify({ method: 'configure', args: [{ transition: 'none', backgroundTransition: 'none' }] }), '*'));
  }
}

/** listSlides lists every slide and sub-slide in deck order. */
export async function listSlides(page: Page): Promise<DeckSlide[]> {
  return page.$$eval('.reveal .slides > section', (tops) =>
    tops.flatMap((top, h) => {
      const inner = top.classList.contains('stack') ? [...top.querySelectorAll<HTMLElement>(':scope > section')] : [top as HTMLElement];
      return inner.map((section, v) => ({
        id: section.id,
        h,
        v,
        number: v === 0 ? String(h + 1) : `${h + 1}.${v + 1}`,
        live: section.classList.contains('live'),
        demos: [...section.querySelectorAll<HTMLElement>('.demo[data-demo]')].map((el) => el.dataset.demo ?? ''),
        lastFragment: Math.max(-1, ...[...section.querySelectorAll<HTMLElement>('.fragment')].map((f) => Number(f.dataset.fragmentIndex ?? 0))),
      }));
    }),
  );
}

/** showSlide moves the deck to a slide, with all its fragments shown when `allFragments`. */
export async function showSlide(page: Page, slide: DeckSlide, allFragments = true): Promise<void> {
  await page.evaluate(
    ([h, v, f]) => window.postMessage(JSON.stringify({ method: 'slide', args: f >= 0 ? [h, v, f] : [h, v] }), '*'),
    [slide.h, slide.v, allFragments ? slide.lastFragment : -1] as const,
  );
  await page.waitForFunction((id) => document.querySelector('.reveal .slides section.present:not(.stack)')?.id === id, slide.id, { timeout: 15_000 });
}

/**
 * waitForDemos waits until every demo panel on the slide (on every slide, for `null`: the
 * print view) has settled: its replay (or run) ended, or it says "not recorded" / "not
 * measured yet". Resolves false on timeout.
 */
export async function waitForDemos(page: Page, slideId: string | null, timeoutMs = 30_000): Promise<boolean> {
  return page
    .waitForFunction(
      (id) => {
        const section = id === null ? document : document.getElementById(id);
        const demos = section ? [...section.querySelectorAll<HTMLElement>('.demo[data-demo]')] : [];
        return demos.every((demo) => {
          const panel = demo.querySelector<HTMLElement>('.demo-panel');
          const stage = demo.querySelector<HTMLElement>('.stage');
          if (!panel) return demo.classList.contains('demo-failed');
          return panel.dataset.stage === 'ended' || ['not-recorded', 'waiting'].includes(stage?.dataset.state ?? '');
        });
      },
      slideId,
      { timeout: timeoutMs },
    )
    .then(() => true, () => false);
}

/**
 * settle waits for fonts, for the slide's running transitions and animations to end (a
 * fragment fading in, an auto-animate move; endless ones such as the live badge's pulse
 * excepted), then two frames, so a screenshot shows the final layout.
 */
export async function settle(page: Page): Promise<void> {
  // A string, not a function: tsx (npm run shots) wraps a function's inner names in a
  // helper the page lacks.
  await page.evaluate(`(async () => {
    await document.fonts.ready;
    const finite = document.getAnimations().filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity);
    await Promise.race([Promise.allSettled(finite.map((a) => a.finished)), new Promise((done) => setTimeout(done, 5000))]);
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  })()`);
}
