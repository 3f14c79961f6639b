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
  // Drawn in a 420×250 box scaled to fit its parent's height (≈ 1.2×): 16-unit text
  // comes out at ≥ 19 px on the stage.
  const width = 420;
  const height = 250;
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.style.width = '100%';
  svg.style.height = '100%';
  svg.style.display = 'block';
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
    node('text', { x: 4, y: y + 5, fill: 'currentColor', 'font-size': 18, 'font-weight': 'bold' }, label);
    const shown = Math.min(count, maxGlyphs);
    const perLine = 20;
    for (let i = 0; i < shown; i++) glyph(86 + (i % perLine) * 13, y + Math.floor(i / perLine) * 14 - 4, i);
    if (count > shown) {
      node('text', { x: 86 + perLine * 13 + 4, y: y + 2 * 14 + 2, fill: 'currentColor', 'font-size': 18 }, `+${count - shown}`);
    }
  }

  return {
    update(state) {
      svg.replaceChildren();
      const gHeld = state.blockedInC ? Math.max(0, Math.min(state.goroutines, state.threads - state.procs)) : 0;
      row(22, state.goroutines, `G ${state.goroutines}`, (x, y, i) => {
        const held = i < gHeld;
        node('circle', { cx: x, cy: y, r: 4.5, fill: held ? '#c792ea' : 'rgba(0,173,216,0.6)' });
      });
      row(88, state.threads, `M ${state.threads}`, (x, y, i) => {
        node('path', { d: `M${x - 5},${y + 5} L${x},${y - 5} L${x + 5},${y + 5} Z`, fill: i < state.procs ? '#7ee787' : '#c792ea' });
      });
      row(154, state.procs, `P ${state.procs}`, (x, y) => {
        node('rect', { x: x - 5, y: y - 5, width: 10, height: 10, fill: '#7ee787' });
      });
      const note = state.blockedInC
        ? `Gs in C hold ${gHeld} M${gHeld === 1 ? '' : 's'} with no P (purple)`
        : 'Gs in time.Sleep are parked: they hold no M';
      node('text', { x: 4, y: 210, fill: 'currentColor', 'font-size': 18 }, note);
      node('text', { x: 4, y: 236, fill: '#a9b1c1', 'font-size': 18 }, 'M: measured · P: GOMAXPROCS · G: N');
    },
  };
}
