/**
 * What the run panel's status line says, derived from the events seen so far. Pure (no
 * DOM) so the wording for every phase is tested in node, and the panel only renders it.
 */
import type { RunEvent, RunOutcome, RunPhase } from '../protocol.ts';

/** RunStatus is the panel's view of one run, folded from its events. */
export interface RunStatus {
  /** Where the run is: before any event, waiting, working, or finished. */
  stage: 'idle' | 'queued' | 'working' | 'ended';
  /** Runs ahead of this one while queued. */
  position: number;
  phase: RunPhase | null;
  /** The newest human sentence (status or progress message). */
  message: string;
  outcome: RunOutcome | null;
  /** The error event's message, if the run reported one. */
  error: string | null;
  durationMs: number | null;
}

/** initialRunStatus is the status before any event arrived. */
export function initialRunStatus(): RunStatus {
  return { stage: 'idle', position: 0, phase: null, message: '', outcome: null, error: null, durationMs: null };
}

/** reduceRunStatus folds one event into the status; events that say nothing new leave it as is. */
export function reduceRunStatus(status: RunStatus, event: RunEvent): RunStatus {
  switch (event.type) {
    case 'queued':
      return { ...status, stage: 'queued', position: event.position, phase: 'queued' };
    case 'status':
      return { ...status, stage: 'working', phase: event.phase, message: event.message };
    case 'progress':
      return { ...status, stage: status.stage === 'ended' ? 'ended' : 'working', message: event.message };
    case 'error':
      return { ...status, error: event.message };
    case 'end':
      return { ...status, stage: 'ended', outcome: event.outcome, durationMs: event.durationMs };
    default:
      return status;
  }
}

/** describeRunStatus is the sentence on the status line, e.g. "Waiting: 2 runs ahead". */
export function describeRunStatus(status: RunStatus): string {
  switch (status.stage) {
    case 'idle':
      return 'Starting…';
    case 'queued':
      return status.position === 0
        ? 'Waiting: next in line'
        : `Waiting: ${status.position} run${status.position === 1 ? '' : 's'} ahead`;
    case 'working': {
      const phase = status.phase ? capitalize(status.phase) : 'Running';
      return status.message ? `${phase}: ${status.message}` : `${phase}…`;
    }
    case 'ended': {
      const took = status.durationMs !== null ? ` in ${(status.durationMs / 1000).toFixed(1)} s` : '';
      switch (status.outcome) {
        case 'ok':
          return `Done${took}`;
        case 'cancelled':
          return 'Cancelled';
        case 'timeout':
          return `Timed out${took}${status.error ? `: ${status.error}` : ''}`;
        default:
          return `Failed${status.error ? `: ${status.error}` : ''}`;
      }
    }
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
