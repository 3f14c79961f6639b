/**
 * The files every deck used to carry by hand, generated from its folder: the page
 * (`index.html`) and the entry module. Pure: paths come in, text goes out.
 *
 * The page is the same for every deck: the opening every generated page shares
 * (page-head.ts), Reveal's two divs with the `<!--deck:slides-->`
 * marker the slide compiler fills (it also sets `<title>` and `<html lang>` from
 * deck.yaml), preloads of the title slide's three Inter weights (so the first paint does
 * not wait for them; `npm run bench:deck`), the one rule of reveal.js's stylesheet the
 * page needs before that stylesheet arrives (`slidesHiddenRule`), and the entry module.
 *
 * The entry imports reveal.js's styles, the shared theme, the deck's own `theme.css`
 * when it has one, and starts the deck with the house runtime. When the deck has demo
 * slides it adds the demos plugin with a loader for each demo the deck uses and no
 * other, so a deck's build holds only its own demos' chunks (a deck without the
 * pointer-rules demo ships no code editor), and the stage plugin (with the demo server,
 * the audience's pages follow the speaker's deck).
 */

import { defaultViewport, escapeAttribute, pageHeadStart } from './page-head.ts';

/** slidesMarker is where the page wants the slides. */
export const slidesMarker = '<!--deck:slides-->';

/** titleSlideFonts are the shared theme's fonts the title slide shows first (paths under node_modules). */
export const titleSlideFonts = [
  '@fontsource/inter/files/inter-latin-400-normal.woff2',
  '@fontsource/inter/files/inter-latin-600-normal.woff2',
  '@fontsource/inter/files/inter-latin-800-normal.woff2',
] as const;

/**
 * slidesHiddenRule hides the slides until reveal.js's stylesheet arrives (which hides
 * every slide but the current one as well). Without it, whatever lays out the page
 * before then lays out every slide of the deck unstyled, all 90 of them with their code
 * and pictures: in Chromium's trace of a cold load, a task from its input queue does so
 * while the stylesheet is still downloading, 50–100 ms of work before the first paint
 * (`npm run bench:deck`). `:where()` gives the rule no weight, so every rule that shows a
 * slide (Reveal's, print view's, the scroll view's) still wins.
 */
export const slidesHiddenRule = ':where(.reveal .slides > section) { display: none; }';

/** DeckPageOptions say where the page's links point (as written in the page: relative to the deck folder). */
export interface DeckPageOptions {
  /** The entry module's URL. */
  entrySrc: string;
  /** URLs of the fonts to preload (`titleSlideFonts` seen from the deck folder). */
  fontPreloads: readonly string[];
}

/** deckPageHtml is a deck's index.html, before the slide compiler fills in the slides and title. */
export function deckPageHtml(options: DeckPageOptions): string {
  const preloads = options.fontPreloads
    .map((href) => `    <link rel="preload" as="font" type="font/woff2" crossorigin href="${escapeAttribute(href)}" />\n`)
    .join('');
  return `${pageHeadStart()}    <!-- Generated from deck.yaml by the slide compiler (slides/compiler/deck-page.ts). -->
${preloads}    <style>${slidesHiddenRule}</style>
    <title>deck</title>
  </head>
  <body>
    <div class="reveal">
      <div class="slides">
        ${slidesMarker}
      </div>
    </div>
    <script type="module" src="${escapeAttribute(options.entrySrc)}"></script>
  </body>
</html>
`;
}

/** DemoModules are the files of one demo a deck uses (absolute paths). */
export interface DemoModules {
  id: string;
  manifest: string;
  /** The demo's widget; absent when it has none (the log widget stands in). */
  widget?: string;
}

