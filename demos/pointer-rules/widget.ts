/**
 * pointer-rules widget (slides 45–51): the Go + C program of the slides in a Monaco editor
 * (loaded lazily, only here), the variants one click away, Run. The answer first: what
 * the program did — the installed Go's panic line, "ran clean", or the runtime's fatal
 * error — then, beside the editor, that wording against slide 51's 2018 one and the
 * program's output (its last lines in place, all of it in the reader view). Compile
 * errors become editor markers on the lines go build named.
 *
 * The editor alone may scroll; it opens with the lines the notes talk about (the call
 * that hands C the pointer) in view, and Esc gives the keys back to the deck. Output is
 * shown only beside the code that produced it: after an edit it is marked as the output
 * of the code before the edit, and other viewers never follow a run of edited code.
 *
 * The variant sources are the committed programs in native/pointer-rules/ (imported as
 * text), so the editor and the server run the same bytes. Unchanged code is sent as a
 * variant name (it matches the recordings: the static deck replays each variant's); edited
 * code is sent as `main.go`.
 */
import type { DemoParams, DemoResult } from '../define-demo.ts';
import type { Diagnostic, ErrorEvent, RunEvent } from '../protocol.ts';
import { defineWidget } from '../client/define-widget.ts';
import { problemBox } from '../client/problem-box.ts';
import { codeWindowCss, createCodeWindow } from '../go-shared/code-window.ts';
import { el, ensureStyleOnce } from '../go-shared/dom.ts';
import { validateEditedFiles } from './edited-code.ts';
import manifest from './manifest.ts';
import originalSource from '../../native/pointer-rules/original/main.go?raw';
import pinnerSource from '../../native/pointer-rules/pinner/main.go?raw';
import handleSource from '../../native/pointer-rules/handle/main.go?raw';
import cMallocSource from '../../native/pointer-rules/c-malloc/main.go?raw';
import type { Monaco } from '../editor/monaco.ts';
import type * as MonacoApi from 'monaco-editor/editor/editor.api.js';

type Params = DemoParams<typeof manifest>;
type Result = DemoResult<typeof manifest>;
type Variant = Params['variant'];

const sources: Record<Variant, string> = {
  original: originalSource,
  pinner: pinnerSource,
  handle: handleSource,
  'c-malloc': cMallocSource,
};

/** The one-click choices: the slide's program and the manifest's variants, labelled. */
const choices: Array<{ label: string; variant: Variant; cgocheck2: boolean; title: string }> = [
  { label: 'Go pointer to Go pointer', variant: 'original', cgocheck2: false, title: 'The original: panics' },
  { label: 'runtime.Pinner', variant: 'pinner', cgocheck2: false, title: 'Pin the inner pointer (Go 1.21+)' },
  { label: 'cgo.Handle', variant: 'handle', cgocheck2: false, title: 'Give C a handle, not a pointer (Go 1.17+)' },
  { label: 'C.malloc', variant: 'c-malloc', cgocheck2: false, title: 'A Go pointer stored in C memory: silent by default' },
  { label: 'C.malloc + cgocheck2', variant: 'c-malloc', cgocheck2: true, title: 'The same, built with GOEXPERIMENT=cgocheck2' },
];

