/**
 * Renders slide blocks to Reveal <section> HTML: Markdown (CommonMark + raw HTML) by
 * markdown-it, code fences pre-highlighted (highlighter.ts) with file tabs, line numbers
 * and focus steps, `@demo` placeholders, `@include`d files, badges and speaker notes.
 * Pure: files are read through the DeckSource the caller passes.
 *
 * Code blocks render as
 *   <div class="code-block [numbers] [has-steps]" data-lang="go">
 *     <div class="code-file">x.go</div>
 *     <pre class="shiki"><code><span class="line" data-line="1">…</span>\n…</code></pre>
 *     <span class="fragment code-step" data-lines="3,5-7"></span> …
 *   </div>
 * and the runtime (slides/runtime/code-focus.ts) dims every line not in the latest
 * visible step.
 */
import MarkdownIt from 'markdown-it';
import type { DeckIssue } from './errors.ts';
import type { CodeHighlighter } from './highlighter.ts';
import { formatStepLines, parseFenceInfo, parseSteps, type FenceOptions } from './code-fence.ts';
import type { Embed, SlideBlock, SourceLine } from './parse-section.ts';
import type { DemoPlacement, RunParams } from '../../demos/protocol.ts';
import { dirnamePath, extensionOf, joinPath, relativePath } from './paths.ts';

/** DeckSource is how the pure compiler reads files (paths relative to the project root). */
export interface DeckSource {
  readText(path: string): string | undefined;
  exists(path: string): boolean;
  /** Names of the entries of a folder ([] when missing). */
  list(path: string): string[];
}

/** RenderContext is what rendering a deck's slides needs. */
export interface RenderContext {
  highlighter: CodeHighlighter;
  source: DeckSource;
  /** The deck folder (where index.html is), relative to the project root. */
  deckDir: string;
  /** Report a problem at a place. */
  report(issue: DeckIssue): void;
  /** Whether `demos/<id>/manifest.ts` exists (checked by the caller, which knows where demos live). */
  demoExists(id: string): boolean;
  /** Known demo ids, for error messages. */
  demoIds(): string[];
  /** What is wrong with a demo's params (undefined: cannot tell); see CompileOptions. */
  checkDemoParams?(demo: string, params: Record<string, unknown>): string[] | undefined;
}

interface RenderEnv {
  file: string;
  /** Source line of each line of the Markdown text being rendered. */
  lines: number[];
  ctx: RenderContext;
}

const extensionLanguages: Record<string, string> = {
  go: 'go', c: 'c', h: 'c', s: 'asm', asm: 'asm', rs: 'rust', java: 'java', lua: 'lua', js: 'javascript',
  mjs: 'javascript', ts: 'typescript', py: 'python', json: 'json', yaml: 'yaml', yml: 'yaml', sh: 'shellscript',
  txt: 'text', diff: 'diff', cc: 'cpp', cpp: 'cpp', toml: 'toml',
};

/** escapeHtml escapes text for element content and double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Markdown is the deck's configured markdown-it instance. */
export type Markdown = ReturnType<typeof createMarkdown>;

