import { describe, expect, it } from 'vitest';
import { describeRunStatus, initialRunStatus, reduceRunStatus } from './run-status.ts';
import { events } from './test-fakes.ts';
import type { RunEventBody } from '../protocol.ts';

function after(bodies: RunEventBody[]): string {
  return describeRunStatus(events(bodies).reduce(reduceRunStatus, initialRunStatus()));
}

describe('describeRunStatus', () => {
  it('says how many runs are ahead while queued', () => {
    expect(after([{ type: 'queued', position: 2 }])).toBe('Waiting: 2 runs ahead');
    expect(after([{ type: 'queued', position: 1 }])).toBe('Waiting: 1 run ahead');
    expect(after([{ type: 'queued', position: 2 }, { type: 'queued', position: 0 }])).toBe('Waiting: next in line');
  });

  it('shows the phase with the latest progress message', () => {
    expect(
      after([
        { type: 'queued', position: 0 },
        { type: 'status', phase: 'building', message: 'Building the Rust harness' },
        { type: 'progress', message: 'cargo build --release' },
      ]),
    ).toBe('Building: cargo build --release');
  });

  it('names each outcome', () => {
    expect(after([{ type: 'end', outcome: 'ok', durationMs: 2500 }])).toBe('Done in 2.5 s');
    expect(after([{ type: 'end', outcome: 'cancelled', durationMs: 1 }])).toBe('Cancelled');
    expect(
      after([
        { type: 'error', code: 'build-failed', message: 'gcc failed' },
        { type: 'end', outcome: 'error', durationMs: 1 },
      ]),
    ).toBe('Failed: gcc failed');
    expect(after([{ type: 'end', outcome: 'timeout', durationMs: 60000 }])).toBe('Timed out in 60.0 s');
  });
});
