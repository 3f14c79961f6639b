/**
 * Reading disassembly for the preamble demo. Pure: no I/O.
 *
 * `go tool objdump -s REGEXP binary` prints, per function,
 *   TEXT main.depth(SB) /path/main.go
 *     main.go:14\t\t0x49e140\t\t493b6610\t\tCMPQ SP, 0x10(R14)
 * and GNU `objdump -d --no-show-raw-insn file.o` prints
 *   0000000000000000 <depth>:
 *      0:\tmov    %edi,%eax
 *
 * The Go stack check on amd64 (register ABI, g in R14; g.stackguard0 at offset 16):
 *   small frames:  CMPQ SP, 0x10(R14); JBE/JLS more; … more: CALL runtime.morestack…; JMP fn
 *   big frames:    LEAQ -framesize(SP), R12; CMPQ R12, 0x10(R14); JBE/JLS …
 */

/** Instruction is one disassembled instruction. */
export type Instruction = { address: string; text: string; location: string | null };

/** DisasmFunction is one function's instructions. */
export type DisasmFunction = { name: string; instructions: Instruction[] };

/** parseGoObjdump reads `go tool objdump` output. */
export function parseGoObjdump(output: string): DisasmFunction[] {
  const functions: DisasmFunction[] = [];
  let current: DisasmFunction | undefined;
  for (const line of output.split('\n')) {
    const head = /^TEXT\s+(\S+)\(SB\)/.exec(line);
    if (head?.[1]) {
      current = { name: head[1], instructions: [] };
      functions.push(current);
      continue;
    }
    if (!current) continue;
    const parts = line.split('\t').map((p) => p.trim()).filter((p) => p !== '');
    if (parts.length < 3 || !/^0x[0-9a-f]+$/.test(parts[1] ?? '')) continue;
    // location, address, encoding, instruction (the encoding column is absent with -S flags)
    const text = parts.length >= 4 ? parts.slice(3).join(' ') : (parts[2] ?? '');
    current.instructions.push({ location: parts[0] ?? null, address: parts[1] ?? '', text });
  }
  return functions;
}

/** parseGnuObjdump reads `objdump -d --no-show-raw-insn` output. */
export function parseGnuObjdump(output: string): DisasmFunction[] {
  const functions: DisasmFunction[] = [];
  let current: DisasmFunction | undefined;
  for (const line of output.split('\n')) {
    const head = /^[0-9a-f]+ <([^>]+)>:\s*$/.exec(line);
    if (head?.[1]) {
      current = { name: head[1], instructions: [] };
      functions.push(current);
      continue;
    }
    const ins = /^\s+([0-9a-f]+):\s+(.+?)\s*$/.exec(line);
    if (current && ins?.[1] && ins[2]) current.instructions.push({ address: `0x${ins[1]}`, text: ins[2].replace(/\s+/g, ' '), location: null });
  }
  return functions;
}

/** PreambleCheck says where a Go function's stack check is (indexes into its instructions). */
export type PreambleCheck = {
  /** LEAQ -framesize(SP), R12, for frames too big to compare SP itself; else null. */
  frameAdjust: number | null;
  compare: number;
  branch: number;
  morestackCall: number;
  retryJump: number | null;
  /** What is compared with g.stackguard0: "SP" or "SP-<framesize>". */
  compares: string;
  morestackSymbol: string;
};

/** findPreamble finds the stack-bound check, its branch, and the morestack call it leads to. */
export function findPreamble(fn: DisasmFunction): PreambleCheck | undefined {
  const ins = fn.instructions;
  const compare = ins.findIndex((i) => /^CMPQ (SP|R12), 0x10\(R14\)$/.test(i.text));
  if (compare < 0) return undefined;
  const branch = ins.findIndex((i, k) => k > compare && /^(JBE|JLS|JLE|JCS|JHI|JB|JA)\b/.test(i.text));
  if (branch < 0) return undefined;
  const target = /\s(0x[0-9a-f]+)$/.exec(ins[branch]?.text ?? '')?.[1];
  const from = target ? ins.findIndex((i) => i.address === target) : branch;
  const morestackCall = ins.findIndex((i, k) => k >= Math.max(0, from) && /^CALL runtime\.morestack/.test(i.text));
  if (morestackCall < 0) return undefined;
  const retryJump = ins.findIndex((i, k) => k > morestackCall && new RegExp(`^JMP ${fn.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\(SB\\)$`).test(i.text));
  const lea = compare > 0 && /^LEAQ .*\(SP\), R12$/.test(ins[compare - 1]?.text ?? '') ? compare - 1 : null;
  let compares = 'SP';
  if (lea !== null) {
    const offset = /^LEAQ (-?0x[0-9a-f]+|-?\d+)\(SP\)/.exec(ins[lea]?.text ?? '')?.[1] ?? '0';
    let value = Number(BigInt(offset.replace('-', '')));
    // objdump prints a negative 32-bit displacement as its unsigned value (0xfffffe70).
    if (!offset.startsWith('-') && value >= 0x80000000) value -= 0x100000000;
    if (offset.startsWith('-')) value = -value;
    compares = `SP${value < 0 ? '-' : '+'}${Math.abs(value)}`;
  }
  return {
    frameAdjust: lea,
    compare,
    branch,
    morestackCall,
    retryJump: retryJump < 0 ? null : retryJump,
    compares,
    morestackSymbol: /^CALL (\S+?)\(SB\)/.exec(ins[morestackCall]?.text ?? '')?.[1] ?? 'runtime.morestack',
  };
}

/**
 * findStackChecksC lists instructions of a C function that would be a stack-bound check:
 * a compare involving %rsp or a call to a stack-growing routine (__morestack, as with
 * gcc -fsplit-stack). For plain gcc -O2 output the list is empty.
 */
export function findStackChecksC(fn: DisasmFunction): number[] {
  const found: number[] = [];
  fn.instructions.forEach((i, k) => {
    if (/^cmp\S*\s.*%rsp/.test(i.text) || /__morestack|__stack_chk/.test(i.text)) found.push(k);
  });
  return found;
}
