/**
 * Parsing what `go build -x -work` prints and what it leaves in `$WORK/b001/`.
 * Pure: no I/O, so the runner, the widget and the unit tests share one reading.
 *
 * `go build -x` prints, on stderr, one shell-like line per action (`WORK=…` first), with
 * here-documents (`cat >… << 'EOF'` … `EOF`) for the files it writes itself, and
 * `# internal` at the end of the lines it carries out inside the go command rather than
 * by running a program.
 */

/** BuildStep groups a build command by the tool it runs. */
export type BuildStep = 'cgo' | 'gcc' | 'compile' | 'link' | 'pack' | 'other';

/** BuildCommand is one action line of `go build -x`, classified. */
export interface BuildCommand {
  step: BuildStep;
  /** The line as printed (here-document bodies folded into one line). */
  text: string;
  /** Whether the go command did it itself (`# internal`) instead of running a tool. */
  internal: boolean;
}

/** BuildLogReader turns `go build -x` stderr lines into commands, one line at a time. */
export interface BuildLogReader {
  /** Feeds one line; returns the command it completes, if any. */
  push(line: string): BuildCommand | undefined;
  /** The `$WORK` directory, once the first line has named it. */
  readonly workDir: string | undefined;
}

/**
 * classifyCommand says which tool a `go build -x` line runs. Leading `VAR='value'`
 * assignments (`TERM='dumb' gcc …`) are skipped; the C compiler is whatever `$CC` is
 * (gcc, cc, clang), recognised by name.
 */
export function classifyCommand(line: string): BuildStep {
  const words = line.trim().split(/\s+/);
  let i = 0;
  while (i < words.length && /^[A-Z_][A-Z0-9_]*=/.test(words[i] ?? '')) i++;
  const program = words[i] ?? '';
  const base = program.slice(program.lastIndexOf('/') + 1);
  if (base === 'cgo') return 'cgo';
  if (/^(gcc|cc|clang|[\w.-]+-gcc)(-\d+)?$/.test(base)) return 'gcc';
  if (base === 'compile') return 'compile';
  if (base === 'link') return 'link';
  if (base === 'go' && words[i + 1] === 'tool') {
    const tool = words[i + 2] ?? '';
    if (tool === 'pack') return 'pack';
    if (tool === 'cgo') return 'cgo';
    if (tool === 'compile') return 'compile';
    if (tool === 'link') return 'link';
    return 'other';
  }
  if (base === 'pack') return 'pack';
  return 'other';
}

