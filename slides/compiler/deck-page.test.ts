import { describe, expect, it } from 'vitest';
import { deckEntrySource, deckPageHtml, slidesHiddenRule, slidesMarker } from './deck-page.ts';

describe('deckPageHtml', () => {
  const html = deckPageHtml({ entrySrc: './deck-entry.ts', fontPreloads: ['../../node_modules/a.woff2', '/@fs/x/b "c".woff2'] });

  it('holds the slides marker inside reveal.js divs and loads the entry as a module', () => {
    expect(html).toMatch(new RegExp(`<div class="reveal">\\s*<div class="slides">\\s*${slidesMarker}\\s*</div>\\s*</div>`));
    expect(html).toContain('<script type="module" src="./deck-entry.ts"></script>');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1" />');
    expect(html).toContain('<title>deck</title>');
  });

  it('preloads each font given, in order, escaped', () => {
    const preloads = [...html.matchAll(/<link rel="preload" as="font" type="font\/woff2" crossorigin href="([^"]*)" \/>/g)].map((m) => m[1]);
    expect(preloads).toEqual(['../../node_modules/a.woff2', '/@fs/x/b &quot;c&quot;.woff2']);
  });

  it('hides the slides in the head, before any stylesheet, with a rule of no weight', () => {
    expect(slidesHiddenRule).toBe(':where(.reveal .slides > section) { display: none; }');
    const head = html.slice(0, html.indexOf('</head>'));
    expect(head).toContain(`<style>${slidesHiddenRule}</style>`);
    expect(head.indexOf('<style>')).toBeLessThan(head.indexOf('<title>'));
  });
});

describe('deckEntrySource', () => {
  const base = {
    sharedTheme: '/p/slides/shared-theme/theme.css',
    createDeck: '/p/slides/runtime/create-deck.ts',
    demoPlugin: '/p/demos/client/plugin.ts',
    stagePlugin: '/p/demos/client/stage-plugin.ts',
  };

  it('starts a deck without demos with the runtime alone, and no demos plugin', () => {
    const source = deckEntrySource({ ...base, demos: [] });
    expect(source).toContain(`import 'reveal.js/reveal.css';`);
    expect(source).toContain('import "/p/slides/shared-theme/theme.css";');
    expect(source).toContain('import { createDeck } from "/p/slides/runtime/create-deck.ts";');
    expect(source).toContain('void createDeck();');
    expect(source).not.toContain('plugin.ts');
    expect(source).not.toContain('theme.css";\nimport "');
  });

  it("imports the deck's own theme after the shared one", () => {
    const source = deckEntrySource({ ...base, deckTheme: '/d/theme.css', demos: [] });
    expect(source.indexOf('"/d/theme.css"')).toBeGreaterThan(source.indexOf('shared-theme/theme.css'));
  });

  it('gives the demos plugin a lazy loader for each demo the deck uses, sorted, and no other', () => {
    const source = deckEntrySource({
      ...base,
      demos: [
        { id: 'zeta', manifest: '/p/demos/zeta/manifest.ts', widget: '/p/demos/zeta/widget.ts' },
        { id: 'alpha', manifest: '/p/demos/alpha/manifest.ts' },
      ],
    });
    expect(source).toContain('import createDemoPlugin from "/p/demos/client/plugin.ts";');
    expect(source).toContain(
      [
        'const demos = {',
        '  "alpha": { manifest: () => import("/p/demos/alpha/manifest.ts") },',
        '  "zeta": { manifest: () => import("/p/demos/zeta/manifest.ts"), widget: () => import("/p/demos/zeta/widget.ts") },',
        '};',
      ].join('\n'),
    );
    expect(source).toContain('import createStagePlugin from "/p/demos/client/stage-plugin.ts";');
    expect(source).toContain('void createDeck({ plugins: [createDemoPlugin({ demos }), createStagePlugin()] });');
    expect(source).not.toContain('import.meta.glob');
  });
});
