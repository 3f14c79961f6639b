/**
 * The stage fallback's rule: when does a panel offer the slide's recorded result in place
 * of a live run? When the live run it shows failed, timed out or was cancelled, when its
 * stream from the demo server is broken (the server stopped, the network went), or when a
 * Run could not reach the server at all — and only when there is a recording to show. The
 * offer is one key (fallbackKey) or a click; what it shows carries the recorded badge.
 * Pure (no DOM), so the rule is tested in node; run-panel.ts renders it.
 */
import type { RunOutcome } from '../protocol.ts';
import type { ConnectionState } from './transport.ts';

/**
 * fallbackKey is the key that shows the recording: Y (for "yes, the recording"), which
 * neither reveal.js (N P H J K L, arrows, space, B . V / pause, F, G, O, Esc, A, C, ?)
 * nor the deck (S speaker notes, R reader view) uses.
 */
export const fallbackKey = { key: 'Y', keyCode: 89 } as const;

/** LiveRunState is what the panel knows about the live run it shows (or tried to start). */
export interface LiveRunState {
  /** Whether what is shown is a run of the demo server (not a recording, not nothing). */
  live: boolean;
  /** Whether that run has ended, and how. */
  ended: boolean;
  outcome: RunOutcome | null;
  /** The state of its event stream (null: never connected yet). */
  connection: ConnectionState | null;
  /** Why the last Run could not start (the server did not answer), or null. */
  startError: string | null;
  /** Whether a recording of the slide's params is there to show. */
  hasRecording: boolean;
}

/** fallbackReason says why the panel offers its recording (a few words), or null when it does not. */
export function fallbackReason(state: LiveRunState): string | null {
  if (!state.hasRecording) return null;
  if (state.startError !== null) return 'the run could not start';
  if (!state.live) return null;
  if (state.connection === 'reconnecting' || state.connection === 'lost') return 'the demo server is gone';
  if (!state.ended) return null;
  switch (state.outcome) {
    case 'error':
      return 'the live run failed';
    case 'timeout':
      return 'the live run timed out';
    case 'cancelled':
      return 'the live run was cancelled';
    default:
      return null;
  }
}

/** FallbackMessage is what a window tells the deck's other windows when it shows a recording instead. */
export interface FallbackMessage {
  type: 'demo:fallback';
  demo: string;
  /** The recording key shown (the slide's selection). */
  key: string;
}

/** isFallbackMessage checks a message from another window of the deck. */
export function isFallbackMessage(value: unknown): value is FallbackMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Partial<FallbackMessage>;
  return m.type === 'demo:fallback' && typeof m.demo === 'string' && typeof m.key === 'string';
}
