/**
 * The shell alone sizes the headline (demo-panel.css: ≥ 28 px as shown at 1280×720 for
 * every demo, checked in Chromium by tests/e2e/stage.test.ts). A widget that sets the
 * size of `.stage-figure` or `.stage-headline` itself would hide a shell that got it wrong
 * for every other demo, so no widget's styles (widget.css, or CSS inside widget.ts) do.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const demosDir = resolve(import.meta.dirname, '..');
const widgetStyles = readdirSync(demosDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'client')
  .flatMap((entry) => ['widget.css', 'widget.ts'].map((file) => join(demosDir, entry.name, file)))
  .filter((file) => existsSync(file));

/** headlineSizeRules lists the CSS rules in `text` whose selector names the headline and that set a font size. */
function headlineSizeRules(text: string): string[] {
  return [...text.matchAll(/([^{}]*\.stage-(?:figure|headline)[^{}]*)\{([^{}]*)\}/g)]
    .filter(([, , body]) => /font(-size)?\s*:/.test(body ?? ''))
    .map(([, selector]) => (selector ?? '').trim());
}

describe('the headline size', () => {
  it('finds a rule that sizes the headline', () => {
    expect(headlineSizeRules(".demo[data-demo='x'] .stage-headline .stage-figure { font-size: 32px; }")).toHaveLength(1);
    expect(headlineSizeRules('.x-table td { font-size: 19px; }')).toEqual([]);
  });

  it.each(widgetStyles.map((file) => [file.slice(demosDir.length + 1), file]))('is not set by %s', (_name, file) => {
    expect(headlineSizeRules(readFileSync(file, 'utf8'))).toEqual([]);
  });
});
