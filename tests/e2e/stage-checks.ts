/**
 * The stage rules, measured in the page (the e2e stage test, and handy while laying out a
 * widget): for a slide with a demo, once its replay has ended —
 *
 *   - the headline figure (`[data-headline-figure]`) is visible, inside the slide, not
 *     covered, and ≥ 28 px as rendered; its text is returned for the caller to compare;
 *   - every text in the panel renders at ≥ 18 px (SVG text by its on-screen scale), and
 *     no SVG text reaches past its drawing's edge (where the SVG clips it);
 *   - no element in the panel scrolls or is cut (scrollHeight > clientHeight or
 *     scrollWidth > clientWidth, 1 px of rounding allowed), the code editor excepted;
 *   - every box in the panel lies inside the slide, and the panel clear of Reveal's
 *     navigation arrows;
 *   - a chart and a table never overlap.
 */
import type { Page } from 'playwright-core';

/** StageReport is what a slide's demo panel measured. */
export interface StageReport {
  /** The headline figure's text, or null when there is none. */
  figure: string | null;
  /** Its rendered font size, px. */
  figurePx: number;
  /** Every rule broken, in words. */
  problems: string[];
}

/** measureStage checks the demo panel on slide `slideId` (the slide must be showing). */
export async function measureStage(page: Page, slideId: string, options: { checkControls?: boolean } = {}): Promise<StageReport> {
  // tsx (npm run shots and friends) keeps function names with an `__name` helper the page
  // lacks; under vitest it is a no-op.
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page.evaluate(
    ({ id, checkControls }) => {
      const problems: string[] = [];
      const section = document.getElementById(id);
      const panel = section?.querySelector<HTMLElement>('.demo-panel');
      if (!section || !panel) return { figure: null, figurePx: 0, problems: [`#/${id}: no demo panel`] };
      // The print view is one long page: bring the slide on screen to look at it.
      const onScreen = section.getBoundingClientRect();
      if (onScreen.bottom > window.innerHeight || onScreen.top < 0) section.scrollIntoView({ block: 'start' });
      const slides = document.querySelector<HTMLElement>('.reveal .slides');
      const scale = slides ? slides.getBoundingClientRect().width / (slides.offsetWidth || 1) : 1;
      const slideBox = section.getBoundingClientRect();
      // A print page's section is the page; on screen the slide is the scaled 1280×720 box.
      const inside = (r: DOMRect): boolean => r.left >= slideBox.left - 1 && r.top >= slideBox.top - 1 && r.right <= slideBox.right + 1 && r.bottom <= slideBox.bottom + 1;
      const meets = (a: DOMRect, b: DOMRect): boolean => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      const name = (el: Element): string => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
      const editor = (el: Element): boolean => el.closest('.ptr-editor, .monaco-editor') !== null;

      for (const el of [panel, ...panel.querySelectorAll<HTMLElement>('*')]) {
        if (editor(el) || !(el instanceof HTMLElement)) continue;
        const style = getComputedStyle(el);
        if (style.display === 'none' || style.visibility === 'hidden') continue;
        if (el.scrollHeight > el.clientHeight + 1 && el.clientHeight > 0) problems.push(`${name(el)} is cut or scrolls vertically (${el.scrollHeight} > ${el.clientHeight})`);
        if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) problems.push(`${name(el)} is cut or scrolls horizontally (${el.scrollWidth} > ${el.clientWidth})`);
        const box = el.getBoundingClientRect();
        if (box.width > 0 && box.height > 0 && !inside(box)) problems.push(`${name(el)} lies outside the slide`);
        const hasText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
        if (hasText && box.width > 0) {
          const px = Number.parseFloat(style.fontSize) * scale;
          if (px < 18 - 0.01) problems.push(`${name(el)} "${(el.textContent ?? '').trim().slice(0, 30)}" is ${px.toFixed(1)} px (< 18)`);
        }
      }
      for (const text of panel.querySelectorAll<SVGTextElement>('svg text')) {
        if ((text.textContent ?? '').trim() === '') continue;
        const ctm = text.getScreenCTM();
        const px = Number.parseFloat(getComputedStyle(text).fontSize) * (ctm ? Math.hypot(ctm.a, ctm.b) : 1);
        if (px < 18 - 0.01) problems.push(`svg text "${text.textContent?.slice(0, 30)}" is ${px.toFixed(1)} px (< 18)`);
        // An SVG clips what lies outside its box: a tick label half past the edge is cut.
        const drawing = text.ownerSVGElement?.getBoundingClientRect();
        const box = text.getBoundingClientRect();
        if (drawing && box.width > 0 && (box.left < drawing.left - 1 || box.right > drawing.right + 1 || box.top < drawing.top - 1 || box.bottom > drawing.bottom + 1)) problems.push(`svg text "${text.textContent?.slice(0, 30)}" is cut at its drawing's edge`);
      }
      if (checkControls) {
        const panelBox = panel.getBoundingClientRect();
        for (const arrow of document.querySelectorAll<HTMLElement>('.reveal .controls button')) {
          const r = arrow.getBoundingClientRect();
          if (r.width > 0 && getComputedStyle(arrow).visibility !== 'hidden' && getComputedStyle(arrow).display !== 'none' && meets(panelBox, r)) problems.push(`the panel lies under the navigation arrow ${name(arrow)}`);
        }
      }
      const charts = [...panel.querySelectorAll('svg.stage-line-chart, canvas, .ffi-live-ratio-bars, .cbs-bars')].map((c) => c.getBoundingClientRect()).filter((r) => r.width > 0);
      const tables = [...panel.querySelectorAll('table')].map((t) => t.getBoundingClientRect()).filter((r) => r.width > 0);
      for (const c of charts) for (const t of tables) if (meets(c, t)) problems.push('a chart and a table overlap');

      const figure = section.querySelector<HTMLElement>('[data-headline-figure]');
      if (!figure) return { figure: null, figurePx: 0, problems: [...problems, 'no headline figure'] };
      const box = figure.getBoundingClientRect();
      const figurePx = Number.parseFloat(getComputedStyle(figure).fontSize) * scale;
      if (box.width === 0 || !inside(box)) problems.push('the headline figure is not inside the slide');
      // A figure that wraps is several boxes: look at the middle of its first line.
      const first = figure.getClientRects()[0] ?? box;
      const hit = document.elementFromPoint(first.left + first.width / 2, first.top + Math.min(first.height / 2, 10));
      if (!hit || !(figure === hit || figure.contains(hit))) problems.push(`the headline figure is covered (by ${hit ? name(hit) : 'nothing'})`);
      if (figurePx < 28 - 0.01) problems.push(`the headline figure is ${figurePx.toFixed(1)} px (< 28)`);
      return { figure: (figure.textContent ?? '').trim(), figurePx, problems };
    },
    { id: slideId, checkControls: options.checkControls ?? true },
  );
}
