/**
 * deckPlugin: the Vite side of the slide compiler.
 *
 * - Generates the deck's page (`index.html`) and its entry module (`deck-entry.ts`, beside
 *   deck.yaml) from the deck folder: a deck is deck.yaml, its sections and, optionally,
 *   its own `theme.css` (see deck-page.ts). Neither file exists on disk; a deck folder
 *   that holds an `index.html` or `main.ts` of its own fails the build, as they would be
 *   silently ignored.
 * - Injects the compiled slides into the page where it says `<!--deck:slides-->`, and
 *   sets <title> and <html lang> from deck.yaml. Runs before Vite's own HTML processing,
 *   so `<img src="./pictures/x.svg">` in slides is bundled like any asset.
 * - `vite build` fails on any author mistake with `file:line: message` lines, all at once
 *   and nothing else (no stack trace); `@demo` params are checked against the demo's
 *   params schema; probable mistakes (a section file deck.yaml does not list) are warned.
 * - `vite` (dev) serves the generated page at `/`, recompiles when a deck file or a demo
 *   folder changes and reloads the page; a broken deck shows its errors as a slide and in
 *   Vite's overlay.
 * - Copies the recordings of the demos the deck uses (`recordings/<demo>*.json`; the
 *   others belong to other decks) to `dist/recordings/`, plus `dist/recordings/index.json`:
 *   `{ "format": 1, "recordings": [{ "demo", "key", "path", "recordedAt", "outcome" }] }`,
 *   path relative to the deck's index.html (e.g. "recordings/ffi-overhead.json"). In dev
 *   the same URLs are served from the recordings folder.
 * - Generates the deck's phone remote too (`remote/index.html` and its entry, see
 *   deck-page.ts and slides/remote/): a second page of every deck's build.
 * - Writes `dist/slides.json` (protocol.ts DeckSlides: each slide's indices, title, notes
 *   and demos with their params), which the phone remote reads for titles and notes and
 *   the demo server for which demo a remote may start on the current slide. In dev it is
 *   served from the compiled deck.
 * - Writes `dist/api/health` = `{"live": false}`: the demos client asks `./api/health`
 *   whether a demo server is there; on a static host this file answers "no" with a 200
 *   instead of a 404 that every browser logs as a console error. The demo server's own
 *   /api/health route takes precedence over the file when it serves dist/.
 */
import { deckSlidesFile } from '../../demos/deck-slides.ts';
import { demoOfRecordingKey } from '../../demos/recording-key.ts';
import { buildErrorSlideId } from '../runtime/build-error-slide.ts';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger, Plugin, ViteDevServer } from 'vite';
import { compileDeck, deckSlidesOf, type CompiledDeck } from './compile-deck.ts';
import { deckEntrySource, deckPageHtml, remoteEntrySource, remotePageHtml, slidesMarker, titleSlideFonts, type DemoModules } from './deck-page.ts';
import { DeckBuildError, formatIssue } from './errors.ts';
import { parseDeckManifest } from './parse-manifest.ts';
import { loadDemoParamsCheck, type DemoParamsCheck } from './demo-manifests.ts';
import { createCodeHighlighter, type CodeHighlighter } from './highlighter.ts';
import type { DeckSource } from './render-slide.ts';

/** DeckPluginOptions locate the deck; relative paths are taken from `rootDir`. */
export interface DeckPluginOptions {
  /** The project root; file names in errors are relative to it. */
  rootDir: string;
  /** The deck folder (holds deck.yaml). */
  deckDir: string;
  /** Folder of demo folders (`<id>/manifest.ts`); default `<rootDir>/demos`. */
  demosDir?: string;
  /** Folder of recordings to publish; default `<rootDir>/recordings`. */
  recordingsDir?: string;
}

/** staticHealth is the static build's answer to `GET ./api/health`: no demo server here. */
export const staticHealth = { live: false, static: true } as const;

/** entryFileName is the generated entry module's name, as if it lay beside deck.yaml. */
export const entryFileName = 'deck-entry.ts';

/** remoteEntryFileName is the phone remote's generated entry module, as if it lay in `<deck>/remote/`. */
export const remoteEntryFileName = 'remote-entry.ts';

/** projectDir is this checkout: the runtime, the shared theme, the demos client and node_modules every deck uses. */
const projectDir = fileURLToPath(new URL('../../', import.meta.url));

/** createNodeDeckSource reads files relative to `rootDir` from disk. */
export function createNodeDeckSource(rootDir: string): DeckSource {
  const abs = (path: string): string => join(rootDir, path);
  return {
    readText(path) {
      try {
        return readFileSync(abs(path), 'utf8');
      } catch {
        return undefined;
      }
    },
    exists: (path) => existsSync(abs(path)),
    list(path) {
      try {
        return readdirSync(abs(path));
      } catch {
        return [];
      }
    },
  };
}

