/**
 * The check of a stage fallback (`POST /api/stage/fallback`, protocol.ts StageFallback):
 * the speaker's deck says it shows the recording `key` of `demo` instead of its live run,
 * and every follower's panel of that demo and selection shows the same. Both must name
 * something the server has: a demo of its own and one of that demo's recording keys (a
 * key is a file name, so nothing else may pass). Pure: the demo list comes in.
 */
import { z } from 'zod';
import type { StageFallback } from '../../demos/protocol.ts';
import { demoOfRecordingKey, isValidRecordingKey } from '../../demos/recording-key.ts';
import { formatIssues } from '../engine/params.ts';

const fallbackSchema = z.object({ demo: z.string().min(1).max(200), key: z.string().min(1).max(300) }).strict();

/** FallbackCheck is a validated fallback, or the issues that make it invalid. */
export type FallbackCheck = { ok: true; fallback: StageFallback } | { ok: false; issues: string[] };

/** checkStageFallback validates a fallback's body against the server's demos. */
export function checkStageFallback(body: unknown, knowsDemo: (id: string) => boolean): FallbackCheck {
  const parsed = fallbackSchema.safeParse(body);
  if (!parsed.success) return { ok: false, issues: formatIssues(parsed.error.issues) };
  const { demo, key } = parsed.data;
  if (!knowsDemo(demo)) return { ok: false, issues: [`demo: no demo "${demo}" on this server`] };
  if (!isValidRecordingKey(key) || demoOfRecordingKey(key) !== demo) return { ok: false, issues: [`key: "${key}" is not a recording key of ${demo}`] };
  return { ok: true, fallback: { demo, key } };
}
