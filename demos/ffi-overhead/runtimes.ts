/**
 * The runtimes the FFI overhead demo can measure, in display order, each labelled with
 * exactly what it measures (the talk's table mixed PLT calls, direct calls, a JNI
 * wrapper and a V8 addon under one heading; this catalogue does not). Pure data.
 *
 * Groups: "row" (the table), "reference" (context rows: pure Go, C direct call is a row
 * too since it is a baseline), "fidelity" (the same call timed as a plain standalone
 * loop from outside the process, to check the in-process batches are honest).
 */

/** ffiRuntimeIds lists every runtime id, in the order they run and show. */
export const ffiRuntimeIds = [
  'c-direct',
  'c-so',
  'rust',
  'luajit',
  'java-jni',
  'java-ffm',
  'node-napi',
  'node-koffi',
  'go',
  'go-cgo',
  'go-cgo-noescape',
  'python-ctypes',
  'c-so-loop',
  'go-cgo-loop',
] as const;

/** FfiRuntimeId names one measured runtime. */
export type FfiRuntimeId = (typeof ffiRuntimeIds)[number];

/** FfiRuntimeGroup says where a runtime's row belongs. */
export type FfiRuntimeGroup = 'row' | 'reference' | 'fidelity';

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
};

/** ffiRuntimes describes every runtime, keyed by id. */
export const ffiRuntimes: Record<FfiRuntimeId, FfiRuntime> = {
  'c-direct': {
    id: 'c-direct', label: 'C, direct call (same binary)', group: 'row', toolchains: ['cc'],
    measures: 'a noinline function in the same executable: a plain call, no PLT',
  },
  'c-so': {
    id: 'c-so', label: 'C via libplusone.so (PLT)', group: 'row', toolchains: ['cc'],
    measures: 'a call through the PLT stub into the shared library: the talk’s “C function call”',
  },
  rust: {
    id: 'rust', label: 'Rust extern "C"', group: 'row', toolchains: ['rust', 'cc'],
    measures: 'rustc -O code calling the same .so through the PLT',
  },
  luajit: {
    id: 'luajit', label: 'LuaJIT FFI', group: 'row', toolchains: ['luajit', 'cc'],
    measures: 'ffi.load, then JIT code calls the dlsym’d address directly (no PLT)',
  },
  'java-jni': {
    id: 'java-jni', label: 'Java JNI wrapper + call', group: 'row', toolchains: ['java', 'cc'],
    measures: 'a JNI native method whose C body calls plusone in the .so (two calls)',
  },
  'java-ffm': {
    id: 'java-ffm', label: 'Java FFM downcall', group: 'row', toolchains: ['java-ffm', 'cc'],
    measures: 'java.lang.foreign Linker downcall handle to the dlsym’d address (JDK ≥ 22)',
  },
  'node-napi': {
    id: 'node-napi', label: 'Node.js N-API addon', group: 'row', toolchains: ['node', 'cc'],
    measures: 'a C++ addon (node-addon-api) calling the .so; 2018’s row was a hand-written V8 addon',
  },
  'node-koffi': {
    id: 'node-koffi', label: 'Node.js koffi FFI', group: 'row', toolchains: ['node', 'cc'],
    measures: 'koffi, a real FFI library: the signature is declared at run time',
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
    id: 'go-cgo-noescape', label: 'cgo + noescape/nocallback', group: 'row', toolchains: ['go', 'cc'],
    measures: 'the same call with Go 1.24’s #cgo noescape and #cgo nocallback',
  },
  'python-ctypes': {
    id: 'python-ctypes', label: 'Python ctypes', group: 'row', toolchains: ['python', 'cc'],
    measures: 'CPython ctypes calling the .so: the far end',
  },
  'c-so-loop': {
    id: 'c-so-loop', label: 'C via .so, standalone loop', group: 'fidelity', toolchains: ['cc'], checks: 'c-so',
    measures: 'one fixed-count loop per process, timed from outside (minus process start-up)',
  },
  'go-cgo-loop': {
    id: 'go-cgo-loop', label: 'cgo, standalone loop', group: 'fidelity', toolchains: ['go', 'cc'], checks: 'go-cgo',
    measures: 'one fixed-count loop per process, timed from outside (minus process start-up)',
  },
};

/** isFfiRuntimeId tells whether a string is a known runtime id. */
export function isFfiRuntimeId(id: string): id is FfiRuntimeId {
  return (ffiRuntimeIds as readonly string[]).includes(id);
}
