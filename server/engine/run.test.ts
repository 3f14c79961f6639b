import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../demos/protocol.ts';
import { createFakeClock } from './clock.ts';
import { createRun, type RunInit } from './run.ts';

function newRun(extra: Partial<RunInit> = {}) {
  const clock = createFakeClock(1_000, new Date('2026-03-04T05:06:07Z'));
  const run = createRun({ runId: 'r1', demo: 'demo-a', params: { n: 1 }, dedupKey: 'k', clock, ...extra });
  return { run, clock };
}

describe('run event log', () => {
  it('numbers events from 1 and stamps them with ms since creation', () => {
    const { run, clock } = newRun();
    expect(run.createdAt).toBe('2026-03-04T05:06:07.000Z');
    expect(run.emit({ type: 'queued', position: 0 })).toEqual({ type: 'queued', position: 0, seq: 1, tMs: 0 });
    clock.advance(12.6);
    expect(run.emit({ type: 'stdout', text: 'x\n' })).toEqual({ type: 'stdout', text: 'x\n', seq: 2, tMs: 13 });
    expect(run.events.map((event) => event.seq)).toEqual([1, 2]);
  });

  it('accepts nothing after end: no event, no seq, no listener call, outcome kept', async () => {
    const { run } = newRun();
    const seen: RunEvent[] = [];
    run.subscribe(0, (event) => seen.push(event));
    run.emit({ type: 'queued', position: 0 });
    const end = run.emit({ type: 'end', outcome: 'cancelled', durationMs: 5 });
    expect(run.state).toBe('done');
    expect(run.outcome).toBe('cancelled');
    expect(await run.done).toBe(end);
    // A demo still unwinding after a cancel or timeout keeps emitting: all of it is dropped.
    expect(run.emit({ type: 'stdout', text: 'late\n' })).toBeUndefined();
    expect(run.emit({ type: 'result', data: { late: true } })).toBeUndefined();
    expect(run.emit({ type: 'end', outcome: 'ok', durationMs: 9 })).toBeUndefined();
    expect(run.events.map((event) => event.type)).toEqual(['queued', 'end']);
    expect(seen.map((event) => event.type)).toEqual(['queued', 'end']);
    expect(run.outcome).toBe('cancelled');
    expect(run.summary()).toMatchObject({ state: 'done', outcome: 'cancelled', lastSeq: 2 });
    // And it cannot be moved out of done.
    run.setState('running');
    expect(run.state).toBe('done');
  });

  it('moves through states until done; the summary says where it is', () => {
    const { run } = newRun({ requestId: 'req-1', files: { 'main.go': 'x' } });
    expect(run.state).toBe('queued');
    expect(run.outcome).toBeUndefined();
    expect(run.requestId).toBe('req-1');
    expect(run.files).toEqual({ 'main.go': 'x' });
    expect(run.summary()).toEqual({ runId: 'r1', demo: 'demo-a', params: { n: 1 }, state: 'queued', createdAt: '2026-03-04T05:06:07.000Z', lastSeq: 0, edited: true });
    expect(newRun().run.summary()).not.toHaveProperty('edited');
    run.setState('running');
    run.emit({ type: 'status', phase: 'running', message: 'go' });
    expect(run.summary()).toMatchObject({ state: 'running', lastSeq: 1 });
    expect(run.summary()).not.toHaveProperty('outcome');
    run.emit({ type: 'end', outcome: 'ok', durationMs: 1 });
    expect(run.summary()).toMatchObject({ state: 'done', outcome: 'ok', lastSeq: 2 });
  });

  it('replays events after a seq, then follows live ones, each once', () => {
    const { run } = newRun();
    for (const text of ['a', 'b', 'c']) run.emit({ type: 'stdout', text });
    const seen: number[] = [];
    const stop = run.subscribe(1, (event) => seen.push(event.seq));
    expect(seen).toEqual([2, 3]);
    expect(run.subscriberCount()).toBe(1);
    run.emit({ type: 'stdout', text: 'd' });
    expect(seen).toEqual([2, 3, 4]);
    stop();
    expect(run.subscriberCount()).toBe(0);
    run.emit({ type: 'stdout', text: 'e' });
    expect(seen).toEqual([2, 3, 4]);
  });

  it('treats odd resume points sanely: negative, fractional, NaN from 0; ahead waits for later events', () => {
    const { run } = newRun();
    for (const text of ['a', 'b', 'c']) run.emit({ type: 'stdout', text });
    const from = (after: number): number[] => {
      const seen: number[] = [];
      run.subscribe(after, (event) => seen.push(event.seq))();
      return seen;
    };
    expect(from(-5)).toEqual([1, 2, 3]);
    expect(from(Number.NaN)).toEqual([1, 2, 3]);
    expect(from(Number.POSITIVE_INFINITY)).toEqual([1, 2, 3]);
    expect(from(1.7)).toEqual([2, 3]);
    expect(from(3)).toEqual([]);
    // A client that claims seq 5 of a run at 3 gets neither 4 nor 5 again, but 6 on.
    const ahead: number[] = [];
    run.subscribe(5, (event) => ahead.push(event.seq));
    for (const text of ['d', 'e', 'f']) run.emit({ type: 'stdout', text });
    expect(ahead).toEqual([6]);
  });

  it('a subscriber to a finished run gets the log and nothing is kept attached', () => {
    const { run } = newRun();
    run.emit({ type: 'stdout', text: 'a' });
    run.emit({ type: 'end', outcome: 'ok', durationMs: 1 });
    const seen: number[] = [];
    const stop = run.subscribe(0, (event) => seen.push(event.seq));
    expect(seen).toEqual([1, 2]);
    expect(run.subscriberCount()).toBe(0);
    expect(stop()).toBeUndefined();
  });

  it('detaches every listener at the end', () => {
    const { run } = newRun();
    run.subscribe(0, () => undefined);
    run.subscribe(0, () => undefined);
    expect(run.subscriberCount()).toBe(2);
    run.emit({ type: 'end', outcome: 'ok', durationMs: 1 });
    expect(run.subscriberCount()).toBe(0);
  });

  it('one throwing listener does not stop the others or the run', () => {
    const { run } = newRun();
    const seen: string[] = [];
    run.subscribe(0, () => {
      throw new Error('socket closed');
    });
    run.subscribe(0, (event) => seen.push(event.type));
    expect(() => run.emit({ type: 'stdout', text: 'a' })).not.toThrow();
    run.emit({ type: 'end', outcome: 'ok', durationMs: 1 });
    expect(seen).toEqual(['stdout', 'end']);
    expect(run.state).toBe('done');
  });

  it('never stamps a negative time', () => {
    let now = 100;
    const clock = { ...createFakeClock(), now: () => now };
    const run = createRun({ runId: 'r', demo: 'd', params: {}, dedupKey: 'k', clock });
    now = 50; // a clock that stepped back
    expect(run.emit({ type: 'stdout', text: 'x' })?.tMs).toBe(0);
  });
});
