/**
 * The pure rules of the editable pointer-rules demo, shared by the server's runner (which
 * enforces them) and the browser's editor (which checks before sending, so a reader gets
 * the same answer without a round trip). No I/O, no `node:` imports.
 *
 * - Which edited files are accepted, and how big (validateEditedFiles).
 * - How `go build` output becomes editor diagnostics (parseGoBuildDiagnostics): Go's
 *   compiler writes `./main.go:26:25: undefined: x`; gcc, compiling the cgo preamble,
 *   writes `./main.go:17:9: error: expected ';' …` with lines already mapped back to
 *   main.go by cgo's `#line` directives.
 * - How a finished program's stderr reads (classifyProgramExit): a Go panic, a runtime
 *   fatal error, a clean exit.
 */
import type { Diagnostic } from '../protocol.ts';

/** EDITABLE_FILES are the only file names a client may send: the program is one file. */
export const EDITABLE_FILES: readonly string[] = ['main.go'];

/**
 * MAX_EDITED_FILE_BYTES caps one edited file (UTF-8 bytes). The programs on the slides are
 * about 1 KiB; 64 KiB leaves room for experiments while keeping a request, the build log
 * and the temp dir small.
 */
export const MAX_EDITED_FILE_BYTES = 64 * 1024;

/** WORDING_2018 is slide 51's panic, as Go printed it up to Go 1.20. */
export const WORDING_2018 = 'panic: runtime error: cgo argument has Go pointer to Go pointer';

/** EditedFilesCheck is the answer of validateEditedFiles. */
export type EditedFilesCheck =
  | { ok: true; files: Record<string, string> }
  | { ok: false; message: string };

/**
 * validateEditedFiles accepts only known file names (so a client cannot write go.mod,
 * a .s, .c or .syso file that changes what `go build` does, nor any path), only text
 * (no NUL byte: a binary blob is not a program to show in an editor), and only files up to
 * MAX_EDITED_FILE_BYTES.
 */
export function validateEditedFiles(files: unknown): EditedFilesCheck {
  if (files === null || typeof files !== 'object' || Array.isArray(files)) {
    return { ok: false, message: 'files must be an object mapping a file name to its text' };
  }
  const entries = Object.entries(files as Record<string, unknown>);
  const accepted: Record<string, string> = {};
  for (const [name, text] of entries) {
    if (!EDITABLE_FILES.includes(name)) {
      return { ok: false, message: `file "${name.slice(0, 80)}" is not editable here (allowed: ${EDITABLE_FILES.join(', ')})` };
    }
    if (typeof text !== 'string') return { ok: false, message: `${name} must be text` };
    if (text.includes('\u0000')) return { ok: false, message: `${name} contains a NUL byte: binary files are refused` };
    const sizeBytes = new TextEncoder().encode(text).length;
    if (sizeBytes > MAX_EDITED_FILE_BYTES) {
      return { ok: false, message: `${name} is ${sizeBytes} bytes; the limit is ${MAX_EDITED_FILE_BYTES} bytes` };
    }
    accepted[name] = text;
  }
  if (!('main.go' in accepted)) return { ok: false, message: 'main.go is missing' };
  return { ok: true, files: accepted };
}

const diagnosticLine = /^(?:.*?\/)?([^/\s:]+\.go):(\d+)(?::(\d+))?: (?:(error|warning|note|fatal error): )?(.+)$/;

/**
 * parseGoBuildDiagnostics turns `go build` output into diagnostics on the given files
 * (matched by base name, since the build ran in a temp dir whose path means nothing to
 * the editor). gcc's `note:` lines and lines about other files are dropped; the raw log
 * is still shown beside the editor.
 */
export function parseGoBuildDiagnostics(log: string, files: readonly string[] = EDITABLE_FILES): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const raw of log.split('\n')) {
    const match = diagnosticLine.exec(raw.trimEnd());
    if (!match) continue;
    // Groups 1, 2 and 5 take part in every match; 3 (column) and 4 (kind) may not.
    const [, file, line, column, kind, rawMessage] = match as unknown as [string, string, string, string | undefined, string | undefined, string];
    if (!files.includes(file) || kind === 'note') continue;
    // Duplicates are judged as shown: by the trimmed message.
    const message = rawMessage.trim();
    const key = JSON.stringify([file, line, column, message]);
    if (seen.has(key)) continue;
    seen.add(key);
    const diagnostic: Diagnostic = {
      file,
      line: Number(line),
      severity: kind === 'warning' ? 'warning' : 'error',
      message,
    };
    if (column !== undefined) diagnostic.column = Number(column);
    out.push(diagnostic);
  }
  return out;
}

/** ProgramVerdict says how a program ended, in the demo's terms. */
export type ProgramVerdict = 'clean' | 'panic' | 'fatal' | 'failed' | 'killed';

/** ProgramExit is what classifyProgramExit read from a finished program. */
export interface ProgramExit {
  verdict: ProgramVerdict;
  /** The `panic: …` line, when the program panicked. */
  panic?: string;
  /** The `fatal error: …` line, when the runtime threw. */
  fatal?: string;
  /** The runtime's line before `fatal error:` (e.g. "write of unpinned Go pointer … to non-Go memory"). */
  fatalDetail?: string;
}

/** classifyProgramExit reads a Go program's exit: a panic line, a fatal error, or a plain exit. */
export function classifyProgramExit(exitCode: number | null, signal: string | null, stderr: string): ProgramExit {
  const lines = stderr.split('\n');
  const panicLine = lines.find((l) => l.startsWith('panic: '));
  if (panicLine !== undefined) return { verdict: 'panic', panic: panicLine.trim() };
  const fatalIndex = lines.findIndex((l) => l.startsWith('fatal error: '));
  if (fatalIndex >= 0) {
    const exit: ProgramExit = { verdict: 'fatal', fatal: lines[fatalIndex]!.trim() };
    const before = lines[fatalIndex - 1]?.trim();
    if (before) exit.fatalDetail = before;
    return exit;
  }
  if (signal !== null) return { verdict: 'killed' };
  return { verdict: exitCode === 0 ? 'clean' : 'failed' };
}
