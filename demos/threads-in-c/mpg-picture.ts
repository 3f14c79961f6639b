/**
 * mpg-picture: the M/P/G picture of slides 38–42 (after morsmachine.dk/go-scheduler),
 * drawn from live numbers. P = a processor context (GOMAXPROCS of them), M = an OS thread,
 * G = a goroutine. Each P runs one M; the Gs blocked in C each hold an M of their own, with
 * no P ("in syscall"); Gs in time.Sleep are parked and hold nothing.
 *
 * What is measured: the thread count (the M row) and the goroutine count N. What is
 * inferred, and labelled so: which M holds which G. Glyphs are capped per row, with a
 * "+k" for the rest, so 500 goroutines still fit on a slide.
 */

const svgNs = 'http://www.w3.org/2000/svg';
/** Glyphs drawn per row before the rest become "+k". */
const maxGlyphs = 60;

/** MpgState is what the picture shows. */
export interface MpgState {
  goroutines: number;
  procs: number;
  threads: number;
  /** Whether the Gs are blocked in C (each holding an M) or parked in time.Sleep. */
  blockedInC: boolean;
}

/** MpgPicture is a mounted picture. */
export interface MpgPicture { update(state: MpgState): void }

/** createMpgPicture draws into `into`, replacing its children. */
export function createMpgPicture(into: HTMLElement): MpgPicture {
  const width = 340;
  const height = 260;
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.style.width = '100%';
  // A fixed height (the drawing keeps its aspect inside it) so the widget fits a slide.
  svg.style.height = '14em';
  svg.classList.add('r34-mpg');
  into.replaceChildren(svg);

  function node(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
    const n = document.createElementNS(svgNs, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
    if (text !== undefined) n.textContent = text;
    svg.append(n);
    return n;
  }

  function row(y: number, count: number, label: string, glyph: (x: number, y: number, i: number) => void): void {
    node('text', { x: 4, y: y + 4, fill: 'currentColor', 'font-size': 18, 'font-weight': 'bold' }, label);
    const shown = Math.min(count, maxGlyphs);
    const perLine = 20;
    for (let i = 0; i < shown; i++) glyph(72 + (i % perLine) * 12.5, y + Math.floor(i / perLine) * 13 - 4, i);
    if (count > shown) {
      node('text', { x: 72 + perLine * 12.5 - 6, y: y + 3 * 13 + 4, fill: 'currentColor', 'font-size': 14, 'text-anchor': 'end' }, `+${count - shown}`);
    }
  }

  return {
    update(state) {
      svg.replaceChildren();
      const gHeld = state.blockedInC ? Math.max(0, Math.min(state.goroutines, state.threads - state.procs)) : 0;
      row(24, state.goroutines, `G ${state.goroutines}`, (x, y, i) => {
        const held = i < gHeld;
        node('circle', { cx: x, cy: y, r: 4.5, fill: held ? '#f0a35e' : 'rgba(0,173,216,0.55)' });
      });
      row(100, state.threads, `M ${state.threads}`, (x, y, i) => {
        node('path', { d: `M${x - 5},${y + 5} L${x},${y - 5} L${x + 5},${y + 5} Z`, fill: i < state.procs ? '#7ee787' : '#f0a35e' });
      });
      row(176, state.procs, `P ${state.procs}`, (x, y) => {
        node('rect', { x: x - 5, y: y - 5, width: 10, height: 10, fill: '#7ee787' });
      });
      const note = state.blockedInC
        ? `Gs in C hold ${gHeld} M${gHeld === 1 ? '' : 's'} without a P (orange)`
        : 'Gs in time.Sleep are parked: they hold no M';
      node('text', { x: 4, y: 236, fill: 'currentColor', 'font-size': 14, opacity: 0.85 }, note);
      node('text', { x: 4, y: 254, fill: 'currentColor', 'font-size': 12, opacity: 0.65 }, 'M: measured · P: GOMAXPROCS · G: N · links inferred');
    },
  };
}
