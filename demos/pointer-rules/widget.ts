/**
 * pointer-rules widget: the Go + C program of slides 45–51 in a Monaco editor (loaded
 * lazily, only here), with the variants one click away, Run and Reset. What the program
 * did is shown beside the editor: the installed Go's panic next to the 2018 wording of
 * slide 51, a clean run, or the runtime's fatal error; compile errors become editor
 * markers on the lines go build named.
 *
 * The variant sources are the committed programs in native/pointer-rules/ (imported as
 * text), so the editor and the server run the same bytes. Unchanged code is sent as a
 * variant name (it matches the recordings); edited code is sent as `main.go`.
 */
import type { Diagnostic, JsonValue, RunEvent, RunParams } from '../protocol.ts';
import type { CreateWidget, DemoWidget } from '../client/widget-contract.ts';
import { el, ensureStyleOnce, problemBox, sharedWidgetCss } from '../go-shared/dom.ts';
import { WORDING_2018, validateEditedFiles } from './edited-code.ts';
import originalSource from '../../native/pointer-rules/original/main.go?raw';
import pinnerSource from '../../native/pointer-rules/pinner/main.go?raw';
import handleSource from '../../native/pointer-rules/handle/main.go?raw';
import cMallocSource from '../../native/pointer-rules/c-malloc/main.go?raw';
import type { Monaco } from '../editor/monaco.ts';
import type * as MonacoApi from 'monaco-editor/editor/editor.api.js';

type Variant = 'original' | 'pinner' | 'handle' | 'c-malloc';

const sources: Record<Variant, string> = {
  original: originalSource,
  pinner: pinnerSource,
  handle: handleSource,
  'c-malloc': cMallocSource,
};

/** The one-click choices: a variant, and whether it is built with cgocheck2. */
const choices: Array<{ label: string; variant: Variant; cgocheck2: boolean; title: string }> = [
  { label: 'Go pointer to Go pointer', variant: 'original', cgocheck2: false, title: 'The original: panics' },
  { label: 'runtime.Pinner', variant: 'pinner', cgocheck2: false, title: 'Pin the inner pointer (Go 1.21+)' },
  { label: 'cgo.Handle', variant: 'handle', cgocheck2: false, title: 'Give C a handle, not a pointer (Go 1.17+)' },
  { label: 'C.malloc', variant: 'c-malloc', cgocheck2: false, title: 'A Go pointer stored in C memory: silent by default' },
  { label: 'C.malloc + cgocheck2', variant: 'c-malloc', cgocheck2: true, title: 'The same, built with GOEXPERIMENT=cgocheck2' },
];

const css = `
.r34-ptr .ptr-bar { display: flex; flex-wrap: wrap; gap: 0.4em; align-items: center; }
.r34-ptr .ptr-bar button { font: inherit; cursor: pointer; border-radius: 4px; border: 1px solid rgba(255,255,255,0.35); background: rgba(255,255,255,0.06); color: inherit; padding: 0.1em 0.55em; }
.r34-ptr .ptr-bar button[aria-pressed="true"] { border-color: #ffd600; background: rgba(255,214,0,0.18); }
.r34-ptr .ptr-bar .ptr-run { border-color: #7ee787; background: rgba(126,231,135,0.15); font-weight: bold; }
.r34-ptr .ptr-bar button:disabled { opacity: 0.45; cursor: not-allowed; }
.r34-ptr .ptr-grid { display: grid; grid-template-columns: 3fr 2fr; gap: 0.6em; }
.r34-ptr .ptr-side { height: 20em; overflow: auto; box-sizing: border-box; }
.r34-ptr .ptr-editor { height: 20em; border-radius: 6px; overflow: hidden; background: #0a0c10; text-align: left; }
.r34-ptr .ptr-editor pre { margin: 0; padding: 0.5em; font-size: 0.9em; white-space: pre; overflow: auto; height: 100%; }
.r34-ptr .ptr-verdict { white-space: pre-wrap; }
.r34-ptr .ptr-verdict.panic, .r34-ptr .ptr-verdict.fatal { border-left: 4px solid #ff6a69; padding-left: 0.5em; }
.r34-ptr .ptr-verdict.clean { border-left: 4px solid #7ee787; padding-left: 0.5em; }
.r34-ptr .ptr-wording { display: grid; grid-template-columns: auto 1fr; gap: 0.2em 0.6em; margin-top: 0.4em; }
.r34-ptr .ptr-wording code { white-space: pre-wrap; word-break: break-word; }
.r34-ptr .ptr-wording .now { color: #ff6a69; }
.r34-ptr .ptr-output { max-height: 9em; overflow: auto; margin: 0.3em 0 0; font-size: 0.85em; white-space: pre-wrap; }
.r34-ptr .ptr-diags { margin: 0.3em 0 0; padding-left: 1.2em; }
`;

