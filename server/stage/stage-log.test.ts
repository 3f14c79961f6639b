import { describe, expect, it } from 'vitest';
import type { RunSummary, StageEvent } from '../../demos/protocol.ts';
import { createStageLog } from './stage-log.ts';

const run = (runId: string): RunSummary => ({ runId, demo: 'quick', params: {}, state: 'queued', createdAt: '2026-01-01T00:00:00.000Z', lastSeq: 1 });
const at = (h: number, v = 0, f = -1) => ({ type: 'position' as const, position: { h, v, f } });
const seqs = (events: readonly StageEvent[]): number[] => events.map((event) => event.seq);

function clock(start = 1000): { now: () => number; advance: (ms: number) => void } {
  let nowMs = start;
  return { now: () => nowMs, advance: (ms) => (nowMs += ms) };
}

describe('stage log', () => {
  it('numbers events 1, 2, 3 … and stamps tMs since it was made', () => {
    const time = clock();
    const log = createStageLog({ now: time.now });
    expect(log.lastSeq).toBe(0);
    expect(log.latestPosition).toBeUndefined();
    time.advance(12.4);
    const first = log.append(at(1));
    time.advance(100);
    const second = log.append({ type: 'run-started', run: run('r1') });
    expect(first).toEqual({ type: 'position', position: { h: 1, v: 0, f: -1 }, seq: 1, tMs: 12 });
    expect(second).toMatchObject({ type: 'run-started', seq: 2, tMs: 112 });
    expect(log.lastSeq).toBe(2);
    expect(log.latestPosition).toBe(first);
  });

  it('starts a new stream (no after, or 0) at the newest position and what followed it', () => {
    const log = createStageLog({ now: () => 0 });
    expect(log.plan(undefined)).toEqual({ ok: true, events: [] });
    log.append({ type: 'run-started', run: run('before') });
    // No position yet: a new follower gets nothing from the past.
    expect(log.plan(undefined)).toEqual({ ok: true, events: [] });
    log.append(at(1));
    log.append(at(2));
    log.append({ type: 'run-started', run: run('r1') });
    const fresh = log.plan(undefined);
    expect(fresh.ok && seqs(fresh.events)).toEqual([3, 4]);
    const zero = log.plan(0);
    expect(zero.ok && seqs(zero.events)).toEqual([3, 4]);
  });

  it('resumes after a seq with every later event, none twice', () => {
    const log = createStageLog({ now: () => 0 });
    for (let h = 1; h <= 5; h++) log.append(at(h));
    const resumed = log.plan(2);
    expect(resumed.ok && seqs(resumed.events)).toEqual([3, 4, 5]);
    expect(log.plan(5)).toEqual({ ok: true, events: [] });
    const first = log.plan(1);
    expect(first.ok && first.events[0]).toMatchObject({ seq: 2, position: { h: 2 } });
  });

  it('refuses a seq beyond its newest one, and a negative or fractional one', () => {
    const log = createStageLog({ now: () => 0 });
    log.append(at(1));
    const beyond = log.plan(2);
    expect(beyond.ok).toBe(false);
    expect(!beyond.ok && beyond.message).toMatch(/Last-Event-ID 2 is beyond the stage stream's last event \(1\)/);
    expect(log.plan(-1).ok).toBe(false);
    expect(log.plan(0.5).ok).toBe(false);
  });

  it('keeps the newest `capacity` events; a resume from before them starts like a new stream', () => {
    const log = createStageLog({ now: () => 0, capacity: 3 });
    log.append(at(1)); // 1
    log.append({ type: 'run-started', run: run('r1') }); // 2
    log.append(at(2)); // 3
    log.append({ type: 'run-started', run: run('r2') }); // 4
    log.append({ type: 'run-started', run: run('r3') }); // 5: keeps 3, 4, 5
    const kept = log.plan(2);
    expect(kept.ok && seqs(kept.events)).toEqual([3, 4, 5]);
    // After 1: event 2 is gone, so it starts at the newest position (3).
    const tooOld = log.plan(1);
    expect(tooOld.ok && seqs(tooOld.events)).toEqual([3, 4, 5]);
    log.append({ type: 'run-started', run: run('r4') }); // 6: keeps 4, 5, 6; position 3 left the window
    // The newest position is still where a new follower starts.
    const gone = log.plan(2);
    expect(gone.ok && seqs(gone.events)).toEqual([3, 4, 5, 6]);
    const fresh = log.plan(undefined);
    expect(fresh.ok && seqs(fresh.events)).toEqual([3, 4, 5, 6]);
    const resumed = log.plan(4);
    expect(resumed.ok && seqs(resumed.events)).toEqual([5, 6]);
    expect(log.latestPosition?.seq).toBe(3);
  });

  it('subscribe replays the plan, then delivers live events until unsubscribed', () => {
    const log = createStageLog({ now: () => 0 });
    log.append(at(1));
    log.append(at(2));
    const seen: number[] = [];
    const sub = log.subscribe(1, (event) => seen.push(event.seq));
    expect(sub.ok).toBe(true);
    expect(seen).toEqual([2]);
    expect(log.listenerCount()).toBe(1);
    log.append(at(3));
    expect(seen).toEqual([2, 3]);
    sub.unsubscribe();
    expect(log.listenerCount()).toBe(0);
    log.append(at(4));
    expect(seen).toEqual([2, 3]);
  });

  it('subscribe to an impossible resume point registers nothing', () => {
    const log = createStageLog({ now: () => 0 });
    const seen: number[] = [];
    const sub = log.subscribe(7, (event) => seen.push(event.seq));
    expect(sub.ok).toBe(false);
    expect(log.listenerCount()).toBe(0);
    log.append(at(1));
    expect(seen).toEqual([]);
  });

  it('a listener that throws does not stop the others', () => {
    const log = createStageLog({ now: () => 0 });
    const seen: number[] = [];
    log.subscribe(undefined, () => {
      throw new Error('socket gone');
    });
    log.subscribe(undefined, (event) => seen.push(event.seq));
    log.append(at(1));
    expect(seen).toEqual([1]);
  });

  it('keeps exactly `capacity` events, and resumes from just before the first kept one with all of them', () => {
    const log = createStageLog({ now: () => 0, capacity: 2 });
    for (const id of ['r1', 'r2', 'r3']) log.append({ type: 'run-started', run: run(id) }); // keeps 2, 3
    const resumed = log.plan(1);
    expect(resumed.ok && seqs(resumed.events)).toEqual([2, 3]);
    const moved = createStageLog({ now: () => 0, capacity: 3 });
    moved.append(at(1)); // 1: the position, soon out of the window
    for (const id of ['r1', 'r2', 'r3']) moved.append({ type: 'run-started', run: run(id) }); // keeps 2, 3, 4
    const justBefore = moved.plan(1);
    expect(justBefore.ok && seqs(justBefore.events)).toEqual([2, 3, 4]);
  });

  it('says what is wrong with a negative or fractional seq', () => {
    const log = createStageLog({ now: () => 0 });
    log.append(at(1));
    expect(log.plan(-1)).toEqual({ ok: false, message: '`after` / Last-Event-ID must be a non-negative integer (a seq), got -1' });
    expect(log.plan(0.5)).toEqual({ ok: false, message: '`after` / Last-Event-ID must be a non-negative integer (a seq), got 0.5' });
  });
});
