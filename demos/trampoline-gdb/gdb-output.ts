/**
 * Reading gdb's batch output for the trampoline demo. Pure: no I/O.
 *
 * The runner brackets each gdb command's output with a marker line it asks gdb to echo,
 * `@@r12 <section>`, so a backtrace, a register or an expression is found by name and
 * not by position (gdb also prints warnings, thread notices and breakpoint banners in
 * between, which vary by version and machine).
 *
 * Frame lines look like
 *   #1  0x00000000004c11b9 in _cgo_9ea3…_Cfunc_cfunc (v=0x4643829ce68) at /tmp/go-build/cgo-gcc-prolog:76
 *   #0  cfunc (a=40, b=2) at cside.c:5
 * and `print` results like `$3 = 0x7fffffffe630` or `$2 = {lo = 0x…, hi = 0x…}`.
 */

/** sectionMarker is the prefix of the marker lines the runner makes gdb echo. */
export const sectionMarker = '@@r12 ';

/** FrameStage says which part of the Go → C chain a frame belongs to. */
export type FrameStage = 'go' | 'go-wrapper' | 'go-runtime' | 'asm' | 'c-trampoline' | 'c' | 'unknown';

/** FrameLanguage is the colour a frame gets on the slide: who compiled it. */
export type FrameLanguage = 'go' | 'asm' | 'c' | 'unknown';

/** GdbFrame is one backtrace line, parsed. */
export type GdbFrame = {
  index: number;
  function: string;
  args: string;
  address: string | null;
  file: string | null;
  line: number | null;
  stage: FrameStage;
  language: FrameLanguage;
};

const frameLine = /^#(\d+)\s+(?:(0x[0-9a-f]+)\s+in\s+)?(\S+)\s*\((.*?)\)(?:\s+at\s+(\S+?):(\d+))?(?:\s+from\s+\S+)?\s*$/;

/** classifyFrame puts a function name on the Go → ASM → C picture. */
export function classifyFrame(fn: string): { stage: FrameStage; language: FrameLanguage } {
  if (fn === '??') return { stage: 'unknown', language: 'unknown' };
  if (/^_cgo_[0-9a-f]+_Cfunc_/.test(fn)) return { stage: 'c-trampoline', language: 'c' };
  if (/^(runtime\.asmcgocall|crosscall2|runtime\.cgocallback|runtime\.systemstack_switch|runtime\.systemstack|runtime\.mstart|runtime\.asmcgocall_no_g)$/.test(fn)) {
    return { stage: 'asm', language: 'asm' };
  }
  if (/^runtime\./.test(fn)) return { stage: 'go-runtime', language: 'go' };
  if (/^(main\._Cfunc_|_cgoexp_[0-9a-f]+_|main\._cgoexp_)/.test(fn)) return { stage: 'go-wrapper', language: 'go' };
  if (/^[\w/.-]+\.[\w$.]+$/.test(fn) && fn.includes('.')) return { stage: 'go', language: 'go' };
  return { stage: 'c', language: 'c' };
}

/** parseFrameLine parses one `#N …` backtrace line, or returns undefined. */
export function parseFrameLine(text: string): GdbFrame | undefined {
  const m = frameLine.exec(text.trim());
  if (!m) return undefined;
  const fn = m[3] ?? '??';
  return {
    index: Number(m[1]),
    function: fn,
    args: m[4] ?? '',
    address: m[2] ?? null,
    file: m[5] ?? null,
    line: m[6] === undefined ? null : Number(m[6]),
    ...classifyFrame(fn),
  };
}

/** splitSections groups gdb's output lines by the `@@r12 <name>` markers before them. */
export function splitSections(output: string): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let current = '';
  sections.set(current, []);
  for (const line of output.split('\n')) {
    if (line.startsWith(sectionMarker)) {
      current = line.slice(sectionMarker.length).trim();
      sections.set(current, []);
      continue;
    }
    sections.get(current)?.push(line);
  }
  return sections;
}

/** parseBacktrace parses every frame line of a section (other lines are ignored). */
export function parseBacktrace(lines: string[]): GdbFrame[] {
  return lines.map(parseFrameLine).filter((f): f is GdbFrame => f !== undefined);
}

/** parseAddress reads the last `$N = 0x…` of a section (as a hex string), if any. */
export function parseAddress(lines: string[]): string | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^\$\d+ = (?:\([^)]*\)\s*)?(0x[0-9a-f]+)\b/.exec(lines[i]?.trim() ?? '');
    if (m) return m[1];
  }
  return undefined;
}

/** parseNumber reads the last `$N = 123` of a section, if any. */
export function parseNumber(lines: string[]): number | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^\$\d+ = (-?\d+)\s*$/.exec(lines[i]?.trim() ?? '');
    if (m) return Number(m[1]);
  }
  return undefined;
}

/** StackBounds is a stack's [lo, hi) as hex strings (gdb prints `{lo = 0x…, hi = 0x…}`). */
export type StackBounds = { lo: string; hi: string };

/** parseStackBounds reads the last `$N = {lo = 0x…, hi = 0x…}` of a section, if any. */
export function parseStackBounds(lines: string[]): StackBounds | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /lo = (0x[0-9a-f]+), hi = (0x[0-9a-f]+)/.exec(lines[i] ?? '');
    if (m?.[1] && m[2]) return { lo: m[1], hi: m[2] };
  }
  return undefined;
}

/** within says whether a hex address lies in [lo, hi). */
export function within(address: string | undefined, bounds: StackBounds | undefined): boolean {
  if (!address || !bounds) return false;
  const a = BigInt(address);
  return a >= BigInt(bounds.lo) && a < BigInt(bounds.hi);
}

/**
 * chainStages lists the stages the demo's picture needs, per direction, in the order a
 * call passes them (Go → C: from main.main down to the C function).
 */
export const chainStages: Record<'go-to-c' | 'c-to-go', FrameStage[]> = {
  'go-to-c': ['go', 'go-wrapper', 'go-runtime', 'asm', 'c-trampoline', 'c'],
  'c-to-go': ['c', 'asm', 'go-runtime', 'go-wrapper', 'go'],
};