/** RecordingEntry is one line of `recordings/index.json`. */
export interface RecordingEntry {
  demo: string;
  /** `<demo>` for the newest run, `<demo>--<value>` for the newest run of a variant. */
  key: string;
  path: string;
  recordedAt: string | null;
  outcome: unknown;
}

/**
 * readRecordings loads and checks every `*.json` in a folder: each must be JSON whose
 * `demo` matches its file name. Throws a DeckBuildError naming the file otherwise.
 */
export function readRecordings(dir: string, rootDir: string): { entries: RecordingEntry[]; files: Map<string, string> } {
  const files = new Map<string, string>();
  const entries: RecordingEntry[] = [];
  if (!existsSync(dir)) return { entries, files };
  const issues: { file: string; line: number; message: string }[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json') && n !== 'index.json').sort()) {
    const file = join(dir, name);
    const shown = toPosix(relative(rootDir, file));
    const text = readFileSync(file, 'utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      const position = /position (\d+)/.exec((error as Error).message)?.[1];
      const line = position === undefined ? 1 : text.slice(0, Number(position)).split('\n').length;
      issues.push({ file: shown, line, message: `invalid JSON: ${(error as Error).message}` });
      continue;
    }
    const record = parsed as { demo?: unknown; recordedAt?: unknown; outcome?: unknown };
    const key = name.slice(0, -'.json'.length);
    const demo = demoOfRecordingKey(key);
    if (typeof parsed !== 'object' || parsed === null || record.demo !== demo) {
      issues.push({ file: shown, line: 1, message: `a recording of demo "${demo}" must have "demo": "${demo}"` });
      continue;
    }
    files.set(name, text);
    entries.push({
      demo,
      key,
      path: `recordings/${name}`,
      recordedAt: typeof record.recordedAt === 'string' ? record.recordedAt : null,
      outcome: record.outcome ?? null,
    });
  }
  if (issues.length > 0) throw new DeckBuildError(issues);
  return { entries, files };
}