/** createBuildLogReader starts reading one build's stderr. */
export function createBuildLogReader(): BuildLogReader {
  let workDir: string | undefined;
  let heredoc: { head: string; lines: number } | undefined;
  return {
    get workDir() {
      return workDir;
    },
    push(raw: string): BuildCommand | undefined {
      const line = raw.replace(/\r$/, '');
      if (heredoc) {
        if (line === 'EOF') {
          const done = heredoc;
          heredoc = undefined;
          return {
            step: 'other',
            text: `${done.head} (${done.lines} line${done.lines === 1 ? '' : 's'})`,
            internal: /#\s*internal\s*$/.test(done.head),
          };
        }
        heredoc.lines++;
        return undefined;
      }
      if (workDir === undefined) {
        const m = /^WORK=(.+)$/.exec(line);
        if (m) {
          workDir = m[1];
          return undefined;
        }
      }
      if (/<<\s*'EOF'/.test(line)) {
        heredoc = { head: line, lines: 0 };
        return undefined;
      }
      if (line.trim() === '') return undefined;
      return { step: classifyCommand(line), text: line, internal: /#\s*internal\s*$/.test(line) };
    },
  };
}

/** FocusRange marks lines (1-based, inclusive) of a generated file worth looking at. */
export type FocusRange = {
  from: number;
  to: number;
  label: string;
};

/**
 * findLine returns the 1-based number of the first line (at or after `fromLine`) that
 * matches, or undefined. Focus lines are always searched in the real generated text,
 * never assumed, because cgo's output changes between Go releases.
 */
export function findLine(content: string, pattern: RegExp, fromLine = 1): number | undefined {
  const lines = content.split('\n');
  for (let i = Math.max(0, fromLine - 1); i < lines.length; i++) {
    if (pattern.test(lines[i] ?? '')) return i + 1;
  }
  return undefined;
}

/**
 * focusCgo1 finds, in `<file>.cgo1.go`, the call cgo rewrote: `C.<fn>(…)` became
 * `_Cfunc_<fn>(…)`.
 */
export function focusCgo1(content: string, cFunction: string): FocusRange[] {
  const line = findLine(content, new RegExp(`_Cfunc_${cFunction}\\b`));
  return line === undefined ? [] : [{ from: line, to: line, label: `C.${cFunction} rewritten to _Cfunc_${cFunction}` }];
}

/**
 * focusGotypes finds, in `_cgo_gotypes.go`, the linkname that binds
 * `_cgo_runtime_cgocall` to `runtime.cgocall`, the `_Cfunc_<fn>` wrapper, and its call
 * of `_cgo_runtime_cgocall` with the address of its first argument (the argument frame).
 */
export function focusGotypes(content: string, cFunction: string): FocusRange[] {
  const ranges: FocusRange[] = [];
  const link = findLine(content, /go:linkname\s+_cgo_runtime_cgocall\s+runtime\.cgocall/);
  if (link !== undefined) ranges.push({ from: link, to: link, label: '_cgo_runtime_cgocall is runtime.cgocall' });
  const wrapper = findLine(content, new RegExp(`^func _Cfunc_${cFunction}\\(`));
  if (wrapper !== undefined) {
    ranges.push({ from: wrapper, to: wrapper, label: `the Go wrapper _Cfunc_${cFunction}` });
    const call = findLine(content, /_cgo_runtime_cgocall\(/, wrapper);
    if (call !== undefined) ranges.push({ from: call, to: call, label: 'runtime.cgocall(trampoline, &argument frame)' });
  }
  return ranges;
}

/**
 * focusCgo2 finds, in `<file>.cgo2.c`, the trampoline `_cgo_<hash>_Cfunc_<fn>(void *v)`,
 * the packed struct it casts `v` to, and the call of the real C function with the
 * unpacked arguments.
 */
export function focusCgo2(content: string, cFunction: string): FocusRange[] {
  const ranges: FocusRange[] = [];
  const head = findLine(content, new RegExp(`^_cgo_\\w+_Cfunc_${cFunction}\\(void \\*v\\)`));
  if (head === undefined) return ranges;
  ranges.push({ from: head, to: head, label: 'the trampoline: one void* argument' });
  const structStart = findLine(content, /^\s*struct \{/, head);
  const structEnd = findLine(content, /\*_cgo_a = v;/, head);
  if (structStart !== undefined && structEnd !== undefined) {
    ranges.push({ from: structStart, to: structEnd, label: 'v is a packed struct: the arguments, then the result' });
  }
  const call = findLine(content, new RegExp(`\\b${cFunction}\\(_cgo_a->`), head);
  if (call !== undefined) ranges.push({ from: call, to: call, label: `the real ${cFunction}, called the C way` });
  const store = findLine(content, /_cgo_a->r = /, head);
  if (store !== undefined) ranges.push({ from: store, to: store, label: 'the result written back into the frame' });
  return ranges;
}

/** GeneratedFileKind says what a file in `$WORK/b001/` is, for the file list. */
export type GeneratedFileKind = 'go' | 'c' | 'header' | 'object' | 'archive' | 'config' | 'other';

/** describeWorkFile gives a file in `$WORK/b001/` its kind and the job it does in a cgo build. */
export function describeWorkFile(name: string): { kind: GeneratedFileKind; role: string } {
  if (name.endsWith('.cgo1.go')) return { kind: 'go', role: 'your Go file, C.x calls rewritten to _Cfunc_x' };
  if (name === '_cgo_gotypes.go') return { kind: 'go', role: 'Go wrappers _Cfunc_x and C types' };
  if (name === '_cgo_import.go') return { kind: 'go', role: 'dynamic imports found by cgo -dynimport' };
  if (name.endsWith('.cgo2.c')) return { kind: 'c', role: 'your preamble + the C trampolines' };
  if (name === '_cgo_export.c') return { kind: 'c', role: 'C side of //export functions' };
  if (name === '_cgo_main.c') return { kind: 'c', role: 'stub main, only to link _cgo_.o' };
  if (name.endsWith('.h')) return { kind: 'header', role: 'header for C code calling //export functions' };
  if (name === '_cgo_.o') return { kind: 'object', role: 'test link, read by cgo -dynimport' };
  if (name.endsWith('.o')) return { kind: 'object', role: 'compiled C' };
  if (name.endsWith('.a')) return { kind: 'archive', role: 'the compiled package (Go + C objects)' };
  if (name.startsWith('importcfg') || name === '_cgo_flags') return { kind: 'config', role: 'build configuration' };
  return { kind: 'other', role: '' };
}

/**
 * summarizeCommand shortens one `go build -x` command for a line on a slide: the
 * environment assignments before the program go, the program is named by its base name,
 * and what it writes (`-o file`) or the file it works on is kept:
 * `TERM='dumb' gcc -I … -o ./_x001.o -c add.cgo2.c` → `gcc -o _x001.o … add.cgo2.c`.
 * The whole command stays available (the reader view shows it).
 */
export function summarizeCommand(text: string): string {
  const words = text.trim().split(/\s+/);
  let i = 0;
  while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i] ?? '')) i++;
  const program = (words[i] ?? '').split('/').pop() ?? '';
  const args = words.slice(i + 1);
  const base = (path: string): string => path.replace(/^"|"$/g, '').split('/').filter(Boolean).pop() ?? path;
  const out = args.indexOf('-o');
  const output = out >= 0 && args[out + 1] ? `-o ${base(args[out + 1]!)}` : '';
  const last = args.at(-1);
  const input = last && !last.startsWith('-') && (out < 0 || last !== args[out + 1]) ? base(last) : '';
  const parts = [program, output, args.length > (output ? 2 : 0) + (input ? 1 : 0) ? '…' : '', input].filter(Boolean);
  return parts.join(' ');
}
