/**
 * defineDemo: the typed authoring helper for a demo's manifest (`demos/<id>/manifest.ts`).
 * A manifest is what both the server (validation, CLI, /api/demos) and the deck's build
 * (checking `@demo` placeholders) need to know about a demo; it never says how to run it
 * (that is `server/demos/runners/<id>.ts`) nor how to draw it (that is `demos/<id>/widget.ts`).
 */
import type { z } from 'zod';

/** DemoManifest is a demo's identity, slides, parameter schema and requirements. */
export interface DemoManifest<S extends z.ZodObject = z.ZodObject> {
  /** Kebab-case id used in URLs, `@demo` lines and recordings. */
  id: string;
  title: string;
  /** Positions of the original talk's slides this demo belongs to (1-based). */
  slides: number[];
  /** Parameter schema; every field needs a default so `{}` is valid. */
  params: S;
  /** Toolchain ids (see server/toolchains) without which the demo cannot run at all. */
  requires: string[];
  /** Hard wall-time limit of one whole run, build included. */
  timeoutMs: number;
  /** Whether a client may send edited source files (`StartRunRequest.files`). */
  editable?: boolean;
  /**
   * Params whose values get a recording of their own besides the newest one
   * (`recordings/<id>--<value>.json`), so a slide showing one value (trampoline-gdb's
   * `direction`) replays a run of that value in the static deck.
   */
  recordingVariants?: string[];
}

/** recordingKey names the recording file of a run: `<id>--<value>…`, or undefined when the demo has no variants. */
export function recordingKey(demo: string, params: Record<string, unknown>, variants: readonly string[] = []): string | undefined {
  const values = variants.map((name) => params[name]).filter((v) => ['string', 'number', 'boolean'].includes(typeof v));
  if (values.length === 0) return undefined;
  const parts = values.map((v) => String(v).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''));
  return parts.every((p) => p.length > 0) ? [demo, ...parts].join('--') : undefined;
}

/** defineDemo returns its argument, typed; it exists so manifests are checked where written. */
export function defineDemo<S extends z.ZodObject>(manifest: DemoManifest<S>): DemoManifest<S> {
  return manifest;
}

/** demoOfRecordingKey returns the demo id of a recording key (`<id>` or `<id>--<value>…`). */
export function demoOfRecordingKey(key: string): string {
  return key.split('--')[0] ?? key;
}
