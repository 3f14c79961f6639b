// make-pictures writes the deck's drawings (pictures/*.svg): original SVG made for this
// deck, no artwork from elsewhere. Run it after changing a drawing:
//
//   node slides/why-cgo-is-slow/pictures/make-pictures.mjs
//
// Why a generator: the stack (slides 27-33), scheduler (38-42) and memory (45-48) drawings
// are one picture in several states, so each state is the same function with a step
// number; the shapes stay in the same place from slide to slide.
//
// Conventions every drawing follows (so the theme can restyle them):
// - inline SVG, no blank lines (a blank line would end the Markdown HTML block);
// - text and outlines use currentColor (the slide's text colour); layer colours come
//   from CSS variables with fallbacks: --layer-go, --layer-asm, --layer-c, --layer-gc,
//   --pic-danger, --pic-muted, --pic-on-fill (text drawn on a filled shape);
// - class "fragment" on a <g> reveals it step by step (Reveal's fragments);
// - text is at least 24 user units in a viewBox no wider than 1200, shown at ~1 px/unit
//   on a 1280x720 slide.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const outDir = dirname(fileURLToPath(import.meta.url));

// style is repeated in every drawing: an inline <style> is document-wide, so every
// rule is scoped under .pic and identical copies do not conflict.
const style = `<style>
.pic{font-family:var(--pic-font,Inter,system-ui,sans-serif);overflow:visible}
.pic text{fill:currentColor;font-size:28px}
.pic text.mono{font-family:var(--pic-mono,'JetBrains Mono',ui-monospace,monospace)}
.pic text.s{font-size:24px}
.pic text.l{font-size:36px;font-weight:700}
.pic text.xl{font-size:48px;font-weight:700}
.pic text.b{font-weight:700}
.pic text.halo{paint-order:stroke;stroke:var(--pic-bg,#0b0e14);stroke-width:10px;stroke-linejoin:round}
.pic text.muted{fill:var(--pic-muted,#9aa4b2)}
.pic text.on{fill:var(--pic-on-fill,#0d1117)}
.pic text.t-go{fill:var(--layer-go,#00add8)}
.pic text.t-asm{fill:var(--layer-asm,#f5a524)}
.pic text.t-c{fill:var(--layer-c,#c792ea)}
.pic text.t-gc{fill:var(--layer-gc,#7ee787)}
.pic text.t-danger{fill:var(--pic-danger,#ff6b6b)}
.pic .line{fill:none;stroke:currentColor;stroke-width:3}
.pic .thin{fill:none;stroke:currentColor;stroke-width:2}
.pic .dash{stroke-dasharray:10 8}
.pic .f-go{fill:var(--layer-go,#00add8)}
.pic .f-asm{fill:var(--layer-asm,#f5a524)}
.pic .f-c{fill:var(--layer-c,#c792ea)}
.pic .f-gc{fill:var(--layer-gc,#7ee787)}
.pic .f-danger{fill:var(--pic-danger,#ff6b6b)}
.pic .f-muted{fill:var(--pic-muted,#9aa4b2)}
.pic .f-none{fill:none}
.pic .s-go{stroke:var(--layer-go,#00add8)}
.pic .s-asm{stroke:var(--layer-asm,#f5a524)}
.pic .s-c{stroke:var(--layer-c,#c792ea)}
.pic .s-gc{stroke:var(--layer-gc,#7ee787)}
.pic .s-danger{stroke:var(--pic-danger,#ff6b6b)}
.pic .s-muted{stroke:var(--pic-muted,#9aa4b2)}
.pic .soft{opacity:.18}
.pic .ghost{opacity:.35}
</style>`;

// Each drawing gets its own marker id: ids are document-wide, and a marker defined in a
// hidden slide (display: none) does not render in the visible one.
const arrowDefs = (name) => `<defs>
<marker id="pic-arrow-${name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="currentColor"/></marker>
</defs>`;

