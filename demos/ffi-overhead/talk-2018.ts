/**
 * The 2018 FFI overhead table (slides 5–8 of "Why cgo is slow", CapitalGo 2018), in one
 * place with its sources. Pure data, no imports.
 *
 * Every cell is a row of dyu/ffi-overhead's published results (milliseconds for
 * 500,000,000 calls of `plusone`) divided by the call count. Slide 5 showed cgo at
 * 75.95 ns; slides 7–8 at 68.77 ns, most likely 75.95 ns less slide 6's −9.43 % runtime
 * change, and 68.77 / 2.364 ≈ 29 ("(29x)" on slide 8).
 */

/** Talk2018Figure is one cell of the 2018 table. */
export type Talk2018Figure = {
  /** What the slide's column said. */
  column: string;
  /** Nanoseconds per call as shown on the slide. */
  nsPerCall: number;
  /** dyu/ffi-overhead's total for 500,000,000 calls, in milliseconds (null if derived). */
  totalMs: number | null;
  /** What the 2018 harness really measured. */
  measured: string;
};

/** talk2018Calls is the loop count behind every 2018 figure. */
export const talk2018Calls = 500_000_000;

/** talk2018 holds the slide's figures, keyed by the runtime id that measures the same thing today. */
export const talk2018 = {
  'c-so': { column: 'C function call', nsPerCall: 2.364, totalMs: 1182, measured: 'C calling plusone in a shared library through the PLT' },
  'java-jni': { column: 'Java FFI', nsPerCall: 9.01, totalMs: 4505, measured: 'Java 8 JNI: a native method whose C wrapper calls plusone' },
  rust: { column: 'Rust FFI', nsPerCall: 2.386, totalMs: 1193, measured: 'Rust extern "C" through the PLT' },
  luajit: { column: 'LuaJIT FFI', nsPerCall: 1.81, totalMs: 905, measured: 'LuaJIT 2.0.4 FFI calling the resolved address directly (no PLT: why it beat C)' },
  'node-napi': { column: 'Node.js FFI', nsPerCall: 18.33, totalMs: 9163, measured: 'node 6.9 with a hand-written V8 C++ addon (not an FFI library)' },
  'go-cgo': { column: 'cgo', nsPerCall: 68.77, totalMs: null, measured: 'Go 1.8 cgo through the PLT; slide 5 showed 75.95 ns (37975 ms), slides 7–8 68.77 ns after the −9.43 % change of slide 6' },
} as const satisfies Record<string, Talk2018Figure>;

/** talk2018CgoSlide5Ns is cgo as first shown on slide 5 (37975 ms / 500M calls). */
export const talk2018CgoSlide5Ns = 75.95;

/** talk2018CgoRatio is slide 8's "(29x)": cgo over the C function call. */
export const talk2018CgoRatio = talk2018['go-cgo'].nsPerCall / talk2018['c-so'].nsPerCall;

/** talk2018Source names where the 2018 figures come from and what they ran on. */
export const talk2018Source = {
  table: 'https://github.com/dyu/ffi-overhead',
  luajitNote: 'https://nullprogram.com/blog/2018/05/27/ ("When FFI Function Calls Beat Native C")',
  machine: 'i7-3630QM laptop; Go 1.8, node 6.9, LuaJIT 2.0.4, Java 8',
  method: 'gettimeofday (1 ms resolution, not monotonic), 2 samples, 500,000,000 calls each',
} as const;