const css = `
.demo .ptr { display: flex; flex-direction: column; gap: 8px; height: 100%; }
.demo .ptr-bar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.demo .ptr-bar button { font: inherit; font-size: 19px; cursor: pointer; border-radius: 4px; border: 1px solid var(--demo-border); background: var(--demo-bg-2); color: inherit; padding: 0 8px; }
.demo .ptr-bar button[aria-pressed='true'] { border-color: #ffd600; background: rgba(255, 214, 0, 0.18); }
.demo .ptr-bar .ptr-run { border-color: var(--demo-live); color: var(--demo-live); font-weight: 700; }
.demo .ptr-bar button:disabled { opacity: 0.45; cursor: default; }
.demo .ptr-cols { grid-template-columns: minmax(0, 56fr) minmax(0, 44fr); flex: 1; min-height: 0; }
.demo .ptr-editor { height: 100%; min-height: 0; border-radius: 6px; overflow: hidden; background: #0a0c10; }
.demo .ptr-editor pre { margin: 0; padding: 6px; font-family: var(--demo-mono); font-size: 19px; white-space: pre; overflow: auto; height: 100%; box-sizing: border-box; box-shadow: none; width: auto; }
.demo .ptr-side { display: flex; flex-direction: column; gap: 8px; min-width: 0; }
.demo .ptr-wording { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 4px 10px; font-size: 19px; line-height: 1.25; }
.demo .ptr-wording code { font-family: var(--demo-mono); font-size: 19px; overflow-wrap: anywhere; }
.demo .ptr-wording .now { color: var(--demo-error); }
.demo .ptr-side.stale .ptr-output, .demo .ptr-side.stale .ptr-wording { opacity: 0.55; }
.demo .ptr-stale { color: var(--demo-recorded); font-size: 19px; }
.demo .ptr-diags { margin: 0; padding-left: 1.2em; font-family: var(--demo-mono); font-size: 19px; }
`;

