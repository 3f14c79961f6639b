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
}

/** defineDemo returns its argument, typed; it exists so manifests are checked where written. */
export function defineDemo<S extends z.ZodObject>(manifest: DemoManifest<S>): DemoManifest<S> {
  return manifest;
}