/** createMarkdown makes the deck's markdown-it: raw HTML on, links made from bare URLs, pre-highlighted fences. */
export function createMarkdown() {
  const md = new MarkdownIt({ html: true, linkify: true, typographer: false });
  md.renderer.rules.fence = (tokens, index, _options, rawEnv) => {
    const env = rawEnv as unknown as RenderEnv;
    const token = tokens[index];
    if (token === undefined) return '';
    const line = lineAt(env, token.map?.[0] ?? 0);
    try {
      return renderCode(token.content, parseFenceInfo(token.info), env.ctx);
    } catch (error) {
      env.ctx.report({ file: env.file, line, message: (error as Error).message });
      return '';
    }
  };
  const defaultLinkOpen = md.renderer.rules.link_open;
  md.renderer.rules.link_open = (tokens, index, options, env, self) => {
    const token = tokens[index];
    // External links open beside the deck so a click never loses the speaker's place.
    if (token && /^https?:/.test(String(token.attrGet('href') ?? ''))) {
      token.attrSet('target', '_blank');
      token.attrSet('rel', 'noopener');
    }
    return defaultLinkOpen ? defaultLinkOpen(tokens, index, options, env, self) : self.renderToken(tokens, index, options);
  };
  const defaultImage = md.renderer.rules.image;
  md.renderer.rules.image = (tokens, index, options, rawEnv, self) => {
    const env = rawEnv as unknown as RenderEnv;
    const token = tokens[index];
    const src = String(token?.attrGet('src') ?? '');
    // Markdown paths are relative to the section file; the page is the deck folder's index.html.
    if (token && src !== '' && !/^([a-z]+:|\/|#)/i.test(src)) {
      const target = joinPath(dirnamePath(env.file), src);
      if (!env.ctx.source.exists(target)) {
        env.ctx.report({ file: env.file, line: lineAt(env, token.map?.[0] ?? 0), message: `image not found: ${src} (looked at ${target})` });
      }
      token.attrSet('src', `./${relativePath(env.ctx.deckDir, target)}`);
    }
    return defaultImage ? defaultImage(tokens, index, options, rawEnv, self) : self.renderToken(tokens, index, options);
  };
  return md;
}

function lineAt(env: RenderEnv, index: number): number {
  return env.lines[index] ?? env.lines[env.lines.length - 1] ?? 1;
}

/** renderCode renders one highlighted block (see the module header for its HTML). */
export function renderCode(code: string, options: FenceOptions, ctx: Pick<RenderContext, 'highlighter'>): string {
  const text = code.replace(/\n$/, '');
  const highlighted = ctx.highlighter.highlight(text, options.lang);
  const lineCount = highlighted.lines.length;
  const steps = options.steps === undefined ? [] : parseSteps(options.steps, lineCount);
  const classes = ['code-block', ...options.classes];
  if (options.numbersFrom !== undefined) classes.push('numbers');
  if (steps.length > 0) classes.push('has-steps');
  const style = [`--code-bg:${highlighted.bg}`, `--code-fg:${highlighted.fg}`];
  if (options.numbersFrom !== undefined && options.numbersFrom !== 1) style.push(`--code-first-line:${options.numbersFrom - 1}`);
  // Wide blocks shrink their font a little so the longest line fits 1280px without scrolling.
  const longest = Math.max(0, ...text.split('\n').map((l) => l.replace(/\t/g, '    ').length));
  if (longest > 60) style.push(`--code-columns:${longest}`);
  const lines = highlighted.lines.map((tokens, i) => {
    const inner = tokens
      .map((t) => {
        const css: string[] = [];
        if (t.color) css.push(`color:${t.color}`);
        if (t.fontStyle && t.fontStyle & 1) css.push('font-style:italic');
        if (t.fontStyle && t.fontStyle & 2) css.push('font-weight:bold');
        if (t.fontStyle && t.fontStyle & 4) css.push('text-decoration:underline');
        return css.length > 0 ? `<span style="${css.join(';')}">${escapeHtml(t.content)}</span>` : escapeHtml(t.content);
      })
      .join('');
    return `<span class="line" data-line="${i + 1}">${inner}</span>`;
  });
  const file = options.file === undefined ? '' : `<div class="code-file">${escapeHtml(options.file)}</div>`;
  const stepMarks = steps
    .map((step) => `<span class="fragment code-step" data-lines="${formatStepLines(step)}"></span>`)
    .join('');
  const lang = escapeHtml(options.lang || 'text');
  return `<div class="${classes.map(escapeHtml).join(' ')}" data-lang="${lang}" style="${style.join(';')}">${file}<pre class="shiki"><code>${lines.join('\n')}</code></pre>${stepMarks}</div>\n`;
}

/** renderMarkdown renders source lines (keeping their line numbers for errors) and substitutes embeds. */
export function renderMarkdown(md: Markdown, lines: SourceLine[], embeds: Embed[], file: string, ctx: RenderContext): string {
  const env: RenderEnv = { file, lines: lines.map((l) => l.line), ctx };
  const html = md.render(lines.map((l) => l.text).join('\n'), env as unknown as Record<string, unknown>);
  return html.replace(/<!--deck-embed:(\d+)-->\n?/g, (_whole: string, n: string) => {
    const embed = embeds[Number(n)];
    return embed === undefined ? '' : renderEmbed(md, embed, file, ctx);
  });
}

function renderEmbed(md: Markdown, embed: Embed, file: string, ctx: RenderContext): string {
  if (embed.kind === 'demo') {
    if (!ctx.demoExists(embed.demo)) {
      const known = ctx.demoIds();
      ctx.report({
        file,
        line: embed.line,
        message: `unknown demo "${embed.demo}" (no demos/${embed.demo}/manifest.ts; known: ${known.length > 0 ? known.join(', ') : 'none yet'})`,
      });
    } else {
      // Caught here, a wrong value is a build error at its line, not a refusal on stage.
      for (const problem of ctx.checkDemoParams?.(embed.demo, embed.params) ?? []) {
        ctx.report({ file, line: embed.line, message: `@demo ${embed.demo}: ${problem}` });
      }
    }
    return `<div class="demo" data-demo="${escapeHtml(embed.demo)}" data-params='${escapeHtml(JSON.stringify(embed.params))}'></div>\n`;
  }
  const target = resolveInclude(embed.path, file, ctx);
  const text = target === undefined ? undefined : ctx.source.readText(target);
  if (target === undefined || text === undefined) {
    ctx.report({ file, line: embed.line, message: `@include: file not found: ${embed.path}` });
    return '';
  }
  const ext = extensionOf(target);
  if (ext === 'svg') return `<figure class="picture">${cleanSvg(text)}</figure>\n`;
  if (ext === 'html' || ext === 'htm') return `${text}\n`;
  if (ext === 'md') {
    const lines = text.replace(/\r\n?/g, '\n').split('\n').map((t, i) => ({ text: t, line: i + 1 }));
    return renderMarkdown(md, lines, [], target, ctx);
  }
  const lang = extensionLanguages[ext];
  if (lang === undefined) {
    ctx.report({ file, line: embed.line, message: `@include: cannot include a .${ext} file (svg, html, md or source code)` });
    return '';
  }
  try {
    return renderCode(text, { lang, file: target.slice(target.lastIndexOf('/') + 1), classes: [] }, ctx);
  } catch (error) {
    ctx.report({ file, line: embed.line, message: `@include ${embed.path}: ${(error as Error).message}` });
    return '';
  }
}

/**
 * resolveInclude finds an include path: relative to the section file first, then (so that
 * `@include pictures/x.svg` works from sections/) relative to the deck folder.
 */
function resolveInclude(path: string, file: string, ctx: RenderContext): string | undefined {
  for (const candidate of [joinPath(dirnamePath(file), path), joinPath(ctx.deckDir, path)]) {
    if (ctx.source.exists(candidate)) return candidate;
  }
  return undefined;
}

/** cleanSvg drops what may not appear inside HTML: the XML declaration, doctype and leading comments. */
export function cleanSvg(svg: string): string {
  return svg
    .replace(/^\uFEFF/, '')
    .replace(/<\?xml[^>]*\?>/g, '')
    .replace(/<!DOCTYPE[^>]*>/gi, '')
    .trim();
}

/** SlideRender is one rendered slide plus what the outline needs. */
export interface SlideRender {
  html: string;
  title: string;
  notesText: string;
  /** The notes as HTML (the remote shows them in large type). */
  notesHtml: string;
  demos: string[];
  /** Each `@demo` line's demo and params, in order. */
  placements: DemoPlacement[];
}

/** renderSlide renders one block to its <section> (without the vertical-stack wrapper). */
export function renderSlide(md: Markdown, block: SlideBlock, ctx: RenderContext): SlideRender {
  const body = renderMarkdown(md, block.body, block.embeds, block.file, ctx);
  const notes = block.notes === null ? '' : renderMarkdown(md, block.notes, [], block.file, ctx);
  const notesText = notes.replace(/<[^>]*>/g, '').trim();
  const options = block.options;
  const placements = block.embeds.flatMap((e): DemoPlacement[] => (e.kind === 'demo' ? [{ demo: e.demo, params: e.params as RunParams }] : []));
  const demos = placements.map((placement) => placement.demo);
  const classes = [...options.classes];
  if (options.since2018) classes.push('since-2018');
  if (options.live) classes.push('live');
  if (demos.length > 0) classes.push('has-demo');
  const heading = /<h[1-3][^>]*>([\s\S]*?)<\/h[1-3]>/.exec(body)?.[1]?.replace(/<[^>]*>/g, '').trim();
  const title = options.title ?? heading ?? block.id;
  const attrs: string[] = [`id="${escapeHtml(block.id)}"`];
  if (classes.length > 0) attrs.push(`class="${classes.map(escapeHtml).join(' ')}"`);
  if (options.autoAnimate) attrs.push('data-auto-animate');
  if (options.background !== undefined) attrs.push(`data-background-color="${escapeHtml(options.background)}"`);
  if (options.transition !== undefined) attrs.push(`data-transition="${escapeHtml(options.transition)}"`);
  for (const [key, value] of Object.entries(options.data)) attrs.push(`${key}="${escapeHtml(value)}"`);
  attrs.push(`data-title="${escapeHtml(title)}"`, `data-source="${escapeHtml(`${block.file}:${block.line}`)}"`);
  const badges: string[] = [];
  if (options.since2018) badges.push('<span class="badge badge-since-2018">Since 2018</span>');
  if (options.live) badges.push('<span class="badge badge-live">Live demo</span>');
  const badgeHtml = badges.length > 0 ? `<div class="slide-badges">${badges.join('')}</div>\n` : '';
  const notesHtml = block.notes === null ? '' : `<aside class="notes">\n${notes}</aside>\n`;
  return { html: `<section ${attrs.join(' ')}>\n${badgeHtml}${body}${notesHtml}</section>\n`, title, notesText, notesHtml: notes.trim(), demos, placements };
}
