/**
 * dom: the few DOM helpers the widgets share (element creation, addresses as hex, a
 * style sheet added once), so each widget file is about its drawing only.
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

/** ensureStyleOnce adds a <style> with `css` to the document once per `id`. */
export function ensureStyleOnce(id: string, css: string): void {
  if (document.getElementById(id)) return;
  const style = document.createElement('style');
  style.id = id;
  style.textContent = css;
  document.head.append(style);
}
