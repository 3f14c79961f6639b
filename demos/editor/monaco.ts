/**
 * monaco: the one lazy entry to the Monaco editor. Nothing here loads until an editable
 * slide's widget calls `loadMonaco()`; every later call gets the same promise.
 *
 * - Workers: only Monaco's base editor worker (diffs, word ranges), bundled by Vite with a
 *   `?worker` import; Go and C need no language service.
 * - Colours: Go and C are tokenized by shiki with the deck's own theme
 *   (github-dark-high-contrast, the highlighter of demos/go-shared/highlight.ts) through
 *   @shikijs/monaco, so the editor looks like the static code on the other slides. If shiki
 *   cannot load, Monaco's own Monarch grammars for Go and C and a matching dark theme
 *   stand in.
 */
import type * as MonacoApi from 'monaco-editor/editor/editor.api.js';

/** Monaco is the editor API namespace. */
export type Monaco = typeof MonacoApi;

/** EDITOR_THEME is the theme editors get (shiki's, or the fallback of the same name). */
export const EDITOR_THEME = 'github-dark-high-contrast';

let loading: Promise<Monaco> | undefined;

/** loadMonaco loads Monaco, its worker and the Go/C colouring once, and resolves to its API. */
export function loadMonaco(): Promise<Monaco> {
  loading ??= (async () => {
    const [monaco, { default: EditorWorker }] = await Promise.all([
      import('./monaco-core.ts'),
      import('monaco-editor/editor/editor.worker.js?worker'),
    ]);
    (self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
      getWorker: () => new EditorWorker(),
    };
    monaco.languages.register({ id: 'go', extensions: ['.go'], aliases: ['Go'] });
    monaco.languages.register({ id: 'c', extensions: ['.c', '.h'], aliases: ['C'] });
    try {
      const [{ loadHighlighter }, { shikiToMonaco }] = await Promise.all([
        import('../go-shared/highlight.ts'),
        import('@shikijs/monaco'),
      ]);
      // The first lines pay for compiling the grammar's regexes; give them time rather
      // than leave them uncoloured.
      shikiToMonaco(await loadHighlighter(), monaco as never, { tokenizeTimeLimit: 3000 });
    } catch (err) {
      console.warn('shiki colouring unavailable; using Monaco grammars', err);
      await useMonarchFallback(monaco);
    }
    return monaco as Monaco;
  })();
  loading.catch(() => {
    loading = undefined; // a failed chunk load may be retried on the next slide visit
  });
  return loading;
}

async function useMonarchFallback(monaco: Monaco): Promise<void> {
  type Grammar = { conf: MonacoApi.languages.LanguageConfiguration; language: MonacoApi.languages.IMonarchLanguage };
  const [go, c] = (await Promise.all([
    import('monaco-editor/languages/definitions/go/go.js'),
    import('monaco-editor/languages/definitions/cpp/cpp.js'),
  ])) as unknown as [Grammar, Grammar];
  monaco.languages.setMonarchTokensProvider('go', go.language);
  monaco.languages.setLanguageConfiguration('go', go.conf);
  monaco.languages.setMonarchTokensProvider('c', c.language);
  monaco.languages.setLanguageConfiguration('c', c.conf);
  // Close to github-dark-high-contrast: near-black ground, the same hues for the same roles.
  monaco.editor.defineTheme(EDITOR_THEME, {
    base: 'hc-black',
    inherit: true,
    rules: [
      { token: 'comment', foreground: 'bdc4cc' },
      { token: 'keyword', foreground: 'ff9492' },
      { token: 'string', foreground: 'addcff' },
      { token: 'number', foreground: '91cbff' },
      { token: 'type', foreground: 'ffb757' },
      { token: 'identifier', foreground: 'f0f3f6' },
    ],
    colors: { 'editor.background': '#0a0c10', 'editor.foreground': '#f0f3f6' },
  });
}

/**
 * pinAncestorScroll undoes the scrolling a focused editor causes in its non-scrolling
 * ancestors. Monaco keeps its hidden input under the caret; when the caret moves near an
 * edge the browser scrolls every ancestor to reveal it, including Reveal's
 * `overflow: hidden` viewport, which shifts the whole slide sideways. Ancestors that are
 * meant to scroll (overflow auto/scroll) are left alone. Returns the undo function.
 */
export function pinAncestorScroll(from: HTMLElement): () => void {
  const undo: Array<() => void> = [];
  const pinned = (node: Element): boolean => {
    const style = getComputedStyle(node);
    return !/(auto|scroll)/.test(`${style.overflow} ${style.overflowX} ${style.overflowY}`);
  };
  for (let node = from.parentElement; node; node = node.parentElement) {
    const el = node;
    const onScroll = (): void => {
      if ((el.scrollTop !== 0 || el.scrollLeft !== 0) && pinned(el)) {
        el.scrollTop = 0;
        el.scrollLeft = 0;
      }
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    undo.push(() => el.removeEventListener('scroll', onScroll));
  }
  const onWindowScroll = (): void => {
    if ((window.scrollX !== 0 || window.scrollY !== 0) && pinned(document.documentElement)) window.scrollTo(0, 0);
  };
  window.addEventListener('scroll', onWindowScroll, { passive: true });
  undo.push(() => window.removeEventListener('scroll', onWindowScroll));
  return () => undo.forEach((fn) => fn());
}