/** svg wraps a drawing: role=img with a title so the slide has a text alternative. */
function svg(name, title, w, h, body) {
  const text = [
    `<svg class="pic pic-${name}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-labelledby="pic-${name}-title">`,
    `<title id="pic-${name}-title">${esc(title)}</title>`,
    style,
    arrowDefs(name),
    body,
    '</svg>',
  ].join('\n').replace(/url\(#pic-arrow\)/g, `url(#pic-arrow-${name})`);
  // A blank line would end the HTML block in Markdown and turn the rest into text.
  const clean = text.split('\n').filter((l) => l.trim() !== '').join('\n') + '\n';
  writeFileSync(join(outDir, `${name}.svg`), clean);
}

function esc(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** t draws text; cls adds classes, anchor defaults to middle. */
function t(x, y, s, cls = '', anchor = 'middle') {
  return `<text x="${x}" y="${y}" text-anchor="${anchor}"${cls ? ` class="${cls}"` : ''}>${esc(s)}</text>`;
}

function rect(x, y, w, h, cls, rx = 10) {
  return `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${rx}" class="${cls}"/>`;
}

function arrow(x1, y1, x2, y2, cls = 'line') {
  return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" class="${cls}" marker-end="url(#pic-arrow)"/>`;
}

/** frag wraps shapes in a fragment; index groups several fragments into one step. */
function frag(body, index, extra = '') {
  const idx = index === undefined ? '' : ` data-fragment-index="${index}"`;
  return `<g class="fragment${extra ? ' ' + extra : ''}"${idx}>\n${body}\n</g>`;
}

// ---------------------------------------------------------------- slide 2: Go and C
svg('go-and-c', 'Go on one side, C on the other, and a single call crossing between them', 1200, 560, [
  rect(60, 90, 420, 380, 'f-none line s-go', 24),
  t(270, 170, 'Go', 'xl t-go'),
  t(270, 240, 'goroutines', 'muted'),
  t(270, 290, 'growable stacks', 'muted'),
  t(270, 340, 'garbage collector', 'muted'),
  t(270, 390, 'own calling convention', 'muted'),
  rect(720, 90, 420, 380, 'f-none line s-c', 24),
  t(930, 170, 'C', 'xl t-c'),
  t(930, 240, 'OS threads', 'muted'),
  t(930, 290, 'big fixed stacks', 'muted'),
  t(930, 340, 'malloc / free', 'muted'),
  t(930, 390, 'platform ABI', 'muted'),
  arrow(490, 280, 708, 280),
  t(600, 260, 'C.add(1, 2)', 'mono s'),
  t(600, 330, 'cgo', 'b'),
].join('\n'));

// ---------------------------------------------------------------- slide 13: two compilers
svg('two-compilers', 'Two boxes: the C compiler and the Go compiler', 1200, 480, [
  rect(80, 110, 420, 220, 'f-none line s-c', 20),
  t(290, 235, 'C compiler', 'l t-c'),
  rect(700, 110, 420, 220, 'f-none line s-go', 20),
  t(910, 235, 'Go compiler', 'l t-go'),
  frag([
    t(600, 245, '≠', 'xl'),
    t(600, 410, 'two toolchains, two calling conventions', ''),
  ].join('\n')),
].join('\n'));

// ---------------------------------------------------------------- slide 23: the chain
{
  const stages = [
    [['rewritten', 'Go function'], 'go', 'Go', '_Cfunc_add'],
    [['calling', 'convention', 'trampoline'], 'asm', 'ASM', 'asmcgocall'],
    [['arg', 'unpacking'], 'c', 'C', '_cgo_…_Cfunc_add'],
    [['real', 'C function'], 'c', 'C', 'add'],
  ];
  const w = 262;
  const gap = 44;
  const parts = [];
  stages.forEach(([lines, layer, label, sym], i) => {
    const x = 20 + i * (w + gap);
    const y0 = 205 - (lines.length - 1) * 20;
    const body = [
      rect(x, 110, w, 170, `f-${layer}`, 16),
      ...lines.map((l, k) => t(x + w / 2, y0 + k * 40, l, 'on b')),
      t(x + w / 2, 330, sym, 'mono s'),
      t(x + w / 2, 80, label, `b t-${layer}`),
      i > 0 ? arrow(x - gap + 4, 195, x - 6, 195) : '',
    ].join('\n');
    parts.push(i === 0 ? body : frag(body));
  });
  parts.push(
    t(20, 420, 'Go', 'b t-go', 'start'),
    t(100, 420, '= compiled by gc', 'muted', 'start'),
    t(20, 465, 'ASM', 'b t-asm', 'start'),
    t(100, 465, '= hand-written Go assembly (runtime)', 'muted', 'start'),
    t(20, 510, 'C', 'b t-c', 'start'),
    t(100, 510, '= compiled by gcc (cgo-generated wrapper + your code)', 'muted', 'start'),
  );
  svg('call-chain', 'The chain of a cgo call: rewritten Go function (Go), calling convention trampoline (ASM), argument unpacking (C), real C function (C)', 1200, 540, parts.join('\n'));
}

// ---------------------------------------------------------------- slides 27-33: the stack
// Old stack: 2 KB column; new stack: twice as tall. Frames stack from the top (stack.hi)
// downwards, as they do in memory (the stack grows towards lower addresses).
{
  const oldX = 230;
  const newX = 740;
  const colW = 300;
  const top = 50;
  const frameH = 66;
  const oldH = 4 * (frameH + 6) + 10;
  const newH = 2 * oldH;
  const names = ['main', 'serve', 'parse', 'decode'];
  const frameCls = ['f-go', 'f-go', 'f-go', 'f-go'];
  const frame = (x, i, name, cls = 'f-go', extra = '') =>
    [rect(x + 14, top + 8 + i * (frameH + 6), colW - 28, frameH, `${cls}${extra}`, 8), t(x + colW / 2, top + 8 + i * (frameH + 6) + frameH / 2 + 10, name, 'on mono b')].join('\n');
  const column = (x, h, label, cls = 'line') =>
    [rect(x, top, colW, h, `f-none ${cls}`, 6), t(x + colW / 2, top - 22, label, 'b')].join('\n');
  // The size sits left of the column: the right side carries the annotations.
  const sizeLabel = (x, h, s) => t(x - 20, top + h / 2 + 10, s, 'muted s', 'end');

  // stack-1: the empty column
  svg('stack-1', 'A goroutine stack drawn as an empty column', 1200, 660, [
    column(oldX, oldH, 'stack'),
    sizeLabel(oldX, oldH, '2 KB'),
    t(oldX + colW + 16, top + 24, 'high addresses', 'muted s', 'start'),
    t(oldX + colW + 16, top + oldH, 'low addresses', 'muted s', 'start'),
    arrow(oldX + colW + 60, top + 50, oldX + colW + 60, top + oldH - 40, 'thin'),
    t(oldX + colW + 80, top + oldH / 2 + 10, 'frames are pushed downwards', 'muted s', 'start'),
  ].join('\n'));

  // stack-2: one frame
  svg('stack-2', 'One function frame on the goroutine stack', 1200, 660, [
    column(oldX, oldH, 'stack'),
    sizeLabel(oldX, oldH, '2 KB'),
    frag([frame(oldX, 0, 'main'), arrow(oldX + colW + 150, top + 41, oldX + colW + 10, top + 41), t(oldX + colW + 160, top + 51, 'function frame', 'b', 'start'),
      t(oldX + colW + 160, top + 94, 'locals, arguments,', 'muted s', 'start'), t(oldX + colW + 160, top + 128, 'return address', 'muted s', 'start')].join('\n')),
  ].join('\n'));

  // stack-3: frames pushed one by one
  svg('stack-3', 'Function frames pushed onto the stack one call at a time', 1200, 660, [
    column(oldX, oldH, 'stack'),
    sizeLabel(oldX, oldH, '2 KB'),
    frame(oldX, 0, 'main'),
    ...names.slice(1).map((n, i) => frag(frame(oldX, i + 1, n, frameCls[i + 1]))),
    frag(t(oldX + colW + 40, top + 160, 'each call pushes a frame', 'muted', 'start')),
  ].join('\n'));

  // stack-4: the stack runs out
  svg('stack-4', 'The next frame does not fit: the stack runs out', 1200, 660, [
    column(oldX, oldH, 'stack'),
    sizeLabel(oldX, oldH, '2 KB'),
    ...names.map((n, i) => frame(oldX, i, n)),
    frag([
      rect(oldX + 14, top + 8 + 4 * (frameH + 6), colW - 28, frameH, 'f-none line s-danger dash', 8),
      t(oldX + colW / 2, top + 8 + 4 * (frameH + 6) + frameH / 2 + 10, 'inflate', 'mono b t-danger'),
    ].join('\n')),
    frag([
      t(oldX + colW + 40, top + oldH + 40, 'no room for the next frame', 'b t-danger', 'start'),
      t(oldX + colW + 40, top + oldH + 85, 'the preamble calls runtime.morestack', 'muted s', 'start'),
    ].join('\n')),
  ].join('\n'));

  // stack-5: a bigger stack is allocated
  svg('stack-5', 'A new stack twice as big is allocated', 1200, 660, [
    column(oldX, oldH, 'old stack'),
    sizeLabel(oldX, oldH, '2 KB'),
    ...names.map((n, i) => frame(oldX, i, n)),
    frag([column(newX, newH, 'new stack', 'line s-gc'), t(newX + colW + 20, top + newH / 2 + 10, '4 KB', 'muted s', 'start')].join('\n')),
    frag(t(oldX + colW / 2, top + oldH + 90, 'allocate 2×', 'b t-gc')),
  ].join('\n'));

  // stack-6: frames copied over
  svg('stack-6', 'The frames are copied to the new stack and pointers into the stack are adjusted', 1200, 660, [
    column(oldX, oldH, 'old stack'),
    sizeLabel(oldX, oldH, '2 KB'),
    ...names.map((n, i) => frame(oldX, i, n)),
    column(newX, newH, 'new stack', 'line s-gc'),
    t(newX + colW + 20, top + newH / 2 + 10, '4 KB', 'muted s', 'start'),
    ...names.map((n, i) => frag([frame(newX, i, n), arrow(oldX + colW + 8, top + 41 + i * (frameH + 6), newX - 8, top + 41 + i * (frameH + 6), 'thin')].join('\n'))),
    frag([t(oldX + colW / 2, top + oldH + 90, 'copy every frame,', 'b'), t(oldX + colW / 2, top + oldH + 130, 'fix pointers into it', 'b')].join('\n')),
  ].join('\n'));

  // stack-7: old stack freed, the call continues
  svg('stack-7', 'The old stack is freed and the new frame fits on the new stack', 1200, 660, [
    `<g class="ghost">${column(oldX, oldH, 'old stack')}${names.map((n, i) => frame(oldX, i, n)).join('')}</g>`,
    frag(`<g>${t(oldX + colW / 2, top + oldH + 50, 'freed', 'b t-danger')}</g>`),
    column(newX, newH, 'stack', 'line s-gc'),
    t(newX + colW + 20, top + newH / 2 + 10, '4 KB', 'muted s', 'start'),
    ...names.map((n, i) => frame(newX, i, n)),
    frag(frame(newX, 4, 'inflate')),
    frag(frame(newX, 5, 'buildTable')),
  ].join('\n'));
}

// ---------------------------------------------------------------- slides 38-42: M, P, G
// After morsmachine.dk/go-scheduler: M = OS thread (triangle), P = processor context
// (square), G = goroutine (circle).
{
  const mShape = (cx, cy, label, cls = 'f-asm') =>
    [`<polygon points="${cx},${cy - 55} ${cx - 55},${cy + 45} ${cx + 55},${cy + 45}" class="${cls}"/>`, t(cx, cy + 30, label, 'on b')].join('\n');
  const pShape = (x, y, label = 'P') => [rect(x, y, 90, 90, 'f-go', 8), t(x + 45, y + 56, label, 'on b')].join('\n');
  const gShape = (cx, cy, label = 'G', cls = 'f-gc') =>
    [`<circle cx="${cx}" cy="${cy}" r="30" class="${cls}"/>`, t(cx, cy + 9, label, 'on b s')].join('\n');
  const queue = (x, y, labels) => labels.map((l, i) => gShape(x, y + i * 70, l)).join('\n');
  // The credit (after morsmachine.dk/go-scheduler) is on the slide, as a link.
  const legend = (y) =>
    [
      `<polygon points="40,${y - 20} 18,${y + 18} 62,${y + 18}" class="f-asm"/>`, t(80, y + 10, 'M = OS thread', 's', 'start'),
      rect(300, y - 22, 40, 40, 'f-go', 5), t(355, y + 10, 'P = processor (GOMAXPROCS)', 's', 'start'),
      `<circle cx="770" cy="${y}" r="20" class="f-gc"/>`, t(800, y + 10, 'G = goroutine', 's', 'start'),
    ].join('\n');

  // One M/P/G unit at x: M at (x, 160), P to its right, running G to the right of P,
  // local run queue below P.
  const unit = (x, m, p, run, q) =>
    [
      mShape(x, 160, m),
      `<line x1="${x + 50}" y1="160" x2="${x + 90}" y2="160" class="line"/>`,
      pShape(x + 90, 115, p),
      run ? [`<line x1="${x + 180}" y1="160" x2="${x + 215}" y2="160" class="line"/>`, gShape(x + 245, 160, run)].join('\n') : '',
      q.length ? queue(x + 135, 260, q) : '',
    ].join('\n');

  svg('sched-1', 'One OS thread M holds a processor P, runs goroutine G and has a queue of runnable goroutines', 1200, 610, [
    legend(620 - 40),
    mShape(300, 160, 'M'),
    frag([`<line x1="350" y1="160" x2="390" y2="160" class="line"/>`, pShape(390, 115)].join('\n')),
    frag([`<line x1="480" y1="160" x2="515" y2="160" class="line"/>`, gShape(545, 160), t(600, 170, 'running', 'muted s', 'start')].join('\n')),
    frag([queue(435, 260, ['G', 'G', 'G']), t(490, 330, 'run queue', 'muted s', 'start')].join('\n')),
  ].join('\n'));

  svg('sched-2', 'With GOMAXPROCS=2, two Ms each hold a P and run goroutines in parallel', 1200, 610, [
    legend(580),
    unit(160, 'M', 'P', 'G', ['G', 'G', 'G']),
    frag(unit(700, 'M', 'P', 'G', ['G', 'G'])),
    t(600, 520, 'GOMAXPROCS = 2', 'b'),
  ].join('\n'));

  // The goroutine in C, drawn left of M0 so it never overlaps the run queue.
  const cBox = [rect(110, 330, 240, 110, 'f-none line s-c', 12), t(230, 398, 'C code', 'b t-c'), gShape(230, 280, 'G'), arrow(230, 312, 230, 326, 'thin')].join('\n');
  svg('sched-3', 'A goroutine calls into C: its M is stuck in the call together with its P', 1200, 610, [
    mShape(300, 160, 'M0'),
    `<line x1="350" y1="160" x2="390" y2="160" class="line"/>`,
    pShape(390, 115),
    `<g class="fragment fade-out" data-fragment-index="1">${[`<line x1="480" y1="160" x2="515" y2="160" class="line"/>`, gShape(545, 160)].join('')}</g>`,
    queue(435, 260, ['G', 'G', 'G']),
    frag([cBox, `<line x1="280" y1="205" x2="245" y2="252" class="thin"/>`].join('\n'), 1),
    frag([t(230, 500, 'M0 is blocked in C', 'b t-danger'), t(230, 545, 'the queued Gs wait…', 'muted s')].join('\n'), 2),
  ].join('\n'));

  svg('sched-4', 'The P is handed off to another M so the queued goroutines keep running', 1200, 610, [
    mShape(300, 160, 'M0'),
    cBox, `<line x1="280" y1="205" x2="245" y2="252" class="thin"/>`,
    `<g class="fragment fade-out" data-fragment-index="2">${[`<line x1="350" y1="160" x2="390" y2="160" class="line"/>`, pShape(390, 115), queue(435, 260, ['G', 'G', 'G'])].join('')}</g>`,
    frag([mShape(800, 160, 'M1'), t(800, 260, 'another thread', 'muted s')].join('\n'), 1),
    frag([`<line x1="850" y1="160" x2="890" y2="160" class="line"/>`, pShape(890, 115), queue(935, 330, ['G', 'G']), arrow(480, 88, 885, 88, 'thin dash')].join('\n'), 2),
    // The P arrives with its three queued Gs; at the next step the last one starts running.
    frag(`<g class="fragment fade-out" data-fragment-index="3">${gShape(935, 470)}</g>`, 2),
    frag([`<line x1="980" y1="160" x2="1015" y2="160" class="line"/>`, gShape(1045, 160), t(800, 575, 'the other goroutines keep running', 'b t-gc')].join('\n'), 3),
  ].join('\n'));
}

// ---------------------------------------------------------------- slides 45-48: memory
{
  const goMem = [rect(40, 110, 520, 460, 'f-none line s-go', 22), t(300, 548, 'Go memory', 'l t-go')].join('\n');
  const cMem = [rect(640, 110, 520, 460, 'f-none line s-c', 22), t(900, 548, 'C memory', 'l t-c')].join('\n');
  const bytes = (cls = '') => `<g${cls ? ` class="${cls}"` : ''}>${rect(150, 330, 300, 80, 'f-go', 10)}${t(300, 382, '[]byte', 'on mono b')}</g>`;
  const gc = [
    `<ellipse cx="300" cy="60" rx="62" ry="34" class="f-gc"/>`,
    t(300, 70, 'GC', 'on b'),
  ].join('\n');
  const watch = `<path d="M 240 90 L 90 300 M 360 90 L 510 300" class="thin s-gc dash"/>`;

  svg('memory-1', 'Two regions, Go memory and C memory; a []byte lives in Go memory', 1200, 600, [
    goMem, cMem, frag(bytes()),
  ].join('\n'));

  svg('memory-2', 'The garbage collector watches Go memory, not C memory', 1200, 600, [
    goMem, cMem, bytes(),
    frag([gc, watch, t(900, 60, 'the GC only sees Go memory', 'muted s')].join('\n')),
  ].join('\n'));

  svg('memory-3', 'The GC scans Go memory: it knows every Go pointer to the []byte and may free it when none is left', 1200, 600, [
    goMem, cMem, bytes(), gc, watch,
    frag([rect(125, 305, 350, 130, 'f-none line s-gc', 14), t(300, 470, 'reachable? keep it', 's t-gc')].join('\n')),
    frag(t(300, 505, 'unreachable? free it', 's t-danger')),
  ].join('\n'));

  svg('memory-4', 'The []byte is passed to C.some_func() as a *uint8_t: a Go pointer now lives in C, where the GC cannot see', 1200, 600, [
    goMem, cMem, bytes(), gc, watch,
    frag([rect(700, 330, 400, 80, 'f-c', 10), t(900, 382, 'C.some_func()', 'on mono b')].join('\n'), 1),
    frag([arrow(455, 370, 695, 370), t(575, 352, '*uint8_t', 'mono b halo')].join('\n'), 2),
    frag([t(900, 465, 'a Go pointer in C:', 'b t-danger'), t(900, 500, 'invisible to the GC', 's t-danger')].join('\n'), 3),
  ].join('\n'));
}

console.log('pictures written to', outDir);
