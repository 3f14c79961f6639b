import { describe, expect, it } from 'vitest';
import {
  MAX_EDITED_FILE_BYTES,
  classifyProgramExit,
  parseGoBuildDiagnostics,
  validateEditedFiles,
} from './edited-code.ts';

describe('validateEditedFiles', () => {
  it('accepts main.go as text', () => {
    expect(validateEditedFiles({ 'main.go': 'package main' })).toEqual({ ok: true, files: { 'main.go': 'package main' } });
  });
  it.each([
    [null, /object/],
    [[], /object/],
    [{ 'go.mod': 'module x' }, /not editable/],
    [{ '../main.go': 'x' }, /not editable/],
    [{ 'main.go': 42 }, /text/],
    [{ 'main.go': 'a\u0000b' }, /NUL/],
    [{ 'main.go': 'x'.repeat(MAX_EDITED_FILE_BYTES + 1) }, /limit/],
    [{}, /missing/],
  ])('refuses %j', (files, why) => {
    const check = validateEditedFiles(files);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).toMatch(why);
  });
  it('counts UTF-8 bytes, not characters', () => {
    expect(validateEditedFiles({ 'main.go': 'é'.repeat(MAX_EDITED_FILE_BYTES / 2 + 1) }).ok).toBe(false);
  });
});

describe('parseGoBuildDiagnostics', () => {
  it('reads Go compiler errors', () => {
    const log = '# command-line-arguments\n./main.go:26:25: undefined: undefinedThing\n./main.go:30:30: missing \',\' before newline in argument list\n';
    expect(parseGoBuildDiagnostics(log)).toEqual([
      { file: 'main.go', line: 26, column: 25, severity: 'error', message: 'undefined: undefinedThing' },
      { file: 'main.go', line: 30, column: 30, severity: 'error', message: "missing ',' before newline in argument list" },
    ]);
  });
  it('reads gcc errors in the cgo preamble, drops notes and source excerpts', () => {
    const log = [
      "./main.go: In function 'sum':",
      "./main.go:17:32: error: 'buffer' has no member named 'lenx'; did you mean 'len'?",
      '   17 |         for (int i = 0; i < b->lenx; i++) total += b->data[i];',
      "./main.go:17:25: note: each undeclared identifier is reported only once",
      '/tmp/pointer-rules-x/main.go:3:1: warning: unused',
    ].join('\n');
    expect(parseGoBuildDiagnostics(log)).toEqual([
      { file: 'main.go', line: 17, column: 32, severity: 'error', message: "'buffer' has no member named 'lenx'; did you mean 'len'?" },
      { file: 'main.go', line: 3, column: 1, severity: 'warning', message: 'unused' },
    ]);
  });
  it('ignores other files and deduplicates', () => {
    const log = '/usr/local/go/src/runtime/x.go:1:1: nope\n./main.go:2: undefined: x\n./main.go:2: undefined: x\n';
    expect(parseGoBuildDiagnostics(log)).toEqual([{ file: 'main.go', line: 2, severity: 'error', message: 'undefined: x' }]);
  });
});

describe('classifyProgramExit', () => {
  it('finds a panic', () => {
    expect(classifyProgramExit(2, null, 'panic: runtime error: argument of cgo function has Go pointer to unpinned Go pointer\n\ngoroutine 1')).toEqual({
      verdict: 'panic',
      panic: 'panic: runtime error: argument of cgo function has Go pointer to unpinned Go pointer',
    });
  });
  it('finds a fatal error and the line before it', () => {
    expect(classifyProgramExit(2, null, 'write of unpinned Go pointer 0x1 to non-Go memory 0x2\nfatal error: unpinned Go pointer stored into non-Go memory\n')).toEqual({
      verdict: 'fatal',
      fatal: 'fatal error: unpinned Go pointer stored into non-Go memory',
      fatalDetail: 'write of unpinned Go pointer 0x1 to non-Go memory 0x2',
    });
  });
  it('tells clean, failed and killed apart', () => {
    expect(classifyProgramExit(0, null, '').verdict).toBe('clean');
    expect(classifyProgramExit(1, null, 'oops').verdict).toBe('failed');
    expect(classifyProgramExit(null, 'SIGKILL', '').verdict).toBe('killed');
  });
});
