import { describe, expect, it } from 'vitest';
import { findPreamble, findStackChecksC, parseGnuObjdump, parseGoObjdump } from './disasm.ts';

// go1.26.8 `go tool objdump -s '^main\.(depth|bigFrame)$'` of native/preamble (bigFrame shortened).
const goOut = [
  'TEXT main.depth(SB) /work/main/native/preamble/main.go',
  '  main.go:14\t\t0x49e140\t\t493b6610\t\tCMPQ SP, 0x10(R14)\t\t\t',
  '  main.go:14\t\t0x49e144\t\t7628\t\t\tJBE 0x49e16e\t\t\t\t',
  '  main.go:14\t\t0x49e146\t\t55\t\t\tPUSHQ BP\t\t\t\t',
  '  main.go:18\t\t0x49e160\t\te8dbffffff\t\tCALL main.depth(SB)\t\t\t',
  '  main.go:18\t\t0x49e16d\t\tc3\t\t\tRET\t\t\t\t\t',
  '  main.go:14\t\t0x49e16e\t\t4889442408\t\tMOVQ AX, 0x8(SP)\t\t\t',
  '  main.go:14\t\t0x49e173\t\te848f7fdff\t\tCALL runtime.morestack_noctxt.abi0(SB)\t',
  '  main.go:14\t\t0x49e178\t\t488b442408\t\tMOVQ 0x8(SP), AX\t\t\t',
  '  main.go:14\t\t0x49e17d\t\tebc1\t\t\tJMP main.depth(SB)\t\t\t',
  '',
  'TEXT main.bigFrame(SB) /work/main/native/preamble/main.go',
  '  main.go:24\t\t0x49e180\t\t4c8da42470feffff\tLEAQ 0xfffffe70(SP), R12\t\t',
  '  main.go:24\t\t0x49e188\t\t4d3b6610\t\tCMPQ R12, 0x10(R14)\t\t\t',
  '  main.go:24\t\t0x49e18c\t\t0f8699000000\t\tJBE 0x49e22b\t\t\t\t',
  '  main.go:24\t\t0x49e192\t\t55\t\t\tPUSHQ BP\t\t\t\t',
  '  main.go:24\t\t0x49e22b\t\te800000000\t\tCALL runtime.morestack_noctxt.abi0(SB)\t',
  '  main.go:24\t\t0x49e230\t\tebce\t\t\tJMP main.bigFrame(SB)\t\t\t',
].join('\n');

const cOut = `
depth.o:     file format elf64-x86-64

Disassembly of section .text:

0000000000000000 <depth>:
   0:	mov    %edi,%eax
   2:	test   %edi,%edi
   4:	jne    10 <depth+0x10>
   6:	ret
  10:	sub    $0x8,%rsp
  17:	call   1c <depth+0x1c>
  23:	ret
`;

describe('Go preamble', () => {
  const [depth, big] = parseGoObjdump(goOut);
  it('parses functions and instructions', () => {
    expect(depth!.name).toBe('main.depth');
    expect(depth!.instructions[0]).toEqual({ location: 'main.go:14', address: '0x49e140', text: 'CMPQ SP, 0x10(R14)' });
    expect(big!.instructions).toHaveLength(6);
  });
  it('finds compare, branch, morestack and the jump back (small frame: SP)', () => {
    expect(findPreamble(depth!)).toEqual({
      frameAdjust: null,
      compare: 0,
      branch: 1,
      morestackCall: 6,
      retryJump: 8,
      compares: 'SP',
      morestackSymbol: 'runtime.morestack_noctxt.abi0',
    });
  });
  it('reads the frame size of a big frame from the LEAQ (a negative displacement)', () => {
    const p = findPreamble(big!)!;
    expect(p.frameAdjust).toBe(0);
    expect(p.compares).toBe('SP-400');
    expect(p.morestackCall).toBe(4);
  });
  it('reports no preamble for a nosplit leaf', () => {
    expect(findPreamble({ name: 'main.leaf', instructions: [{ address: '0x1', text: 'ADDQ BX, AX', location: null }, { address: '0x2', text: 'RET', location: null }] })).toBeUndefined();
  });
});

describe('C', () => {
  it('parses GNU objdump and finds no stack-bound check in gcc -O2 code', () => {
    const [fn] = parseGnuObjdump(cOut);
    expect(fn!.name).toBe('depth');
    expect(fn!.instructions[4]).toEqual({ address: '0x10', text: 'sub $0x8,%rsp', location: null });
    expect(findStackChecksC(fn!)).toEqual([]);
  });
  it('would flag a split-stack check', () => {
    const fn = { name: 'f', instructions: [{ address: '0x0', text: 'cmp %fs:0x70,%rsp', location: null }, { address: '0x9', text: 'call __morestack', location: null }] };
    expect(findStackChecksC(fn)).toEqual([0, 1]);
  });
});