/** focusLineOf is the line the notes talk about: where the program hands C its pointer. */
export function focusLineOf(code: string): number {
  const lines = code.split('\n');
  const call = lines.findIndex((line) => /C\.sum\(|C\.\w+\(\s*b\b/.test(line));
  return call >= 0 ? call + 1 : 1;
}

/** verdictFigure is the headline's figure for a result: the panic, the fatal error, or "ran clean". */
export function verdictFigure(result: Result): string {
  if (result.verdict === 'panic') return result.panic ?? 'panic';
  if (result.verdict === 'fatal') return result.fatal ?? 'fatal error';
  if (result.verdict === 'clean') return 'ran clean';
  return result.verdict === 'killed' ? `killed (${result.signal ?? 'signal'})` : `exit status ${result.exitCode ?? '?'}`;
}

export default defineWidget({
  manifest,
  mount(stage) {
    ensureStyleOnce('stage-pointer-rules', css);
    ensureStyleOnce('stage-code-window', codeWindowCss);
    let variant: Variant = stage.slideParams.variant;
    let cgocheck2 = stage.slideParams.cgocheck2;
    let text = sources[variant];
    let editor: MonacoApi.editor.IStandaloneCodeEditor | undefined;
    let monaco: Monaco | undefined;
    let destroyed = false;
    /** The code the shown output came from (null: no output shown). */
    let shownCode: string | null = null;

    const bar = el('div', 'ptr-bar');
    const editorBox = el('div', 'ptr-editor');
    const printed = createCodeWindow();
    editorBox.append(stage.print ? printed.el : el('pre', undefined, text));
    const wording = el('div', 'ptr-wording');
    const stale = el('div', 'ptr-stale');
    const diags = el('div');
    const output = stage.readerBlock('ptr-output');
    const note = el('div', 'stage-note');
    const side = el('div', 'ptr-side', stale, wording, diags, output.el, note);
    const root = el('div', 'ptr', bar, el('div', 'stage-columns ptr-cols', editorBox, side));
    stage.el.replaceChildren(root);

    const choiceButtons = choices.map((choice) => {
      const b = el('button', undefined, choice.label);
      b.type = 'button';
      b.title = choice.title;
      // The audience sees which variant runs; choosing one would start a run.
      b.disabled = stage.watchOnly;
      b.dataset.variant = choice.variant;
      if (choice.cgocheck2) b.dataset.cgocheck2 = 'true';
      b.addEventListener('click', () => {
        b.blur();
        variant = choice.variant;
        cgocheck2 = choice.cgocheck2;
        setText(sources[variant]);
        markChoice();
        // Live: run it. Static deck: the panel replays this variant's recording.
        run();
      });
      return b;
    });
    const runButton = el('button', 'ptr-run', 'Run ▶');
    runButton.type = 'button';
    runButton.title = stage.canRun ? 'Build and run the code in the editor' : 'Needs the demo server';
    runButton.disabled = !stage.canRun;
    runButton.addEventListener('click', () => {
      runButton.blur();
      run();
    });
    bar.append(...choiceButtons, ...(stage.print || stage.watchOnly ? [] : [runButton]));
    markChoice();
    if (stage.print) showPrinted();

    function markChoice(): void {
      choiceButtons.forEach((b, i) => {
        const c = choices[i];
        b.setAttribute('aria-pressed', String(c !== undefined && c.variant === variant && c.cgocheck2 === cgocheck2));
      });
    }

    /** showPrinted puts the lines the notes talk about on the printed page (there is no editor to scroll). */
    function showPrinted(): void {
      const line = focusLineOf(text);
      void printed.show({ code: text, lang: 'go', file: 'main.go', focus: [{ from: Math.max(1, line - 9), to: line }], context: 0 });
    }

    function currentText(): string {
      return editor?.getValue() ?? text;
    }

    function reveal(): void {
      const line = focusLineOf(currentText());
      editor?.revealLineInCenter(Math.max(1, line - 2));
    }

    function setText(next: string): void {
      text = next;
      const model = editor?.getModel();
      if (editor && model) {
        // An undoable edit, so Ctrl+Z brings back what the reader typed.
        editor.pushUndoStop();
        editor.executeEdits('variant', [{ range: model.getFullModelRange(), text: next }]);
        editor.pushUndoStop();
        reveal();
      } else if (stage.print) {
        showPrinted();
      } else {
        editorBox.replaceChildren(el('pre', undefined, next));
      }
      markStale();
    }

    function markStale(): void {
      const isStale = shownCode !== null && currentText() !== shownCode;
      side.classList.toggle('stale', isStale);
      stale.textContent = isStale ? 'The output below is of the code before your edit: Run to see what this code does.' : '';
    }

    function run(): void {
      const code = currentText();
      const params = { variant, cgocheck2 };
      if (code === sources[variant]) {
        stage.requestRun(params);
        return;
      }
      const check = validateEditedFiles({ 'main.go': code });
      if (!check.ok) {
        diags.replaceChildren(problemBox('bad-request', check.message));
        return;
      }
      stage.requestRun(params, check.files);
    }

    function clearMarkers(): void {
      const model = editor?.getModel();
      if (monaco && model) monaco.editor.setModelMarkers(model, 'go build', []);
    }

    function showDiagnostics(message: string, diagnostics: Diagnostic[]): void {
      diags.replaceChildren(problemBox('build-failed', message), el('ul', 'ptr-diags', ...diagnostics.slice(0, 6).map((d) => el('li', undefined, `main.go:${d.line}${d.column ? `:${d.column}` : ''}: ${d.message}`))));
      const model = editor?.getModel();
      if (!monaco || !model) return;
      const Severity = monaco.MarkerSeverity;
      monaco.editor.setModelMarkers(
        model,
        'go build',
        diagnostics
          .filter((d) => d.file === 'main.go' && d.line >= 1 && d.line <= model.getLineCount())
          .map((d) => {
            const column = Math.max(1, d.column ?? model.getLineFirstNonWhitespaceColumn(d.line));
            // Underline from the column to the end of the word there (or the line's end).
            const word = model.getWordAtPosition({ lineNumber: d.line, column });
            const endColumn = word && word.endColumn > column ? word.endColumn : model.getLineMaxColumn(d.line);
            return {
              startLineNumber: d.line,
              startColumn: column,
              endLineNumber: d.line,
              endColumn: Math.max(endColumn, column + 1),
              message: d.message,
              severity: d.severity === 'warning' ? Severity.Warning : Severity.Error,
              source: 'go build',
            };
          }),
      );
    }

    let outputText = '';
    function appendOutput(chunk: string): void {
      outputText += chunk;
      const lines = outputText.replace(/\n$/, '').split('\n');
      output.set({ title: 'the program’s output', lines, visible: 5, startAt: 0 });
    }

    function showResult(result: Result): void {
      shownCode = currentText();
      root.dataset.verdict = result.verdict;
      const what = result.edited ? 'your edited main.go' : `${result.variant}${result.cgocheck2 ? ' (GOEXPERIMENT=cgocheck2)' : ''}`;
      wording.replaceChildren();
      if (result.verdict === 'panic') {
        // The headline has this Go's wording; beside the code, slide 51's from 2018.
        wording.append(el('span', undefined, 'slide 51, 2018:'), el('code', undefined, result.wording2018));
      } else if (result.verdict === 'fatal' && result.fatalDetail) {
        wording.append(el('span', undefined, result.goVersion), el('code', 'now', result.fatalDetail));
      }
      note.textContent = `built in ${result.buildMs} ms, ran in ${result.runMs} ms with ${result.goVersion}`;
      const clean = result.verdict === 'clean';
      stage.headline.show({
        before: `${what}:`,
        figure: verdictFigure(result),
        tone: clean ? 'good' : 'bad',
        ...(clean && result.variant === 'c-malloc' && !result.cgocheck2 ? { detail: 'Silent, yet still wrong: the default check only looks at call arguments. Try it with cgocheck2.' } : {}),
      });
      stage.headline.el.classList.toggle('stage-headline-long', verdictFigure(result).length > 32);
      markStale();
    }

    // The editor: loaded lazily, once, only when this widget mounts (never in print).
    let unpinScroll: (() => void) | undefined;
    if (!stage.print) {
      void import('../editor/monaco.ts')
        .then(async ({ loadMonaco, EDITOR_THEME, pinAncestorScroll }) => {
          const api = await loadMonaco();
          if (destroyed) return;
          monaco = api;
          editorBox.replaceChildren();
          editor = api.editor.create(editorBox, {
            value: text,
            language: 'go',
            theme: EDITOR_THEME,
            automaticLayout: true,
            minimap: { enabled: false },
            fontSize: 19,
            lineHeight: 25,
            scrollBeyondLastLine: false,
            tabSize: 4,
            insertSpaces: false,
            renderWhitespace: 'none',
            // Long lines wrap: nothing of the code hides past the right edge on a projector.
            wordWrap: 'on',
            fixedOverflowWidgets: true,
            // The audience reads the speaker's code; only the speaker edits and runs it.
            readOnly: stage.watchOnly,
          });
          editor.onDidChangeModelContent(() => markStale());
          reveal();
          // Keys typed in the editor belong to the editor, not to Reveal's shortcuts; Esc
          // leaves it and gives the keys back to the deck (a clicker must never be stuck).
          editorBox.addEventListener('keydown', (event) => {
            if (event.key === 'Escape') {
              (document.activeElement as HTMLElement | null)?.blur();
              event.preventDefault();
            }
            event.stopPropagation();
          });
          unpinScroll = pinAncestorScroll(editorBox);
          root.dataset.editor = 'ready';
        })
        .catch((err: unknown) => {
          root.dataset.editor = 'failed';
          note.textContent = `The editor did not load (${err instanceof Error ? err.message : String(err)}); the code is shown read-only.`;
        });
    }

    return {
      reset(run) {
        delete root.dataset.verdict;
        wording.replaceChildren();
        diags.replaceChildren();
        outputText = '';
        output.clear();
        note.textContent = '';
        shownCode = null;
        markStale();
        clearMarkers();
        // A run someone else started (or a variant's recording) says which variant it ran;
        // follow it while the reader has not edited the code.
        if (currentText() === sources[variant]) {
          variant = run.params.variant;
          cgocheck2 = run.params.cgocheck2;
          if (currentText() !== sources[variant]) setText(sources[variant]);
          markChoice();
        }
      },
      onEvent(event: RunEvent) {
        if (event.type === 'stdout' || event.type === 'stderr') appendOutput(event.text);
      },
      onProblem(event: ErrorEvent) {
        // Compiler messages go on the editor's lines (and beside it), not in a log box.
        if (!event.diagnostics?.length) return false;
        showDiagnostics(event.message, event.diagnostics);
        return true;
      },
      onResult(result) {
        showResult(result);
      },
      run,
      destroy() {
        destroyed = true;
        unpinScroll?.();
        editor?.getModel()?.dispose();
        editor?.dispose();
      },
    };
  },
});
