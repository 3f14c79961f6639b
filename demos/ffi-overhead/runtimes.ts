/**
 * The runtimes the FFI overhead demo can measure, in display order, each labelled with
 * exactly what it measures (the talk's table mixed PLT calls, direct calls, a JNI
 * wrapper and a V8 addon under one heading; this catalogue does not). Pure data.
 *
 * Groups: "row" (the table), "reference" (context rows: pure Go, C direct call is a row
 * too since it is a baseline), "fidelity" (the same call timed as a plain standalone
 * loop from outside the process, to check the in-process batches are honest), "extra"
 * (measured only when asked for: not in the default table).
 */

/** ffiRuntimeIds lists every runtime id, in the order they show. */
export const ffiRuntimeIds = [
  'c-direct',
  'c-so',
  'c-so-noplt',
  'rust',
  'luajit',
  'java-jni',
  'java-ffm',
  'java-jni-other',
  'node-napi',
  'node-koffi',
  'bun-ffi',
  'deno-ffi',
  'go',
  'go-cgo',
  'go-cgo-noescape',
  'go-cgo-nocallback',
  'python-ctypes',
  'c-so-loop',
  'go-cgo-loop',
] as const;

/** FfiRuntimeId names one measured runtime. */
export type FfiRuntimeId = (typeof ffiRuntimeIds)[number];

/** FfiRuntimeGroup says where a runtime's row belongs. */
export type FfiRuntimeGroup = 'row' | 'reference' | 'fidelity' | 'extra';

/** FfiRuntime describes one runtime's row. */
export type FfiRuntime = {
  id: FfiRuntimeId;
  /** Short row label. */
  label: string;
  /** One sentence: what exactly is timed. */
  measures: string;
  /** Toolchain ids it needs (see server/toolchains). */
  toolchains: string[];
  group: FfiRuntimeGroup;
  /** For fidelity rows: the in-process runtime whose figure this one checks. */
  checks?: FfiRuntimeId;
  /** For rows whose runtime version matters to the comparison: the label with the major version in it. */
  versionedLabel?: (major: string) => string;
};

