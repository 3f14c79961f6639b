import { describe, expect, it } from 'vitest';
import { classifyFrame, parseAddress, parseBacktrace, parseFrameLine, parseNumber, parseStackBounds, splitSections, within } from './gdb-output.ts';

// gdb 13.1 batch output for native/trampoline, go-to-c (shortened).
const output = `Breakpoint 1 at 0x4c11d0: file cside.c, line 5.
[New Thread 0x7fffb115f6c0 (LWP 11165)]
@@r12 bt-c
#0  cfunc (a=40, b=2) at cside.c:5
#1  0x00000000004c11b9 in _cgo_9ea32d2dd5ad_Cfunc_cfunc (v=0x4643829ce68) at /tmp/go-build/cgo-gcc-prolog:76
#2  0x000000000048bdc4 in runtime.asmcgocall () at /usr/local/go/src/runtime/asm_amd64.s:995
#3  0x00000464382561e0 in ?? ()
@@r12 bt-go
#0  runtime.cgocall (fn=0x4c11a0 <_cgo_9ea32d2dd5ad_Cfunc_cfunc>, arg=0x4643829ce68, ~r0=<optimized out>) at /usr/local/go/src/runtime/cgocall.go:174
#1  0x00000000004c09c6 in main._Cfunc_cfunc (p0=40, p1=2, r1=0) at ./_cgo_gotypes.go:61
#2  0x00000000004c0f34 in main.main () at /tmp/r12/tr/main.go:28
@@r12 sp
$1 = (void *) 0x7fffffffe628
@@r12 arg-frame
#1  0x00000000004c11b9 in _cgo_9ea32d2dd5ad_Cfunc_cfunc (v=0x4643829ce68) at /tmp/go-build/cgo-gcc-prolog:76
$2 = 0x4643829ce68
@@r12 goroutine-stack
$3 = {lo = 0x46438290000, hi = 0x464382a0000}
@@r12 thread-stack
$4 = {lo = 0x7fffff7ff000, hi = 0x7fffffffe6a0}
@@r12 goid
$5 = 1`;

describe('gdb output', () => {
  const sections = splitSections(output);
  it('parses the frames of each backtrace section', () => {
    const c = parseBacktrace(sections.get('bt-c')!);
    expect(c.map((f) => [f.function, f.stage, f.language])).toEqual([
      ['cfunc', 'c', 'c'],
      ['_cgo_9ea32d2dd5ad_Cfunc_cfunc', 'c-trampoline', 'c'],
      ['runtime.asmcgocall', 'asm', 'asm'],
      ['??', 'unknown', 'unknown'],
    ]);
    expect(c[1]!.args).toBe('v=0x4643829ce68');
    expect(c[0]!.file).toBe('cside.c');
    expect(c[0]!.line).toBe(5);
    const go = parseBacktrace(sections.get('bt-go')!);
    expect(go.map((f) => f.stage)).toEqual(['go-runtime', 'go-wrapper', 'go']);
  });
  it('reads addresses, numbers and stack bounds', () => {
    expect(parseAddress(sections.get('sp')!)).toBe('0x7fffffffe628');
    expect(parseAddress(sections.get('arg-frame')!)).toBe('0x4643829ce68');
    expect(parseNumber(sections.get('goid')!)).toBe(1);
    const g = parseStackBounds(sections.get('goroutine-stack')!);
    const t = parseStackBounds(sections.get('thread-stack')!);
    expect(within('0x4643829ce68', g)).toBe(true);
    expect(within('0x4643829ce68', t)).toBe(false);
    expect(within('0x7fffffffe628', t)).toBe(true);
  });
  it('classifies the c-to-go frames', () => {
    expect(classifyFrame('crosscall2').language).toBe('asm');
    expect(classifyFrame('runtime.cgocallback').stage).toBe('asm');
    expect(classifyFrame('runtime.cgocallbackg').stage).toBe('go-runtime');
    expect(classifyFrame('_cgoexp_9ea32d2dd5ad_goCallback').stage).toBe('go-wrapper');
    expect(classifyFrame('goCallback').language).toBe('c');
    expect(classifyFrame('main.goCallback').stage).toBe('go');
  });
  it('ignores lines that are not frames', () => {
    expect(parseFrameLine('Breakpoint 1 at 0x4c11d0: file cside.c, line 5.')).toBeUndefined();
    expect(parseFrameLine('warning: File "/usr/local/go/src/runtime/runtime-gdb.py" auto-loading has been declined')).toBeUndefined();
  });
});
