/**
 * Terminal formatting for `npm run demo`: `key=value` params and one line per event.
 * Pure (no `node:` imports), so it is tested without running the CLI.
 */
import type { JsonValue, RunEvent } from '../../demos/protocol.ts';

/** maxResultChars shortens a result's JSON on a terminal (use --json for all of it). */
export const maxResultChars = 400;

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters; --json shows all)`;
}

/**
 * parseParamArg turns `key=value` into [key, value], value JSON-parsed when possible,
 * except for the keys in `textKeys` (params whose schema wants a string: `releases=1.20`
 * must stay "1.20", not become the number 1.2).
 */
export function parseParamArg(arg: string, textKeys: ReadonlySet<string> = new Set()): [string, JsonValue] {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new Error(`--param expects key=value, got "${arg}"`);
  const key = arg.slice(0, eq);
  const raw = arg.slice(eq + 1);
  if (textKeys.has(key)) return [key, raw];
  try {
    return [key, JSON.parse(raw) as JsonValue];
  } catch {
    return [key, raw];
  }
}

/** formatEventLine renders one event for a terminal. */
export function formatEventLine(event: RunEvent): string {
  const t = `${(event.tMs / 1000).toFixed(3).padStart(8)}s`;
  switch (event.type) {
    case 'queued':
      return `${t}  queued (position ${event.position})`;
    case 'status':
      return `${t}  [${event.phase}] ${event.message}`;
    case 'progress':
      return `${t}  ${event.step ? `${event.step}: ` : ''}${event.message}`;
    case 'stdout':
    case 'stderr':
      return `${t}  ${event.source ?? event.type}${event.type === 'stderr' ? '!' : '>'} ${event.text.replace(/\n$/, '')}`;
    case 'sample':
      return `${t}  sample ${event.key}${event.label ? ` (${event.label})` : ''}: ${Object.entries(event.values).map(([k, v]) => `${k}=${v}`).join(' ')}`;
    case 'result':
      return `${t}  result ${shorten(JSON.stringify(event.data), maxResultChars)}`;
    case 'error':
      return `${t}  ERROR ${event.code}${event.source ? ` (${event.source})` : ''}: ${event.message}${event.detail ? `\n${event.detail.replace(/^/gm, '          | ')}` : ''}`;
    case 'end':
      return `${t}  end: ${event.outcome} after ${(event.durationMs / 1000).toFixed(2)} s`;
  }
}