/** ffiRuntimes describes every runtime, keyed by id. */
export const ffiRuntimes: Record<FfiRuntimeId, FfiRuntime> = {
  'c-direct': {
    id: 'c-direct', label: 'C, direct call (same binary)', group: 'row', toolchains: ['cc'],
    measures: 'a noinline function in the same executable: a plain call, no PLT',
  },
  'c-so': {
    id: 'c-so', label: 'C via libplusone.so (PLT)', group: 'row', toolchains: ['cc'],
    measures: 'a call to the PLT stub, which jumps through the GOT into the shared library: the talk’s “C function call”',
  },
  'c-so-noplt': {
    id: 'c-so-noplt', label: 'C via .so, -fno-plt (GOT-indirect)', group: 'row', toolchains: ['cc'],
    measures: 'the same source built with -fno-plt: an indirect call through the GOT entry, no PLT stub',
  },
  rust: {
    id: 'rust', label: 'Rust extern "C" (GOT-indirect)', group: 'row', toolchains: ['rust', 'cc'],
    measures: 'rustc -O code calling the same .so: it loads the address from the GOT and calls it indirectly, like C with -fno-plt',
  },
  luajit: {
    id: 'luajit', label: 'LuaJIT FFI', group: 'row', toolchains: ['luajit', 'cc'],
    measures: 'ffi.load, then JIT code calls the dlsym’d address directly (no PLT)',
  },
  'java-jni': {
    id: 'java-jni', label: 'Java JNI wrapper + call', group: 'row', toolchains: ['java', 'cc'],
    measures: 'a JNI native method whose C body calls plusone in the .so (two calls); the newest JDK found, as FFM',
    versionedLabel: (major) => `Java ${major} JNI wrapper + call`,
  },
  'java-ffm': {
    id: 'java-ffm', label: 'Java FFM downcall', group: 'row', toolchains: ['java-ffm', 'cc'],
    measures: 'java.lang.foreign Linker downcall handle to the dlsym’d address (JDK ≥ 22)',
    versionedLabel: (major) => `Java ${major} FFM downcall`,
  },
  'java-jni-other': {
    id: 'java-jni-other', label: 'Java JNI, other JDK', group: 'extra', toolchains: ['java', 'java-ffm', 'cc'],
    measures: 'the JNI row on the JDK on PATH when it is not the newest: how much the JDK alone changes',
    versionedLabel: (major) => `Java ${major} JNI wrapper + call (other JDK)`,
  },
  'node-napi': {
    id: 'node-napi', label: 'Node.js N-API addon', group: 'row', toolchains: ['node', 'cc'],
    measures: 'a C++ addon (node-addon-api) calling the .so; 2018’s row was a hand-written V8 addon',
  },
  'node-koffi': {
    id: 'node-koffi', label: 'Node.js koffi FFI', group: 'row', toolchains: ['node', 'cc'],
    measures: 'koffi, a real FFI library: the signature is declared at run time',
  },
  'bun-ffi': {
    id: 'bun-ffi', label: 'Bun bun:ffi', group: 'row', toolchains: ['bun', 'cc'],
    measures: 'bun:ffi dlopen: a binding compiled at load time (TinyCC), called from JavaScriptCore’s JIT code',
  },
  'deno-ffi': {
    id: 'deno-ffi', label: 'Deno Deno.dlopen', group: 'row', toolchains: ['deno', 'cc'],
    measures: 'Deno.dlopen: V8 fast API calls through a generated trampoline to the dlsym’d address',
  },
  go: {
    id: 'go', label: 'Go call, no cgo', group: 'reference', toolchains: ['go', 'cc'],
    measures: 'a //go:noinline Go function: Go calling Go, for scale',
  },
  'go-cgo': {
    id: 'go-cgo', label: 'cgo', group: 'row', toolchains: ['go', 'cc'],
    measures: 'C.plusone through cgo: runtime.cgocall, the system stack, the PLT',
  },
  'go-cgo-noescape': {
    id: 'go-cgo-noescape', label: 'cgo + noescape', group: 'row', toolchains: ['go', 'cc'],
    measures: '#cgo noescape plusone (Go ≥ 1.24): pointer arguments need not escape; plusone has none',
  },
  'go-cgo-nocallback': {
    id: 'go-cgo-nocallback', label: 'cgo + nocallback', group: 'row', toolchains: ['go', 'cc'],
    measures: '#cgo nocallback plusone (Go ≥ 1.24): cgo wraps the call in two runtime.cgoNoCallback calls',
  },
  'python-ctypes': {
    id: 'python-ctypes', label: 'Python ctypes', group: 'row', toolchains: ['python', 'cc'],
    measures: 'CPython ctypes calling the .so: the far end',
  },
  'c-so-loop': {
    id: 'c-so-loop', label: 'C via .so, standalone loop', group: 'fidelity', toolchains: ['cc'], checks: 'c-so',
    measures: 'the same loop function, one fixed count per process, timed from outside (minus process start-up)',
  },
  'go-cgo-loop': {
    id: 'go-cgo-loop', label: 'cgo, standalone loop', group: 'fidelity', toolchains: ['go', 'cc'], checks: 'go-cgo',
    measures: 'the same loop function, one fixed count per process, timed from outside (minus process start-up)',
  },
};

/** ffiDefaultRuntimeIds is the default table: every runtime but the extra rows. */
export const ffiDefaultRuntimeIds: readonly FfiRuntimeId[] = ffiRuntimeIds.filter((id) => ffiRuntimes[id].group !== 'extra');

/** isFfiRuntimeId tells whether a string is a known runtime id. */
export function isFfiRuntimeId(id: string): id is FfiRuntimeId {
  return (ffiRuntimeIds as readonly string[]).includes(id);
}

/**
 * ffiRowLabel is a runtime's row label for a runtime version ("Java 25 JNI wrapper + call"
 * for "25.0.3" or "OpenJDK 64-Bit Server VM 25.0.3+9-LTS"); the plain label when the
 * version is unknown or does not matter to the row.
 */
export function ffiRowLabel(id: FfiRuntimeId, version?: string): string {
  const info = ffiRuntimes[id];
  const major = version === undefined ? undefined : /(?:^|\s)(?:1\.)?(\d+)(?=[.+_]|$)/.exec(version)?.[1];
  return info.versionedLabel && major ? info.versionedLabel(major) : info.label;
}
