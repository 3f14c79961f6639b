/**
 * Finding functions in the Go runtime's sources by name, with the lines that matter for
 * the talk. Pure: the runner reads the files, this only searches text. Nothing here
 * assumes line numbers: the runtime changes between releases, so every range is found
 * in the installed source.
 */

/** SourceFocus marks lines (1-based, inclusive, numbered as in the file) worth looking at. */
export type SourceFocus = { from: number; to: number; label: string };

/** SourceExcerpt is one function cut out of a file. */
export type SourceExcerpt = {
  file: string;
  symbol: string;
  /** First line of `code` in the file (1-based). */
  startLine: number;
  endLine: number;
  code: string;
  lang: 'go' | 'asm';
  focus: SourceFocus[];
};

/** leadingComment walks up from `index` over the `//` comment lines right above it. */
function leadingComment(lines: string[], index: number): number {
  let start = index;
  while (start > 0 && /^\s*\/\//.test(lines[start - 1] ?? '')) start--;
  return start;
}

/**
 * extractGoFunc cuts `func <name>(` (with its doc comment) up to the first line that is
 * a lone `}` at column 0, gofmt's end of a top-level function.
 */
export function extractGoFunc(content: string, name: string, file: string): SourceExcerpt | undefined {
  const lines = content.split('\n');
  const at = lines.findIndex((l) => l.startsWith(`func ${name}(`));
  if (at < 0) return undefined;
  const end = lines.findIndex((l, i) => i > at && l === '}');
  if (end < 0) return undefined;
  const start = leadingComment(lines, at);
  return { file, symbol: `runtime.${name}`, startLine: start + 1, endLine: end + 1, code: lines.slice(start, end + 1).join('\n'), lang: 'go', focus: [] };
}

/**
 * extractAsmText cuts `TEXT ·<name>(SB)` (with its comment) up to the line before the
 * next `TEXT`, dropping the blank and comment lines that belong to the next symbol.
 */
export function extractAsmText(content: string, name: string, file: string): SourceExcerpt | undefined {
  const lines = content.split('\n');
  const head = new RegExp(`^TEXT\\s+(?:runtime)?·${name}\\(SB\\)`);
  const at = lines.findIndex((l) => head.test(l));
  if (at < 0) return undefined;
  let next = lines.findIndex((l, i) => i > at && /^TEXT\s/.test(l));
  if (next < 0) next = lines.length;
  let end = next - 1;
  while (end > at && /^\s*(\/\/.*)?$/.test(lines[end] ?? '')) end--;
  const start = leadingComment(lines, at);
  return { file, symbol: `runtime.${name}`, startLine: start + 1, endLine: end + 1, code: lines.slice(start, end + 1).join('\n'), lang: 'asm', focus: [] };
}

/** FocusRule finds one line in an excerpt by pattern. */
export type FocusRule = { pattern: RegExp; label: string };

/** applyFocus marks the first line matching each rule (in file numbering); rules that match nothing are skipped. */
export function applyFocus(excerpt: SourceExcerpt, rules: FocusRule[]): SourceExcerpt {
  const lines = excerpt.code.split('\n');
  const focus: SourceFocus[] = [];
  for (const rule of rules) {
    const i = lines.findIndex((l) => rule.pattern.test(l));
    if (i >= 0) focus.push({ from: excerpt.startLine + i, to: excerpt.startLine + i, label: rule.label });
  }
  focus.sort((a, b) => a.from - b.from);
  return { ...excerpt, focus };
}

/** cgocallRules are the steps of runtime.cgocall the talk walks through (slides 19–22). */
export const cgocallRules: FocusRule[] = [
  { pattern: /^\s*entersyscall\(\)/, label: 'entersyscall: tell the scheduler this M is leaving Go' },
  { pattern: /asmcgocall\(fn, arg\)/, label: 'asmcgocall: switch stacks and call the C trampoline' },
  { pattern: /^\s*exitsyscall\(\)/, label: 'exitsyscall: come back, maybe wait for a P' },
];

/** asmcgocallRules are the lines of asmcgocall that change stacks and call C. */
export const asmcgocallRules: FocusRule[] = [
  { pattern: /MOVQ\s+m_g0\(R8\),\s*SI/, label: 'find this thread’s g0 (the system stack)' },
  { pattern: /MOVQ\s+\(g_sched\+gobuf_sp\)\(SI\),\s*SP/, label: 'switch SP to the g0 (pthread) stack' },
  { pattern: /ANDQ\s+\$~15,\s*SP/, label: 'align the stack for the C ABI' },
  { pattern: /CALL\s+(runtime)?·asmcgocall_landingpad|CALL\s+AX/, label: 'call the C trampoline' },
  { pattern: /MOVQ\s+SI,\s*SP/, label: 'back to the goroutine stack' },
];

/** landingpadRules mark where the C function is finally entered. */
export const landingpadRules: FocusRule[] = [
  { pattern: /MOVQ\s+BX,\s*DI/, label: 'the argument frame pointer goes in DI: the C ABI’s first argument' },
  { pattern: /JMP\s+AX/, label: 'tail-call the trampoline _cgo_…_Cfunc_…' },
];
