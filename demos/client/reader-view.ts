/**
 * The reader view: long output (a build log, a backtrace, a program's whole stderr) is
 * never a scroll box on a slide. A reader block shows a few lines in place, at full size,
 * and says how many more there are; a click on it, or the key R on its slide, opens the
 * whole text in an overlay over the deck (Esc, R or a click outside close it; arrows and
 * PageUp/PageDown page through it instead of changing slides). In print view the whole
 * text goes on a page of its own after the slide (see plugin.ts).
 *
 * One overlay serves the page; a block registers with it only while it has content.
 */
import type { ReaderBlock, ReaderContent } from './define-widget.ts';

const defaultVisible = 6;

/** createReaderBlock makes an empty reader block; `print` shows every line in place of the preview's footer. */
export function createReaderBlock(className = ''): ReaderBlock {
  const el = document.createElement('div');
  el.className = `reader-block ${className}`.trim();
  el.tabIndex = -1;
  let content: ReaderContent | null = null;

  function open(): void {
    if (content) openReader(content);
  }
  el.addEventListener('click', (event) => {
    // A click on a link or button inside the preview is its own.
    if ((event.target as HTMLElement | null)?.closest('a, button:not(.reader-more)')) return;
    open();
  });

  return {
    el,
    set(next) {
      content = next;
      // visible 0: no preview, only the way to the whole text (a table already on the slide).
      const visible = Math.max(0, next.visible ?? defaultVisible);
      const start = Math.min(Math.max(0, next.startAt ?? 0), Math.max(0, next.lines.length - visible));
      const shown = next.lines.slice(start, start + visible);
      el.replaceChildren();
      if (shown.length > 0) {
        const pre = document.createElement('pre');
        pre.className = 'reader-preview';
        shown.forEach((line, i) => pre.append(lineElement(next, line, start + i)));
        el.append(pre);
      }
      el.dataset.lines = String(next.lines.length);
      el.readerContent = next;
      const hidden = next.lines.length - shown.length;
      if (hidden > 0) {
        const more = document.createElement('button');
        more.type = 'button';
        more.className = 'reader-more';
        const range = shown.length > 0 ? `lines ${start + 1}–${start + shown.length} of ${next.lines.length}` : next.title;
        more.textContent = `${range} · R or click: read all`;
        more.addEventListener('click', (event) => {
          event.stopPropagation();
          more.blur();
          open();
        });
        el.append(more);
      }
      el.classList.toggle('reader-has-more', hidden > 0);
    },
    clear() {
      content = null;
      delete el.readerContent;
      el.replaceChildren();
      el.classList.remove('reader-has-more');
      delete el.dataset.lines;
    },
  };
}

declare global {
  interface HTMLElement {
    /** The whole text of a reader block (for the R key and print view). */
    readerContent?: ReaderContent;
  }
}

function lineElement(content: ReaderContent, text: string, index: number): HTMLElement {
  const line = document.createElement('span');
  line.className = 'reader-line';
  const extra = content.lineClass?.(text, index);
  if (extra) line.classList.add(...extra.split(/\s+/).filter(Boolean));
  if (content.marked?.includes(index)) line.classList.add('reader-marked');
  line.textContent = text === '' ? ' ' : text;
  return line;
}

/** readerPage renders a block's whole text as one element (the overlay's body and the printed page). */
export function readerPage(content: ReaderContent): HTMLElement {
  const page = document.createElement('div');
  page.className = 'reader-page';
  const title = document.createElement('h3');
  title.className = 'reader-title';
  title.textContent = content.title;
  const pre = document.createElement('pre');
  pre.className = 'reader-text';
  content.lines.forEach((line, i) => pre.append(lineElement(content, line, i)));
  page.append(title, pre);
  return page;
}

let overlay: HTMLElement | null = null;

/** openReader shows `content` in the page's reader overlay. */
export function openReader(content: ReaderContent): void {
  closeReader();
  const box = document.createElement('div');
  box.className = 'reader-overlay';
  box.setAttribute('role', 'dialog');
  box.setAttribute('aria-modal', 'true');
  box.setAttribute('aria-label', content.title);
  const sheet = document.createElement('div');
  sheet.className = 'reader-sheet';
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'reader-close';
  close.textContent = 'Close (Esc)';
  close.addEventListener('click', () => closeReader());
  sheet.append(close, readerPage(content));
  box.append(sheet);
  box.addEventListener('click', (event) => {
    if (event.target === box) closeReader();
  });
  document.body.append(box);
  overlay = box;
  sheet.tabIndex = -1;
  sheet.focus();
  window.addEventListener('keydown', onOverlayKey, true);
}

/** closeReader closes the overlay, if open. */
export function closeReader(): void {
  if (!overlay) return;
  overlay.remove();
  overlay = null;
  window.removeEventListener('keydown', onOverlayKey, true);
}

/** isReaderOpen tells whether the overlay is showing. */
export function isReaderOpen(): boolean {
  return overlay !== null;
}

/** onOverlayKey keeps every key from the deck while the reader is open: Esc/R close it, the rest scroll it. */
function onOverlayKey(event: KeyboardEvent): void {
  if (!overlay) return;
  event.stopPropagation();
  const sheet = overlay.querySelector<HTMLElement>('.reader-sheet');
  const page = (sheet?.clientHeight ?? 600) * 0.85;
  const scroll: Record<string, number> = { ArrowDown: 60, ArrowUp: -60, PageDown: page, PageUp: -page, ' ': page, ArrowRight: page, ArrowLeft: -page };
  if (event.key === 'Escape' || event.key === 'r' || event.key === 'R') {
    event.preventDefault();
    closeReader();
  } else if (sheet && scroll[event.key] !== undefined) {
    event.preventDefault();
    sheet.scrollBy({ top: scroll[event.key] });
  }
}

/**
 * installReaderKey makes R open the first reader block with more lines on the current
 * slide (`currentSlide` says which that is). Returns the uninstaller.
 */
export function installReaderKey(currentSlide: () => HTMLElement | null | undefined): () => void {
  const onKey = (event: KeyboardEvent): void => {
    if (overlay || event.key.toLowerCase() !== 'r' || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement | null;
    if (target?.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], .monaco-editor')) return;
    const block = currentSlide()?.querySelector<HTMLElement>('.reader-block.reader-has-more');
    if (!block?.readerContent) return;
    event.preventDefault();
    event.stopPropagation();
    openReader(block.readerContent);
  };
  window.addEventListener('keydown', onKey, true);
  return () => window.removeEventListener('keydown', onKey, true);
}