/** maxOutputChars bounds the output pane; the server caps what it sends anyway. */
const maxOutputChars = 8000;

const createWidget: CreateWidget = (host): DemoWidget => {
  ensureStyleOnce('r12-shared', sharedWidgetCss);
  ensureStyleOnce('r34-ptr', css);

  let variant: Variant = isVariant(host.params.variant) ? host.params.variant : 'original';
  let cgocheck2 = host.params.cgocheck2 === true;
  let text = sources[variant];
  let editor: MonacoApi.editor.IStandaloneCodeEditor | undefined;
  let monaco: Monaco | undefined;
  let destroyed = false;

  const bar = el('div', 'ptr-bar');
  const status = el('div', 'r12-status');
  const editorBox = el('div', 'ptr-editor');
  const plain = el('pre', 'r12-mono', text);
  editorBox.append(plain);
  const verdict = el('div', 'ptr-verdict');
  const problems = el('div');
  const output = el('pre', 'ptr-output r12-mono');
  const note = el('div', 'r12-note');
  const root = el(
    'div',
    'r12 r34-ptr',
    bar,
    status,
    // The side column has the editor's height and scrolls: a long panic or build log must
    // not push the editor off the slide.
    el('div', 'ptr-grid', editorBox, el('div', 'r12-panel ptr-side', verdict, problems, output, note)),
  );
  host.el.replaceChildren(root);

  const choiceButtons = choices.map((choice) => {
    const b = el('button', undefined, choice.label);
    b.title = choice.title;
    b.dataset.variant = choice.variant;
    if (choice.cgocheck2) b.dataset.cgocheck2 = 'true';
    b.addEventListener('click', () => {
      b.blur();
      variant = choice.variant;
      cgocheck2 = choice.cgocheck2;
      setText(sources[variant]);
      markChoice();
      if (host.canRun) run();
    });
    return b;
  });
  const runButton = el('button', 'ptr-run', 'Run ▶');
  runButton.title = host.canRun ? 'Build and run the code in the editor' : 'Needs the demo server';
  runButton.disabled = !host.canRun;
  runButton.addEventListener('click', () => {
    runButton.blur();
    run();
  });
  const resetButton = el('button', 'ptr-reset', 'Reset');
  resetButton.title = 'Restore the original program';
  resetButton.addEventListener('click', () => {
    resetButton.blur();
    variant = 'original';
    cgocheck2 = false;
    setText(sources.original);
    clearMarkers();
    markChoice();
  });
  bar.append(...choiceButtons, runButton, resetButton);
  markChoice();
  if (!host.canRun) note.textContent = 'Editing works here; running needs the demo server (npm start).';

  function markChoice(): void {
    for (const [i, b] of choiceButtons.entries()) {
      const c = choices[i];
      b.setAttribute('aria-pressed', String(c !== undefined && c.variant === variant && c.cgocheck2 === cgocheck2));
    }
  }

  function currentText(): string {
    return editor?.getValue() ?? text;
  }

  function setText(next: string): void {
    text = next;
    const model = editor?.getModel();
    if (editor && model) {
      // An undoable edit, so Ctrl+Z brings back what the reader typed.
      editor.pushUndoStop();
      editor.executeEdits('variant', [{ range: model.getFullModelRange(), text: next }]);
      editor.pushUndoStop();
      editor.setScrollTop(0);
    } else {
      plain.textContent = next;
    }
  }

  function run(): void {
    const code = currentText();
    const params: RunParams = { variant, cgocheck2 };
    if (code === sources[variant]) {
      host.requestRun(params);
      return;
    }
    const check = validateEditedFiles({ 'main.go': code });
    if (!check.ok) {
      problems.replaceChildren(problemBox('bad-request', check.message));
      return;
    }
    host.requestRun(params, check.files);
  }

  function clearMarkers(): void {
    const model = editor?.getModel();
    if (monaco && model) monaco.editor.setModelMarkers(model, 'go build', []);
  }

  function showDiagnostics(diagnostics: Diagnostic[]): void {
    const list = el('ul', 'ptr-diags r12-mono');
    for (const d of diagnostics.slice(0, 12)) list.append(el('li', undefined, `main.go:${d.line}${d.column ? `:${d.column}` : ''}: ${d.message}`));
    problems.append(list);
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

  function appendOutput(chunk: string): void {
    if (output.textContent && output.textContent.length > maxOutputChars) return;
    output.textContent = (output.textContent ?? '') + chunk;
    if (output.textContent.length > maxOutputChars) output.textContent = `${output.textContent.slice(0, maxOutputChars)}\n… (more output not shown)`;
    output.scrollTop = output.scrollHeight;
  }

  function showResult(data: { [key: string]: JsonValue }): void {
    const goVersion = String(data.goVersion ?? 'this Go');
    const what = data.edited === true ? 'your edited main.go' : `${String(data.variant)}${data.cgocheck2 === true ? ' (GOEXPERIMENT=cgocheck2)' : ''}`;
    verdict.className = `ptr-verdict ${String(data.verdict)}`;
    verdict.dataset.verdict = String(data.verdict);
    if (data.verdict === 'panic') {
      verdict.replaceChildren(
        el('strong', undefined, `${what} panicked, as the rules say it must.`),
        el(
          'div',
          'ptr-wording',
          el('span', undefined, 'slide 51 (2018, Go ≤ 1.20)'),
          el('code', undefined, WORDING_2018),
          el('span', undefined, `${goVersion}, this run`),
          el('code', 'now', String(data.panic ?? '')),
        ),
      );
    } else if (data.verdict === 'fatal') {
      verdict.replaceChildren(
        el('strong', undefined, `${what}: the runtime stopped the program.`),
        el('div', 'ptr-wording', el('span', undefined, goVersion), el('code', 'now', `${data.fatalDetail ? `${String(data.fatalDetail)}\n` : ''}${String(data.fatal ?? '')}`)),
      );
    } else if (data.verdict === 'clean') {
      verdict.replaceChildren(
        el('strong', undefined, `${what} ran clean`),
        data.variant === 'c-malloc' && data.cgocheck2 !== true
          ? el('div', 'r12-note', 'Silent, yet still wrong: the default check only looks at call arguments. Try it with cgocheck2.')
          : '',
        el('code', undefined, String(data.stdout ?? '').trim()),
      );
    } else {
      verdict.replaceChildren(el('strong', undefined, `${what} exited with ${String(data.exitCode ?? data.signal)}`));
    }
    note.textContent = `built in ${String(data.buildMs)} ms, ran in ${String(data.runMs)} ms with ${goVersion}`;
  }

  // The editor: loaded lazily, once, only when this widget mounts.
  let unpinScroll: (() => void) | undefined;
  void import('../editor/monaco.ts').then(async ({ loadMonaco, EDITOR_THEME, pinAncestorScroll }) => {
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
      fontSize: 15,
      scrollBeyondLastLine: false,
      tabSize: 4,
      insertSpaces: false,
      renderWhitespace: 'none',
      fixedOverflowWidgets: true,
    });
    // Keys typed in the editor belong to the editor, not to Reveal's shortcuts.
    editorBox.addEventListener('keydown', (e) => e.stopPropagation());
    unpinScroll = pinAncestorScroll(editorBox);
    root.dataset.editor = 'ready';
  }).catch((err: unknown) => {
    root.dataset.editor = 'failed';
    status.textContent = `The editor did not load (${err instanceof Error ? err.message : String(err)}); the code is shown read-only.`;
  });

  return {
    reset(_source, params) {
      verdict.replaceChildren();
      verdict.className = 'ptr-verdict';
      delete verdict.dataset.verdict;
      problems.replaceChildren();
      output.textContent = '';
      status.textContent = '';
      if (host.canRun) note.textContent = '';
      clearMarkers();
      // A run someone else started (or the recording) says which variant it ran; follow
      // it while the reader has not edited the code.
      if (isVariant(params.variant) && currentText() === sources[variant]) {
        variant = params.variant;
        cgocheck2 = params.cgocheck2 === true;
        if (currentText() !== sources[variant]) setText(sources[variant]);
        markChoice();
      }
    },
    onEvent(event: RunEvent) {
      switch (event.type) {
        case 'status':
          status.textContent = event.message;
          break;
        case 'stdout':
        case 'stderr':
          appendOutput(event.text);
          break;
        case 'result':
          showResult(event.data);
          break;
        case 'error':
          problems.append(problemBox(event.code, event.message, event.diagnostics?.length ? undefined : event.detail));
          if (event.diagnostics?.length) showDiagnostics(event.diagnostics);
          break;
        default:
          break;
      }
    },
    run,
    destroy() {
      destroyed = true;
      unpinScroll?.();
      editor?.getModel()?.dispose();
      editor?.dispose();
      host.el.replaceChildren();
    },
  };
};

function isVariant(v: unknown): v is Variant {
  return v === 'original' || v === 'pinner' || v === 'handle' || v === 'c-malloc';
}

export default createWidget;
