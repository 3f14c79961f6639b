/**
 * The static build as a reader gets it, and as an author breaks it: the fixture deck
 * (slides/compiler/fixtures/sample-deck: deck.yaml and sections, no page or entry of its
 * own) builds into a self-contained folder with relative URLs, bundled woff2 fonts, the
 * title fonts preloaded and published recordings; and each kind of author mistake fails
 * `vite build` with a message naming the file and line.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, createLogger } from 'vite';
import type { DeckSlides } from '../../demos/protocol.ts';
import { deckViteConfig } from '../../slides/compiler/deck-vite-config.ts';
import { testCacheDir } from '../support/test-paths.ts';
import { rootDir } from './harness.ts';

const fixtureDeck = 'slides/compiler/fixtures/sample-deck';
const fixtureDemos = 'slides/compiler/fixtures/demos';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'deck-build-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** buildDeck runs a production build; resolves to the error message, or '' on success. */
async function buildDeck(opts: { root: string; deckDir: string; demosDir: string; recordingsDir: string; outDir: string }): Promise<string> {
  try {
    const config = deckViteConfig({ rootDir: opts.root, deckDir: opts.deckDir, demosDir: opts.demosDir, recordingsDir: opts.recordingsDir, outDir: opts.outDir });
    await build({ ...config, configFile: false, logLevel: 'silent' });
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

describe('the fixture deck builds into a static folder', () => {
  let outDir: string;
  beforeAll(async () => {
    outDir = join(work, 'dist');
    const recordingsDir = join(work, 'recordings');
    await mkdir(recordingsDir, { recursive: true });
    await writeFile(join(recordingsDir, 'sample-demo.json'), JSON.stringify({ format: 1, demo: 'sample-demo', recordedAt: '2026-01-01T00:00:00Z', outcome: 'ok', events: [] }));
    const message = await buildDeck({ root: rootDir, deckDir: fixtureDeck, demosDir: fixtureDemos, recordingsDir, outDir });
    expect(message).toBe('');
  }, 120_000);

  it('injects every slide, with badges, notes and demo placeholders', async () => {
    const html = await readFile(join(outDir, 'index.html'), 'utf8');
    for (const id of ['title', 'code-walk', 'code-walk-update', 'picture', 'bars', 'bars-live', 'thanks']) {
      expect(html).toContain(`<section id="${id}"`);
    }
    expect(html).toContain('<title>Sample deck — Fixture Author</title>');
    expect(html).toContain('Since 2018');
    expect(html).toContain('Live demo');
    expect(html).toContain('data-demo="sample-demo"');
    expect(html.match(/<aside class="notes">/g)).toHaveLength(7);
    expect(html).toContain('<p>@FiloSottile</p>');
  });

  it('uses only relative URLs and bundled woff2 fonts', async () => {
    const files = await listFiles(outDir);
    const html = await readFile(join(outDir, 'index.html'), 'utf8');
    expect(html).toMatch(/src="\.\/assets\/[^"]+\.js"/);
    expect(html).not.toMatch(/(src|href)="\/(?!\/)/);
    // The generated page preloads the title slide's three weights, as bundled files.
    const preloads = [...html.matchAll(/<link rel="preload" as="font" type="font\/woff2" crossorigin href="([^"]+)"/g)].map((m) => m[1]);
    expect(preloads).toHaveLength(3);
    for (const [i, weight] of ['400', '600', '800'].entries()) {
      expect(preloads[i]).toMatch(new RegExp(`^\\./assets/inter-latin-${weight}-normal-[\\w-]+\\.woff2$`));
      expect(files).toContain(preloads[i]?.slice(2));
    }
    const fonts = files.filter((f) => /\.(woff2?|ttf|otf)$/.test(f));
    expect(fonts.length).toBeGreaterThanOrEqual(4);
    expect(fonts.every((f) => f.endsWith('.woff2') && f.includes('latin-') && !f.includes('latin-ext'))).toBe(true);
    for (const file of files.filter((f) => /\.(css|js|html)$/.test(f))) {
      const text = await readFile(join(outDir, file), 'utf8');
      expect(text, file).not.toMatch(/fonts\.googleapis|fonts\.gstatic|cdn\.jsdelivr|unpkg\.com|cdnjs/);
    }
  });

  it('publishes the recordings with an index', async () => {
    const index = JSON.parse(await readFile(join(outDir, 'recordings/index.json'), 'utf8'));
    expect(index).toEqual({
      format: 1,
      recordings: [{ demo: 'sample-demo', key: 'sample-demo', path: 'recordings/sample-demo.json', recordedAt: '2026-01-01T00:00:00Z', outcome: 'ok' }],
    });
    expect(JSON.parse(await readFile(join(outDir, 'recordings/sample-demo.json'), 'utf8')).demo).toBe('sample-demo');
  });

  it('answers the demos client\'s server probe with "no server" instead of a 404', async () => {
    expect(JSON.parse(await readFile(join(outDir, 'api/health'), 'utf8'))).toEqual({ live: false, static: true });
  });

  it('lists the slides for the phone remote and the server: indices, titles, notes, demos with params', async () => {
    const slides = JSON.parse(await readFile(join(outDir, 'slides.json'), 'utf8')) as DeckSlides;
    expect(slides.format).toBe(1);
    expect(slides.slides.map((slide) => slide.id)).toEqual(['title', 'code-walk', 'code-walk-update', 'picture', 'bars', 'bars-live', 'thanks']);
    expect(slides.slides[0]).toMatchObject({ h: 0, v: 0 });
    const live = slides.slides.find((slide) => slide.id === 'bars-live')!;
    expect(live).toMatchObject({ h: 3, v: 1, demos: [{ demo: 'sample-demo', params: { n: 1 } }] });
    expect(slides.slides.every((slide) => slide.notesHtml.startsWith('<'))).toBe(true);
  });
});

describe('author mistakes fail the build with file:line', () => {
  let n = 0;
  /** breakDeck copies the fixture deck to a fresh root, applies `edit`, builds it and returns the error. */
  async function breakDeck(edit: (deck: string, root: string) => Promise<void>): Promise<string> {
    const root = join(work, `broken-${n++}`);
    const deck = join(root, 'deck');
    await cp(join(rootDir, fixtureDeck), deck, { recursive: true });
    await cp(join(rootDir, fixtureDemos), join(root, 'demos'), { recursive: true });
    await edit(deck, root);
    return buildDeck({ root, deckDir: 'deck', demosDir: 'demos', recordingsDir: join(root, 'recordings'), outDir: join(root, 'dist') });
  }
  async function replaceIn(path: string, from: string, to: string): Promise<void> {
    const text = await readFile(path, 'utf8');
    if (!text.includes(from)) throw new Error(`fixture changed: ${path} lacks ${from}`);
    await writeFile(path, text.replace(from, to));
  }

  it('invalid YAML in deck.yaml', async () => {
    const message = await breakDeck((deck) => replaceIn(join(deck, 'deck.yaml'), 'sections:\n', 'sections: [\n'));
    expect(message).toMatch(/deck\/deck\.yaml:5: invalid YAML/);
  }, 60_000);

  it('a manifest naming a missing section file', async () => {
    const message = await breakDeck((deck) => replaceIn(join(deck, 'deck.yaml'), '02-second.md', '03-missing.md'));
    expect(message).toContain('deck/deck.yaml:6: section file not found: sections/03-missing.md');
  }, 60_000);

  it('an unknown demo', async () => {
    const message = await breakDeck((deck) => replaceIn(join(deck, 'sections/02-second.md'), '@demo sample-demo', '@demo no-such-demo'));
    expect(message).toMatch(/deck\/sections\/02-second\.md:24: unknown demo "no-such-demo" \(no demos\/no-such-demo\/manifest\.ts; known: sample-demo\)/);
  }, 60_000);

  it('a syntax error in a section: invalid @demo JSON, an unknown directive, an unclosed fence', async () => {
    const message = await breakDeck(async (deck) => {
      await replaceIn(join(deck, 'sections/02-second.md'), '{"n": 1}', '{"n": 1');
      await replaceIn(join(deck, 'sections/01-first.md'), '@sub code-walk-update', '@sbu code-walk-update');
      // The fence opens on line 36 of 02-second.md (34 lines, a blank one, then the fence), with lines after it.
      await writeFile(join(deck, 'sections/02-second.md'), `${await readFile(join(deck, 'sections/02-second.md'), 'utf8')}\n\`\`\`go\nfunc f()\n\nmore text\n`);
    });
    expect(message).toMatch(/deck\/sections\/01-first\.md:24: unknown directive "@sbu"/);
    expect(message).toMatch(/deck\/sections\/02-second\.md:24: @demo sample-demo: invalid JSON params/);
    expect(message).toMatch(/deck\/sections\/02-second\.md:36: unclosed code fence/);
  }, 60_000);

  it('a missing @include file and a slide without notes', async () => {
    const message = await breakDeck(async (deck) => {
      await rm(join(deck, 'pictures/box.svg'));
      await replaceIn(join(deck, 'sections/02-second.md'), '@notes\nThe end.', '');
    });
    expect(message).toContain('deck/sections/02-second.md:2: @include: file not found: ../pictures/box.svg');
    expect(message).toMatch(/deck\/sections\/02-second\.md:29: slide "thanks" has no @notes/);
  }, 60_000);

  it('a hand-written page or entry, which the generated ones would silently replace', async () => {
    const message = await breakDeck(async (deck) => {
      await writeFile(join(deck, 'index.html'), '<!doctype html><div class="reveal"><div class="slides"></div></div>');
      await writeFile(join(deck, 'main.ts'), 'export {};');
    });
    expect(message).toContain("deck/index.html: not used: a deck's page and entry are generated from deck.yaml (its own styles go in theme.css); remove index.html");
    expect(message).toContain('deck/main.ts: not used:');
  }, 60_000);

  it('a recording that is not valid JSON', async () => {
    const message = await breakDeck(async (_deck, root) => {
      await mkdir(join(root, 'recordings'));
      await writeFile(join(root, 'recordings/sample-demo.json'), '{\n  "format": 1,\n  "demo": "sample-demo",\n}\n');
    });
    expect(message).toMatch(/recordings\/sample-demo\.json:4: invalid JSON/);
  }, 60_000);
});

describe('build-time checks beyond syntax', () => {
  /**
   * deckInCheckout copies the fixture deck into a folder inside the checkout (so a demo
   * manifest there can import zod) with a sample-demo whose `n` is at most 20; removed
   * when the test ends.
   */
  async function deckInCheckout(): Promise<string> {
    await mkdir(testCacheDir, { recursive: true });
    const root = await mkdtemp(join(testCacheDir, 'deck-checks-'));
    onTestFinished(() => rm(root, { recursive: true, force: true }));
    await cp(join(rootDir, fixtureDeck), join(root, 'deck'), { recursive: true });
    await mkdir(join(root, 'demos/sample-demo'), { recursive: true });
    await writeFile(
      join(root, 'demos/sample-demo/manifest.ts'),
      "import { z } from 'zod';\nexport default { id: 'sample-demo', params: z.object({ n: z.number().int().max(20).default(1) }) };\n",
    );
    return root;
  }

  it('a @demo line whose params break the demo’s schema fails `vite build` at its line, with no stack trace', async () => {
    const root = await deckInCheckout();
    const section = join(root, 'deck/sections/02-second.md');
    await writeFile(section, (await readFile(section, 'utf8')).replace('@demo sample-demo {"n": 1}', '@demo sample-demo {"n": 21}'));
    await writeFile(
      join(root, 'vite.config.ts'),
      `import { deckViteConfig } from ${JSON.stringify(join(rootDir, 'slides/compiler/deck-vite-config.ts'))};\n` +
        `export default { ...deckViteConfig({ rootDir: ${JSON.stringify(root)}, deckDir: 'deck', outDir: 'dist' }), logLevel: 'warn' };\n`,
    );
    // The command an author runs, as the author sees it.
    const result = await new Promise<{ code: number | null; output: string }>((done) => {
      execFile(join(rootDir, 'node_modules/.bin/vite'), ['build', '-c', join(root, 'vite.config.ts')], { cwd: root, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) =>
        done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain('the deck does not build:\ndeck/sections/02-second.md:24: @demo sample-demo: n: Too big: expected number to be <=20');
    expect(result.output).not.toMatch(/^\s+at /m);
    expect(result.output.trim().split('\n').length, result.output).toBeLessThanOrEqual(4);
  }, 120_000);

  it('a code language deck.yaml adds is highlighted by the build', async () => {
    const root = await deckInCheckout();
    const deckYaml = join(root, 'deck/deck.yaml');
    await writeFile(deckYaml, (await readFile(deckYaml, 'utf8')).replace('sections:', 'languages: [kotlin]\nsections:'));
    const section = join(root, 'deck/sections/02-second.md');
    await writeFile(section, `${await readFile(section, 'utf8')}\n@slide kotlin\n\`\`\`kotlin\nfun main() = println("hi")\n\`\`\`\n@notes\nn\n`);
    await build({ ...deckViteConfig({ rootDir: root, deckDir: 'deck', outDir: 'dist' }), configFile: false, logLevel: 'silent' });
    const html = await readFile(join(root, 'dist/index.html'), 'utf8');
    expect(html).toContain('data-lang="kotlin"');
    expect(html).toMatch(/<span style="color:#[0-9a-fA-F]{6}">fun<\/span>/);
  }, 120_000);

  it('a section file deck.yaml does not list is warned, naming it, and the deck still builds', async () => {
    const root = await deckInCheckout();
    await writeFile(join(root, 'deck/sections/03-draft.md'), '@slide draft\n# A draft\n@notes\nn\n');
    const warnings: string[] = [];
    const logger = createLogger('warn');
    const customLogger = { ...logger, warn: (message: string) => warnings.push(message), warnOnce: (message: string) => warnings.push(message) };
    await build({ ...deckViteConfig({ rootDir: root, deckDir: 'deck', outDir: 'dist' }), configFile: false, logLevel: 'warn', customLogger });
    expect(warnings).toContain('[deck] warning: deck/sections/03-draft.md: not in the deck: deck/deck.yaml does not list it under sections:');
    expect(await readFile(join(root, 'dist/index.html'), 'utf8')).not.toContain('id="draft"');
  }, 120_000);
});
