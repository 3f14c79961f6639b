/**
 * dom: the few DOM helpers the Reasons 1–2 widgets share (element creation, a status
 * line, a UNAVAILABLE/error banner), so each widget file is about its drawing only.
 */

/** Child is what `el` accepts as children. */
export type Child = Node | string | null | undefined | false;

/** el creates an element with a class list and children; strings become text nodes. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child);
  }
  return node;
}

/** hex renders an address as 0x… hex, the way a debugger prints it. */
export function hex(address: number | bigint | string): string {
  if (typeof address === 'string') return address.startsWith('0x') ? address : `0x${BigInt(address).toString(16)}`;
  return `0x${BigInt(address).toString(16)}`;
}

/** sharedWidgetCss styles the parts every Reasons 1–2 widget has. */
export const sharedWidgetCss = `
.r12 { font-size: 0.5em; text-align: left; display: flex; flex-direction: column; gap: 0.5em; }
.r12 .r12-status { opacity: 0.8; min-height: 1.3em; }
.reveal .r12 ol, .reveal .r12 ul { display: block; margin: 0; }
.reveal .r12 ul.r12-focus-labels { padding-left: 1.2em; }
.reveal .r12 li { margin: 0; }
.r12 .r12-problem { border-left: 4px solid #ff6a69; padding: 0.3em 0.6em; background: rgba(255, 106, 105, 0.12); white-space: pre-wrap; }
.r12 .r12-problem.r12-unavailable { border-color: #a0a0a0; background: rgba(160, 160, 160, 0.12); }
.r12 .r12-note { opacity: 0.75; font-size: 0.9em; }
.r12 .r12-grid { display: grid; gap: 0.6em; }
.r12 .r12-panel { background: rgba(255, 255, 255, 0.04); border-radius: 6px; padding: 0.4em 0.6em; min-width: 0; }
.r12 .r12-panel h4 { margin: 0 0 0.3em; font-size: 1em; text-transform: none; opacity: 0.85; }
.r12 .r12-mono { font-family: var(--r-code-font, monospace); }
.r12 table { border-collapse: collapse; font-size: 1em; margin: 0; }
.r12 th, .r12 td { padding: 0.15em 0.6em; border-bottom: 1px solid rgba(255,255,255,0.12); text-align: left; }
.r12 td.num, .r12 th.num { text-align: right; font-variant-numeric: tabular-nums; }
.r12 .lang-go { --lang: #00add8; }
.r12 .lang-asm { --lang: #c792ea; }
.r12 .lang-c { --lang: #f0a35e; }
`;

/**
 * problemBox turns an `error` event into what a slide shows. A missing toolchain is
 * "unavailable here", not a failure: the demo is fine, this machine lacks a tool.
 */
export function problemBox(code: string, message: string, detail?: string): HTMLElement {
  const unavailable = code === 'toolchain-missing';
  const box = el('div', `r12-problem${unavailable ? ' r12-unavailable' : ''}`);
  box.dataset.errorCode = code;
  box.append(el('strong', undefined, unavailable ? 'Unavailable on this machine: ' : code === 'timeout' ? 'Timed out: ' : 'Error: '), message);
  if (detail) box.append(el('pre', 'r12-mono', detail.split('\n').slice(-12).join('\n')));
  return box;
}

/** ensureStyleOnce adds a <style> with `css` to the document once per `id`. */
export function ensureStyleOnce(id: string, css: string): void {
  if (document.getElementById(id)) return;
  const style = document.createElement('style');
  style.id = id;
  style.textContent = css;
  document.head.append(style);
}