/** DeckEntryOptions name the modules the entry imports (absolute paths or package names). */
export interface DeckEntryOptions {
  /** The shared theme every deck gets. */
  sharedTheme: string;
  /** The deck's own `theme.css`, when it has one. */
  deckTheme?: string;
  /** slides/runtime/create-deck.ts. */
  createDeck: string;
  /** demos/client/plugin.ts. */
  demoPlugin: string;
  /** demos/client/stage-plugin.ts: with a demo server, the audience follows the speaker's deck. */
  stagePlugin: string;
  /** The demos the deck's slides use, in any order. */
  demos: readonly DemoModules[];
}

/** deckEntrySource is the entry module of a deck (see the module header). */
export function deckEntrySource(options: DeckEntryOptions): string {
  const lines = [
    '// Generated from deck.yaml by the slide compiler (slides/compiler/deck-page.ts).',
    `import 'reveal.js/reveal.css';`,
    `import ${quote(options.sharedTheme)};`,
  ];
  if (options.deckTheme !== undefined) lines.push(`import ${quote(options.deckTheme)};`);
  lines.push(`import { createDeck } from ${quote(options.createDeck)};`);
  const demos = [...options.demos].sort((a, b) => a.id.localeCompare(b.id));
  if (demos.length === 0) {
    lines.push('', 'void createDeck();', '');
    return lines.join('\n');
  }
  lines.push(`import createDemoPlugin from ${quote(options.demoPlugin)};`, `import createStagePlugin from ${quote(options.stagePlugin)};`, '', 'const demos = {');
  for (const demo of demos) {
    const widget = demo.widget === undefined ? '' : `, widget: () => import(${quote(demo.widget)})`;
    lines.push(`  ${quote(demo.id)}: { manifest: () => import(${quote(demo.manifest)})${widget} },`);
  }
  lines.push('};', '', 'void createDeck({ plugins: [createDemoPlugin({ demos }), createStagePlugin()] });', '');
  return lines.join('\n');
}

/** RemotePageOptions say where the phone remote's page finds its entry (relative to the page). */
export interface RemotePageOptions {
  entrySrc: string;
}

/**
 * remotePageHtml is a deck's phone remote page (`remote/index.html`, see
 * slides/remote/remote-page.ts): one element the remote fills, sized for a phone, never
 * zoomed (its text is large already; a pinch would only get in the thumb's way).
 */
export function remotePageHtml(options: RemotePageOptions): string {
  const head = pageHeadStart({
    lang: 'en',
    viewport: `${defaultViewport}, viewport-fit=cover`,
    meta: [
      ['theme-color', '#0f1218'],
      ['referrer', 'no-referrer'],
    ],
  });
  return `${head}    <!-- Generated by the slide compiler (slides/compiler/deck-page.ts). -->
    <title>Remote</title>
  </head>
  <body>
    <main id="remote"></main>
    <script type="module" src="${escapeAttribute(options.entrySrc)}"></script>
  </body>
</html>
`;
}

/** RemoteEntryOptions name the modules the remote's entry imports (absolute paths). */
export interface RemoteEntryOptions {
  /** slides/remote/main.ts. */
  remoteMain: string;
  /** The demos the deck's slides use: the remote shows their headlines. */
  demos: readonly DemoModules[];
}

/** remoteEntrySource is the entry module of a deck's remote: its page, with loaders for the deck's demos. */
export function remoteEntrySource(options: RemoteEntryOptions): string {
  const lines = ['// Generated from deck.yaml by the slide compiler (slides/compiler/deck-page.ts).', `import { startRemotePage } from ${quote(options.remoteMain)};`, '', 'startRemotePage({'];
  for (const demo of [...options.demos].sort((a, b) => a.id.localeCompare(b.id))) {
    const widget = demo.widget === undefined ? '' : `, widget: () => import(${quote(demo.widget)})`;
    lines.push(`  ${quote(demo.id)}: { manifest: () => import(${quote(demo.manifest)})${widget} },`);
  }
  lines.push('});', '');
  return lines.join('\n');
}

function quote(text: string): string {
  return JSON.stringify(text);
}
