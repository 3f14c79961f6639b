/**
 * defineDemo: the typed authoring helper for a demo's manifest (`demos/<id>/manifest.ts`).
 * A manifest is the demo's one typed contract, read by every side:
 *
 *   - the server validates a run's params with `params` and the runner's result with
 *     `result` (a result that breaks its schema ends the run as an error);
 *   - the runner (`server/demos/runners/<id>.ts`) gets `z.infer<params>` and must hand
 *     `ctx.result` a value of `result`'s type;
 *   - the widget (`demos/<id>/widget.ts`, defineWidget) gets the params and the result
 *     parsed by the same schemas, typed, without casts;
 *   - recordings are keyed by the params that change what runs (recording-key.ts): the
 *     `displayParams` only change how a result is drawn, so a slide's values of those win
 *     over a recording's, and they are not part of the key;
 *   - the deck's build and tests check that every param set a slide (or the widget's
 *     `variants`) offers has a recording that passes `result`;
 *   - `requires` and `optionalRows` say what a run needs: the doctor and the preflight
 *     read them before anything runs.
 *
 * A manifest never says how to run the demo (the runner) nor how to draw it (the widget).
 */
import type { z } from 'zod';
import type { JsonValue } from './protocol.ts';

/**
 * DemoManifest is a demo's identity, params and result schemas, and requirements. It says
 * nothing about slides: any deck may show the demo, with one `@demo` line, anywhere.
 */
export interface DemoManifest<P extends z.ZodObject = z.ZodObject, R extends z.ZodType = z.ZodType> {
  /** Kebab-case id used in URLs, `@demo` lines and recordings. */
  id: string;
  title: string;
  /** Parameter schema; every field needs a default so `{}` is valid. */
  params: P;
  /**
   * Schema of the `result` event's data. The runner's value must pass it (checked by the
   * engine on every run), and so must every committed recording (checked by the tests;
   * a recording that does not is shown as "recording out of date").
   */
  result: R;
  /** Toolchain ids (see server/toolchains) without which the demo cannot run at all. */
  requires: string[];
  /**
   * The rows of a run with these params that need more toolchains than `requires` (the
   * FFI table's LuaJIT row needs luajit): `id` is the row's `source` in its `error` event
   * when it cannot run. A missing one turns its row into a "missing" row, never the run
   * into a failure; `npm run preflight` warns about each before the talk.
   */
  optionalRows?(params: z.output<P>): OptionalRow[];
  /** Hard wall-time limit of one whole run, build included. */
  timeoutMs: number;
  /** Whether a client may send edited source files (`StartRunRequest.files`). */
  editable?: boolean;
  /**
   * Params that only change how a result is drawn (ffi-overhead's `view`, or `runtimes`
   * as a filter over recorded rows): never part of a recording's key, and on a slide the
   * slide's value wins over the value the shown run or recording was made with.
   */
  displayParams?: readonly (keyof z.input<P> & string)[];
  /**
   * Param sets the widget offers as buttons besides the slides' own `@demo` params (e.g.
   * pointer-rules' Pinner / Handle / C.malloc variants): each must have a recording, so
   * the static deck and the PDF answer every button.
   */
  variants?: ReadonlyArray<Partial<{ [K in keyof z.input<P>]: z.input<P>[K] & JsonValue }>>;
}

/** OptionalRow is a row of a demo's result that needs toolchains of its own (DemoManifest.optionalRows). */
export interface OptionalRow {
  id: string;
  label: string;
  /** Toolchain ids (see server/toolchains) beyond the manifest's `requires`. */
  requires: string[];
}

/** DemoParams is the params type of a manifest, after defaults (what runners and widgets get). */
export type DemoParams<M> = M extends DemoManifest<infer P, z.ZodType> ? z.output<P> : never;

/** DemoResult is the result type of a manifest (what `ctx.result` takes and widgets receive). */
export type DemoResult<M> = M extends DemoManifest<z.ZodObject, infer R> ? z.output<R> : never;

/** defineDemo returns its argument, typed; it exists so manifests are checked where written. */
export function defineDemo<P extends z.ZodObject, R extends z.ZodType>(manifest: DemoManifest<P, R>): DemoManifest<P, R> {
  return manifest;
}
