/**
 * pdfPageCount: how many pages a PDF that Chromium printed has, read from the file (no PDF
 * library): each page is one `/Type /Page` object, and Chromium's PDF writer puts every
 * object in the open (no compressed object streams). Not a general PDF parser.
 */

/** pdfPageCount counts the page objects of a Chromium-printed PDF. */
export function pdfPageCount(pdf: Uint8Array): number {
  // latin1 keeps every byte one character, so binary streams cannot hide or fake a match's neighbours.
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  return text.match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0;
}
