/**
 * The join URL as a QR code, made here (uqr: no dependencies, no network): an SVG the
 * deck shows on its title slide and on Q, and the same code in the terminal for the
 * speaker. Error correction M (15 %: a projector's glare or a keystone still scans) and
 * the four-module quiet zone the QR standard asks for, so a phone across the room finds it.
 */
import { renderSVG, renderUnicodeCompact } from 'uqr';

/** joinCodeSvg draws `url` as an SVG QR code, black on white. */
export function joinCodeSvg(url: string): string {
  return renderSVG(url, { ecc: 'M', border: 4, pixelSize: 10 });
}

/** joinCodeText draws `url` as a QR code of Unicode half blocks, for a terminal. */
export function joinCodeText(url: string): string {
  return renderUnicodeCompact(url, { ecc: 'M', border: 2 });
}
