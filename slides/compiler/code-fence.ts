/**
 * Code fence options: the info string after ``` (`go {file="x.go" steps="3|5-7" numbers}`)
 * and the `steps` walk-through syntax. Pure.
 *
 * Info string: a language, then options either in braces or bare:
 *   file="name"   a file-name tab above the code
 *   numbers       line numbers (numbers=12 starts counting at 12)
 *   steps="…"     `|`-separated steps; each is `all` or a comma list of lines and ranges
 *                 (`3`, `5-7`, `1,4-5`), 1-based lines of the block
 *   class="a b"   extra classes on the block (e.g. `dense` for long listings)
 */
import { splitWords } from './parse-section.ts';

/** FenceOptions are a fence's parsed info string. */
export interface FenceOptions {
  lang: string;
  file?: string;
  /** First line number when numbered; undefined when not. */
  numbersFrom?: number;
  steps?: string;
  classes: string[];
}

/** parseFenceInfo reads a fence info string; throws an Error with a plain message on bad input. */
export function parseFenceInfo(info: string): FenceOptions {
  const trimmed = info.trim();
  const match = /^([^\s{]*)\s*(.*)$/s.exec(trimmed);
  const lang = (match?.[1] ?? '').toLowerCase();
  let rest = (match?.[2] ?? '').trim();
  if (rest.startsWith('{')) {
    if (!rest.endsWith('}')) throw new Error(`code fence options must close with "}": ${rest}`);
    rest = rest.slice(1, -1);
  }
  const words = splitWords(rest);
  if (words === null) throw new Error(`code fence options have an unclosed quote: ${rest}`);
  const options: FenceOptions = { lang, classes: [] };
  for (const word of words) {
    const eq = word.indexOf('=');
    const key = eq < 0 ? word : word.slice(0, eq);
    const value = eq < 0 ? undefined : word.slice(eq + 1);
    if (key === 'numbers' || key === 'lines') {
      const from = value === undefined ? 1 : Number(value);
      if (!Number.isInteger(from) || from < 0) throw new Error(`numbers=${value}: expected a line number`);
      options.numbersFrom = from;
    } else if (key === 'file' && value !== undefined && value !== '') {
      options.file = value;
    } else if (key === 'steps' && value !== undefined && value !== '') {
      options.steps = value;
    } else if (key === 'class' && value !== undefined) {
      options.classes.push(...value.split(/[\s,]+/).filter((c) => c !== ''));
    } else {
      throw new Error(`unknown code fence option "${word}" (known: file="…", numbers, steps="…", class="…")`);
    }
  }
  return options;
}

/** CodeStep is one step of a walk-through: the lines in focus, or null for "all". */
export type CodeStep = number[] | null;

/**
 * parseSteps reads `3|5-7|all` for a block of `lineCount` lines into one entry per step.
 * Throws an Error naming the bad part (a line out of range, a backwards range, junk).
 */
export function parseSteps(spec: string, lineCount: number): CodeStep[] {
  const steps: CodeStep[] = [];
  for (const rawStep of spec.split('|')) {
    const step = rawStep.trim();
    if (step === '') throw new Error(`steps="${spec}": empty step (two "|" in a row?)`);
    if (step === 'all' || step === '*') {
      steps.push(null);
      continue;
    }
    const lines = new Set<number>();
    for (const rawPart of step.split(',')) {
      const part = rawPart.trim();
      const range = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
      if (!range?.[1]) throw new Error(`steps="${spec}": "${part}" is not a line or a range like 5-7`);
      const from = Number(range[1]);
      const to = range[2] === undefined ? from : Number(range[2]);
      if (to < from) throw new Error(`steps="${spec}": range ${part} runs backwards`);
      if (from < 1 || to > lineCount) {
        throw new Error(`steps="${spec}": line ${from < 1 ? from : to} is outside the block (lines 1–${lineCount})`);
      }
      for (let n = from; n <= to; n++) lines.add(n);
    }
    steps.push([...lines].sort((a, b) => a - b));
  }
  return steps;
}

/** formatStepLines writes a step's lines compactly (`3,5-7`) for the data-lines attribute. */
export function formatStepLines(step: CodeStep): string {
  if (step === null) return 'all';
  const parts: string[] = [];
  let start = step[0];
  let prev = start;
  for (const n of [...step.slice(1), Number.NaN]) {
    if (start === undefined || prev === undefined) break;
    if (n === prev + 1) {
      prev = n;
      continue;
    }
    parts.push(start === prev ? String(start) : `${start}-${prev}`);
    start = n;
    prev = n;
  }
  return parts.join(',');
}
