import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  MAX_EDITED_FILE_BYTES,
  WORDING_2018,
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
  it('names a refused file in at most 80 characters, and what is allowed', () => {
    const name = `${'x'.repeat(100)}.go`;
    expect(validateEditedFiles({ [name]: 'x' })).toEqual({ ok: false, message: `file "${'x'.repeat(80)}" is not editable here (allowed: main.go)` });
  });
  it('accepts a file of exactly the limit', () => {
    expect(validateEditedFiles({ 'main.go': 'x'.repeat(MAX_EDITED_FILE_BYTES) }).ok).toBe(true);
    expect(validateEditedFiles({ 'main.go': 'x'.repeat(MAX_EDITED_FILE_BYTES + 1) })).toEqual({ ok: false, message: `main.go is ${MAX_EDITED_FILE_BYTES + 1} bytes; the limit is 65536 bytes` });
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
  it('reads a file named without a directory, Windows line ends and a message after extra spaces', () => {
    const log = 'main.go:5:3: undefined: y\r\n./main.go:2:  undefined: x\r\n./main.go:2: undefined: x\n';
    expect(parseGoBuildDiagnostics(log)).toEqual([
      { file: 'main.go', line: 5, column: 3, severity: 'error', message: 'undefined: y' },
      { file: 'main.go', line: 2, severity: 'error', message: 'undefined: x' },
    ]);
  });
  it('keeps the same message at another column, and reads only lines that start with the path', () => {
    const log = './main.go:2: undefined: x\n./main.go:2:7: undefined: x\nvet: main.go:9:1: something else\n';
    expect(parseGoBuildDiagnostics(log)).toEqual([
      { file: 'main.go', line: 2, severity: 'error', message: 'undefined: x' },
      { file: 'main.go', line: 2, column: 7, severity: 'error', message: 'undefined: x' },
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
  it('trims the lines it quotes, and reads a fatal error on the first line or after a blank one', () => {
    expect(classifyProgramExit(2, null, 'panic: boom  \n')).toEqual({ verdict: 'panic', panic: 'panic: boom' });
    expect(classifyProgramExit(2, null, 'fatal error: all goroutines are asleep - deadlock!  \n')).toEqual({ verdict: 'fatal', fatal: 'fatal error: all goroutines are asleep - deadlock!' });
    expect(classifyProgramExit(2, null, '\nfatal error: x\n')).toEqual({ verdict: 'fatal', fatal: 'fatal error: x' });
    expect(classifyProgramExit(2, null, 'detail  \nfatal error: x\n')).toEqual({ verdict: 'fatal', fatal: 'fatal error: x', fatalDetail: 'detail' });
  });
  it('tells clean, failed and killed apart', () => {
    expect(classifyProgramExit(0, null, '').verdict).toBe('clean');
    expect(classifyProgramExit(1, null, 'oops').verdict).toBe('failed');
    expect(classifyProgramExit(null, 'SIGKILL', '').verdict).toBe('killed');
  });
});

describe('WORDING_2018', () => {
  it('is the panic line the deck shows for Go up to 1.20', () => {
    const section = readFileSync(new URL('../../slides/why-cgo-is-slow/sections/05-garbage-collector.md', import.meta.url), 'utf8');
    expect(WORDING_2018).toMatch(/^panic: runtime error: /);
    expect(section.split('\n')).toContain(WORDING_2018);
  });
});