/** deckPlugin generates the deck's page and entry, compiles its slides and publishes its recordings (see module header). */
export function deckPlugin(options: DeckPluginOptions): Plugin {
  const rootDir = resolve(options.rootDir);
  const deckDir = resolve(rootDir, options.deckDir);
  const demosDir = resolve(rootDir, options.demosDir ?? 'demos');
  const recordingsDir = resolve(rootDir, options.recordingsDir ?? 'recordings');
  const pagePath = join(deckDir, 'index.html');
  const entryPath = join(deckDir, entryFileName);
  // The phone remote: a page of every deck at `remote/`, with its own entry.
  const remotePagePath = join(deckDir, 'remote', 'index.html');
  const remoteEntryPath = join(deckDir, 'remote', remoteEntryFileName);
  const rel = (path: string): string => toPosix(relative(rootDir, path));
  const source = createNodeDeckSource(rootDir);
  let highlighter: Promise<CodeHighlighter> | undefined;
  let paramsCheck: Promise<DemoParamsCheck> | undefined;
  let compiled: CompiledDeck | undefined;
  let isBuild = false;
  let logger: Pick<Logger, 'warn'> = { warn: () => undefined };

  /** compile compiles the deck afresh (and says its warnings once per compile). */
  const compile = async (): Promise<CompiledDeck> => {
    highlighter ??= createCodeHighlighter();
    paramsCheck ??= loadDemoParamsCheck(demosDir);
    await (await highlighter).load?.(deckLanguages(join(deckDir, 'deck.yaml')));
    compiled = compileDeck({ deckDir: rel(deckDir), demosDir: rel(demosDir), source, highlighter: await highlighter, checkDemoParams: await paramsCheck });
    for (const warning of compiled.warnings) logger.warn(`[deck] warning: ${formatIssue(warning)}`);
    return compiled;
  };

  /** usedDemos are the demo ids on the deck's slides (none while the deck does not compile). */
  const usedDemos = async (): Promise<Set<string>> => {
    try {
      const deck = compiled ?? (await compile());
      return new Set(deck.outline.flatMap((slide) => slide.demos));
    } catch {
      return new Set();
    }
  };

  const page = (): string =>
    deckPageHtml({
      entrySrc: `./${entryFileName}`,
      // The build bundles the fonts from their files; the dev server serves files outside its root at /@fs/.
      fontPreloads: titleSlideFonts.map((font) => {
        const file = join(projectDir, 'node_modules', font);
        return isBuild ? toPosix(relative(deckDir, file)) : `/@fs${toPosix(file)}`;
      }),
    });

  /** demoModules are the files of the demos the deck uses, for the deck's entry and the remote's. */
  const demoModules = async (): Promise<DemoModules[]> =>
    [...(await usedDemos())].map((id) => {
      const widget = join(demosDir, id, 'widget.ts');
      return { id, manifest: toPosix(join(demosDir, id, 'manifest.ts')), ...(existsSync(widget) ? { widget: toPosix(widget) } : {}) };
    });

  const remoteEntry = async (): Promise<string> =>
    remoteEntrySource({ remoteMain: toPosix(join(projectDir, 'slides/remote/main.ts')), demos: await demoModules() });

  const entry = async (): Promise<string> => {
    const demos = await demoModules();
    const deckTheme = join(deckDir, 'theme.css');
    return deckEntrySource({
      sharedTheme: toPosix(join(projectDir, 'slides/shared-theme/theme.css')),
      ...(existsSync(deckTheme) ? { deckTheme: toPosix(deckTheme) } : {}),
      createDeck: toPosix(join(projectDir, 'slides/runtime/create-deck.ts')),
      demoPlugin: toPosix(join(projectDir, 'demos/client/plugin.ts')),
      stagePlugin: toPosix(join(projectDir, 'demos/client/stage-plugin.ts')),
      demos,
    });
  };

  const inject = (html: string, deck: CompiledDeck | DeckBuildError): string => {
    if (deck instanceof DeckBuildError) {
      const list = deck.issues.map((issue) => escapeText(formatIssue(issue))).join('\n');
      const errorSlide = `<section id="${buildErrorSlideId}" class="deck-error"><h2>The deck does not build</h2><pre>${list}</pre><aside class="notes">Fix the errors above; the page reloads by itself.</aside></section>`;
      return html.replace(slidesMarker, () => errorSlide);
    }
    const { title, author, event, lang } = deck.manifest;
    const fullTitle = [title, author, event].filter((part) => part !== undefined).join(' — ');
    return html
      .replace(slidesMarker, () => deck.html)
      .replace(/<title>[\s\S]*?<\/title>/, () => `<title>${escapeText(fullTitle)}</title>`)
      .replace(/<html(\s[^>]*)?>/, (tag) => (/\slang=/.test(tag) ? tag : tag.replace('<html', `<html lang="${escapeText(lang)}"`)));
  };

  return {
    name: 'deck',
    // Before Vite's resolver: the page and the entry exist only here.
    enforce: 'pre',
    // Two pages: the deck, and its phone remote.
    config: () => ({ build: { rolldownOptions: { input: { index: pagePath, remote: remotePagePath } } } }),
    // A build compiles the deck here, before the bundler starts: an author's mistake then
    // fails the build with its file:line lines alone (DeckBuildError prints as its
    // message), not wrapped in the bundler's error and its stack trace.
    async configResolved(config) {
      isBuild = config.command === 'build';
      logger = config.logger;
      if (!isBuild) return;
      await compile();
      readRecordings(recordingsDir, rootDir);
    },
    buildStart() {
      if (isBuild && compiled) for (const file of compiled.files) this.addWatchFile(join(rootDir, file));
    },
    async resolveId(id, importer) {
      if (id === pagePath) return pagePath;
      if (id === entryPath || id === `./${entryFileName}` || id === `/${entryFileName}`) return entryPath;
      if (id === remotePagePath) return remotePagePath;
      if (id === remoteEntryPath || (id === `./${remoteEntryFileName}` && importer === remotePagePath) || id === `/remote/${remoteEntryFileName}`) return remoteEntryPath;
      // The entry's packages (reveal.js) come from this checkout, wherever the deck folder is.
      if (importer === entryPath && !/^[./\0]/.test(id)) return this.resolve(id, join(projectDir, 'slides/runtime/create-deck.ts'), { skipSelf: true });
      return null;
    },
    async load(id) {
      if (id === pagePath) return page();
      if (id === entryPath) return entry();
      if (id === remotePagePath) return remotePageHtml({ entrySrc: `./${remoteEntryFileName}` });
      if (id === remoteEntryPath) return remoteEntry();
      return null;
    },
    transformIndexHtml: {
      order: 'pre',
      async handler(html, ctx) {
        if (ctx.filename !== pagePath) return html;
        if (isBuild && compiled) return inject(html, compiled);
        try {
          return inject(html, compiled ?? (await compile()));
        } catch (error) {
          if (!(error instanceof DeckBuildError) || isBuild) throw error;
          ctx.server?.config.logger.error(`[deck] the deck does not build:\n${error.message}`);
          return inject(html, error);
        }
      },
    },
    configureServer(server: ViteDevServer) {
      server.watcher.add([deckDir, demosDir]);
      const onChange = (path: string): void => {
        const inDeck = path.startsWith(deckDir + sep) && /\.(md|ya?ml|svg|html|css)$/.test(path);
        const demoManifest = path.startsWith(demosDir + sep) && /[/\\](manifest|widget)\.ts$/.test(path);
        const included = compiled?.files.some((file) => join(rootDir, file) === path) ?? false;
        // A manifest's schema may live in a module beside it: any demo module may change it.
        if (path.startsWith(demosDir + sep) && path.endsWith('.ts')) paramsCheck = undefined;
        if (!inDeck && !demoManifest && !included) return;
        compiled = undefined;
        // The entry names the deck's demos and its theme: made again on the next load.
        const graph = server.environments.client.moduleGraph;
        const entryModule = graph.getModuleById(entryPath);
        if (entryModule) graph.invalidateModule(entryModule);
        server.ws.send({ type: 'full-reload' });
      };
      server.watcher.on('change', onChange);
      server.watcher.on('add', onChange);
      server.watcher.on('unlink', onChange);
      // The page: before Vite's own index.html handling, which looks for a file.
      server.middlewares.use((req, res, next) => {
        const url = new URL(req.url ?? '/', 'http://x');
        if (req.method === 'GET' && (url.pathname === '/remote/' || url.pathname === '/remote/index.html')) {
          server
            .transformIndexHtml('/remote/index.html', remotePageHtml({ entrySrc: `./${remoteEntryFileName}` }), req.originalUrl)
            .then((html) => {
              res.setHeader('content-type', 'text/html; charset=utf-8');
              res.setHeader('cache-control', 'no-cache');
              res.end(html);
            })
            .catch(next);
          return;
        }
        if (req.method !== 'GET' || (url.pathname !== '/' && url.pathname !== '/index.html')) return next();
        server
          .transformIndexHtml('/index.html', page(), req.originalUrl)
          .then((html) => {
            res.setHeader('content-type', 'text/html; charset=utf-8');
            res.setHeader('cache-control', 'no-cache');
            res.end(html);
          })
          .catch(next);
      });
      server.middlewares.use((req, res, next) => {
        const url = new URL(req.url ?? '/', 'http://x');
        if (url.pathname.endsWith(`/${deckSlidesFile}`)) {
          compile().then(
            (deck) => {
              res.setHeader('content-type', 'application/json');
              res.end(JSON.stringify(deckSlidesOf(deck)));
            },
            (error: unknown) => {
              res.statusCode = 500;
              res.end(String((error as Error).message));
            },
          );
          return;
        }
        const match = /\/recordings\/([a-z0-9-]+\.json)$/.exec(url.pathname);
        if (!match?.[1]) return next();
        try {
          const { entries, files } = readRecordings(recordingsDir, rootDir);
          const body = match[1] === 'index.json' ? JSON.stringify({ format: 1, recordings: entries }, null, 2) : files.get(match[1]);
          if (body === undefined) return next();
          res.setHeader('content-type', 'application/json');
          res.end(body);
        } catch (error) {
          res.statusCode = 500;
          res.end(String((error as Error).message));
        }
      });
    },
    async generateBundle() {
      let recordings: ReturnType<typeof readRecordings>;
      try {
        recordings = readRecordings(recordingsDir, rootDir);
      } catch (error) {
        this.error((error as Error).message);
      }
      // Only this deck's demos: another deck's recordings are dead weight here.
      const used = await usedDemos();
      const entries = recordings.entries.filter((entry) => used.has(entry.demo));
      for (const entry of entries) {
        const name = entry.path.slice('recordings/'.length);
        this.emitFile({ type: 'asset', fileName: entry.path, source: recordings.files.get(name) ?? '' });
      }
      this.emitFile({ type: 'asset', fileName: 'api/health', source: `${JSON.stringify(staticHealth)}\n` });
      if (compiled) this.emitFile({ type: 'asset', fileName: deckSlidesFile, source: `${JSON.stringify(deckSlidesOf(compiled))}\n` });
      this.emitFile({
        type: 'asset',
        fileName: 'recordings/index.json',
        source: `${JSON.stringify({ format: 1, recordings: entries }, null, 2)}\n`,
      });
    },
  };
}

/** deckLanguages are the code languages a deck.yaml adds (none while it does not parse: the compiler says why). */
function deckLanguages(file: string): string[] {
  try {
    return parseDeckManifest(readFileSync(file, 'utf8'), file).languages.map((language) => language.name);
  } catch {
    return [];
  }
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
