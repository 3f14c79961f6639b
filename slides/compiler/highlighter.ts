/**
 * The build-time code highlighter: shiki with one dark high-contrast theme and the
 * languages the talk uses, plus any of shiki's others a deck names in its deck.yaml
 * (`languages: [kotlin]`: no edit here to add one). Created once per build (loading
 * grammars is the slow part); highlighting is then synchronous, which markdown-it's
 * renderer needs. Nothing of shiki reaches the browser: slides ship pre-coloured HTML.
 */
import { bundledLanguages, createHighlighter, type BundledLanguage } from 'shiki';

/** CodeToken is one coloured run of text. */
export interface CodeToken {
  content: string;
  color?: string;
  /** shiki's bit flags: 1 italic, 2 bold, 4 underline. */
  fontStyle?: number;
}

/** HighlightedCode is a block split into lines of tokens, plus the theme's colours. */
export interface HighlightedCode {
  lines: CodeToken[][];
  fg: string;
  bg: string;
}

/** CodeHighlighter turns code into coloured lines; unknown languages throw. */
export interface CodeHighlighter {
  highlight(code: string, lang: string): HighlightedCode;
  /** Every language id and alias accepted (for error messages). */
  languages(): string[];
  /** load adds grammars by name (ids or aliases); resolves to the names it does not know. */
  load?(names: readonly string[]): Promise<string[]>;
}

/** codeTheme is the deck's one code theme (high contrast, readable from the back of a room). */
export const codeTheme = 'github-dark-high-contrast';

/** codeLanguages are the grammars loaded; their aliases (sh, shell, console, js, ts …) come along. */
export const codeLanguages = [
  'go', 'c', 'cpp', 'asm', 'shellscript', 'shellsession', 'java', 'rust', 'lua',
  'javascript', 'typescript', 'python', 'json', 'yaml', 'diff', 'html', 'css', 'make', 'toml',
] as const;

const plainLanguages = new Set(['', 'text', 'txt', 'plain', 'plaintext', 'output']);

/** createCodeHighlighter loads the theme and grammars (about a second) and returns a sync highlighter. */
export async function createCodeHighlighter(): Promise<CodeHighlighter> {
  const shiki = await createHighlighter({ themes: [codeTheme], langs: [...codeLanguages] });
  let loaded = new Set(shiki.getLoadedLanguages());
  // "x86" and "nasm" read naturally in a talk about assembly; shiki's grammar is "asm".
  const aliases: Record<string, string> = { x86: 'asm', nasm: 'asm', gas: 'asm', s: 'asm', golang: 'go', h: 'c' };
  const listLanguages = (): string[] =>
    [...new Set([...plainLanguages].filter((l) => l !== '').concat([...loaded], Object.keys(aliases)))].sort();
  return {
    highlight(code, lang) {
      const wanted = aliases[lang] ?? lang;
      if (!plainLanguages.has(wanted) && !loaded.has(wanted)) {
        throw new Error(`unknown code language "${lang}" (known: ${listLanguages().join(', ')})`);
      }
      const result = shiki.codeToTokens(code, { lang: (plainLanguages.has(wanted) ? 'text' : wanted) as BundledLanguage, theme: codeTheme });
      return {
        lines: result.tokens.map((line) => line.map((t) => ({ content: t.content, color: t.color, fontStyle: t.fontStyle }))),
        fg: result.fg ?? '#f0f3f6',
        bg: result.bg ?? '#0a0c10',
      };
    },
    languages: listLanguages,
    async load(names) {
      const known = names.filter((name) => Object.hasOwn(bundledLanguages, name));
      const wanted = known.filter((name) => !loaded.has(name));
      if (wanted.length > 0) {
        await shiki.loadLanguage(...(wanted as BundledLanguage[]));
        loaded = new Set(shiki.getLoadedLanguages());
      }
      return names.filter((name) => !known.includes(name));
    },
  };
}
