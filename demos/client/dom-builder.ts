/**
 * The two DOM builders the deck's own controls share (the phone remote's page and demo
 * card, the speaker view's remote panel), so each of those files is about its layout only.
 * A builder makes elements in one document: the speaker view's panel is built in the
 * notes window's, not in the deck's.
 */

/** DomBuilder makes elements in one document. */
export interface DomBuilder {
  /** element is a `<tag>` of class `className`, holding `text` if given. */
  element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K];
  /** button is a `<button type="button">` of class `className` saying `text` (type button: inside a form it submits nothing). */
  button(className: string, text: string): HTMLButtonElement;
}

/** domBuilder builds in `doc` (default: this page's document). */
export function domBuilder(doc: Document = document): DomBuilder {
  const element = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] => {
    const node = doc.createElement(tag);
    node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  return {
    element,
    button(className, text) {
      const node = element('button', className, text);
      node.type = 'button';
      return node;
    },
  };
}
