import { describe, expect, it } from 'vitest';
import { applyFocus, asmcgocallRules, cgocallRules, extractAsmText, extractGoFunc } from './excerpt.ts';

const goSource = `package runtime

// Call from Go to C.
//
//go:nosplit
func cgocall(fn, arg unsafe.Pointer) int32 {
	mp := getg().m
	entersyscall()
	errno := asmcgocall(fn, arg)
	exitsyscall()
	return errno
}

func other() {
}
`;

const asmSource = `#include "textflag.h"

// asmcgocall calls fn(arg) on the system stack.
TEXT ·asmcgocall(SB),NOSPLIT,$0-20
	MOVQ	m_g0(R8), SI
	CALL	gosave_systemstack_switch<>(SB)
	MOVQ	(g_sched+gobuf_sp)(SI), SP
	ANDQ	$~15, SP	// alignment for gcc ABI
	CALL	runtime·asmcgocall_landingpad(SB)
	MOVQ	SI, SP
	RET

// next symbol's comment
TEXT ·cgocallback(SB),NOSPLIT,$24-24
	RET
`;

describe('extractGoFunc', () => {
  it('cuts the function with its doc comment, numbered as in the file', () => {
    const x = applyFocus(extractGoFunc(goSource, 'cgocall', 'cgocall.go')!, cgocallRules);
    expect(x.startLine).toBe(3);
    expect(x.endLine).toBe(12);
    expect(x.code.split('\n')[0]).toBe('// Call from Go to C.');
    expect(x.focus.map((f) => f.from)).toEqual([8, 9, 10]);
  });
  it('returns undefined for a missing function', () => {
    expect(extractGoFunc(goSource, 'nope', 'cgocall.go')).toBeUndefined();
  });
});

describe('extractAsmText', () => {
  it('stops before the next TEXT and its comment', () => {
    const x = applyFocus(extractAsmText(asmSource, 'asmcgocall', 'asm_amd64.s')!, asmcgocallRules);
    expect(x.startLine).toBe(3);
    expect(x.code.split('\n').at(-1)).toBe('\tRET');
    expect(x.focus.map((f) => f.from)).toEqual([5, 7, 8, 9, 10]);
  });
});
