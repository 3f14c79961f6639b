/**
 * Recording keys: which file holds the recording of a run, and which recording a slide
 * replays. Pure; used by the server's recorder, the deck's build and the replay transport.
 *
 * A key is the demo id, then one part per *key param* whose value differs from the
 * manifest's default, sorted by name:
 *
 *   threads-in-c                                 every key param at its default
 *   threads-in-c--variant-max-threads            variant = "max-threads"
 *   pointer-rules--cgocheck2-true--variant-c-malloc
 *
 * Key params are all params except the manifest's `displayParams` (those only change how
 * a result is drawn). A part is `<param in kebab-case>-<value>`: a kebab-case string,
 * an integer or a boolean as is; any other value (a list, a fraction, free text) as `h`
 * plus 8 hex digits of a hash of its JSON, so two values never share a file. The file is
 * `recordings/<key>.json`; the server serves it at `/api/recordings/<key>`.
 */
import type { DemoManifest } from './define-demo.ts';
import type { JsonValue, RunParams } from './protocol.ts';

/** RunSelector says which runs and which recording belong to a slide. */
export interface RunSelector {
  /** The key params at their full values: a live run belongs to the slide if its params match these. */
  match: RunParams;
  /** The recording key of those params. */
  key: string;
}

/**
 * selectorFor is the RunSelector of params given to a demo (a slide's `@demo` params, a
 * widget's button), or undefined when the params do not pass the demo's schema.
 */
export function selectorFor(manifest: DemoManifest, params: RunParams): RunSelector | undefined {
  const parsed = manifest.params.safeParse(params);
  if (!parsed.success) return undefined;
  const full = parsed.data as RunParams;
  const defaults = manifest.params.parse({}) as RunParams;
  const display = new Set<string>(manifest.displayParams ?? []);
  const match: RunParams = {};
  const parts: string[] = [];
  for (const name of Object.keys(full).sort()) {
    if (display.has(name)) continue;
    const value = full[name] as JsonValue;
    match[name] = value;
    if (JSON.stringify(value) !== JSON.stringify(defaults[name])) parts.push(`${kebab(name)}-${valuePart(value)}`);
  }
  return { match, key: [manifest.id, ...parts].join('--') };
}

/** recordingKey is the key of a run's (or a slide's) params; the demo id alone for invalid params. */
export function recordingKey(manifest: DemoManifest, params: RunParams): string {
  return selectorFor(manifest, params)?.key ?? manifest.id;
}

/** demoOfRecordingKey returns the demo id of a recording key (`<id>` or `<id>--<part>…`). */
export function demoOfRecordingKey(key: string): string {
  return key.split('--')[0] ?? key;
}

/** isValidRecordingKey accepts what recordingKey makes (and nothing that could leave a folder). */
export function isValidRecordingKey(key: string): boolean {
  return /^[a-z0-9]+(-{1,2}[a-z0-9]+)*$/.test(key) && key.length <= 200;
}

/** displayParamsOf picks the manifest's display-only params out of `params`. */
export function displayParamsOf(manifest: DemoManifest, params: RunParams): RunParams {
  const out: RunParams = {};
  for (const name of manifest.displayParams ?? []) if (params[name] !== undefined) out[name] = params[name] as JsonValue;
  return out;
}

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

function valuePart(value: JsonValue): string {
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(value)) return value;
  return `h${fnv1a(JSON.stringify(value))}`;
}

/** fnv1a is a 32-bit FNV-1a hash as 8 hex digits: short, stable and dependency-free. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
