import { describe, expect, it } from 'vitest';
import { checkDriveRequest, checkStepRequest, createDriver, maxSlideIndex } from './driver.ts';
import { createSeat, type Party } from './driver-seat.ts';
import { createStageLog } from './stage-log.ts';

const p = (h: number, v = 0, f = -1) => ({ h, v, f });

function setup(rememberedRequests?: number) {
  const log = createStageLog({ now: () => 0 });
  const driver = createDriver({ log, ...(rememberedRequests ? { rememberedRequests } : {}) });
  return { log, driver };
}

describe('driver', () => {
  it('applies a move: a position event, and the answer says where the driver is', () => {
    const { log, driver } = setup();
    expect(driver.drive({ requestId: 'a', position: p(3, 1, 2) })).toEqual({ applied: true, position: p(3, 1, 2), seq: 1 });
    expect(log.latestPosition).toMatchObject({ seq: 1, position: p(3, 1, 2) });
    expect(driver.drive({ requestId: 'b', position: p(4), from: p(3, 1, 2) })).toEqual({ applied: true, position: p(4), seq: 2 });
  });

  it('answers a retried request id as the first time and never moves twice', () => {
    const { log, driver } = setup();
    const first = driver.drive({ requestId: 'next-1', position: p(1), from: p(0) });
    // from p(0) is not current (nothing published yet): stale.
    expect(first).toEqual({ applied: false, reason: 'stale', position: null, seq: 0 });
    const move = driver.drive({ requestId: 'next-2', position: p(1) });
    expect(move.applied).toBe(true);
    const retry = driver.drive({ requestId: 'next-2', position: p(1) });
    expect(retry).toEqual(move);
    // Even when the driver has moved on since: the retry does not bring it back.
    driver.drive({ requestId: 'next-3', position: p(2), from: p(1) });
    expect(driver.drive({ requestId: 'next-2', position: p(1) })).toEqual(move);
    expect(log.lastSeq).toBe(2);
    expect(log.latestPosition?.position).toEqual(p(2));
  });

  it('ignores a move sent from a position that is no longer current', () => {
    const { log, driver } = setup();
    driver.drive({ requestId: '1', position: p(5) });
    driver.drive({ requestId: '2', position: p(6), from: p(5) });
    // A second Next pressed on slide 5 arrives after the first one moved to 6.
    const late = driver.drive({ requestId: '3', position: p(6), from: p(5) });
    expect(late).toEqual({ applied: false, reason: 'stale', position: p(6), seq: 2 });
    const lateFragment = driver.drive({ requestId: '4', position: p(7), from: p(6, 0, 0) });
    expect(lateFragment.reason).toBe('stale');
    expect(log.lastSeq).toBe(2);
  });

  it('the same slide of another deck is somewhere else', () => {
    const { driver } = setup();
    driver.drive({ requestId: '1', position: { ...p(2), deck: '/' } });
    expect(driver.drive({ requestId: '2', position: { ...p(2), deck: '/lightning/' }, from: { ...p(2), deck: '/' } })).toMatchObject({ applied: true, seq: 2 });
    expect(driver.drive({ requestId: '3', position: p(3), from: { ...p(2), deck: '/' } }).reason).toBe('stale');
  });

  it('a move to where the driver already is changes nothing', () => {
    const { log, driver } = setup();
    driver.drive({ requestId: '1', position: p(2, 1, 0) });
    expect(driver.drive({ requestId: '2', position: p(2, 1, 0) })).toEqual({ applied: false, reason: 'unchanged', position: p(2, 1, 0), seq: 1 });
    expect(driver.drive({ requestId: '3', position: p(2, 1, 1), from: p(2, 1, 0) }).applied).toBe(true);
    expect(log.lastSeq).toBe(2);
  });

  it('the answer and the event hold copies, not the request', () => {
    const { log, driver } = setup();
    const position = p(1);
    const answer = driver.drive({ requestId: '1', position });
    position.h = 9;
    expect(answer.position).toEqual(p(1));
    expect(log.latestPosition?.position).toEqual(p(1));
  });

  it('remembers the newest request ids only', () => {
    const { driver } = setup(2);
    driver.drive({ requestId: 'a', position: p(1) });
    driver.drive({ requestId: 'b', position: p(2) });
    driver.drive({ requestId: 'c', position: p(3) });
    // 'a' is forgotten: asked again, it is a new move (back to 1).
    expect(driver.drive({ requestId: 'a', position: p(1) })).toMatchObject({ applied: true, seq: 4 });
    // 'c' is still remembered.
    expect(driver.drive({ requestId: 'c', position: p(3) })).toMatchObject({ applied: true, seq: 3 });
  });
});

describe('checkDriveRequest', () => {
  it('accepts a move with or without from', () => {
    expect(checkDriveRequest({ requestId: 'x', position: p(1, 2, 3) })).toEqual({ ok: true, request: { requestId: 'x', position: p(1, 2, 3) } });
    expect(checkDriveRequest({ requestId: 'x', position: p(1), from: p(0, 0, 0) })).toEqual({
      ok: true,
      request: { requestId: 'x', position: p(1), from: p(0, 0, 0) },
    });
    expect(checkDriveRequest({ requestId: 'x', position: p(maxSlideIndex, maxSlideIndex, maxSlideIndex) }).ok).toBe(true);
    expect(checkDriveRequest({ requestId: 'x', position: { ...p(1), deck: '/lightning/' } })).toEqual({ ok: true, request: { requestId: 'x', position: { ...p(1), deck: '/lightning/' } } });
  });

  it('names what is wrong', () => {
    const issues = (body: unknown): string[] => {
      const check = checkDriveRequest(body);
      return check.ok ? [] : check.issues;
    };
    expect(issues(null).length).toBeGreaterThan(0);
    expect(issues({ position: p(1) })[0]).toMatch(/^requestId: /);
    expect(issues({ requestId: '', position: p(1) })[0]).toMatch(/^requestId: /);
    expect(issues({ requestId: 'x'.repeat(201), position: p(1) })[0]).toMatch(/^requestId: /);
    expect(issues({ requestId: 'x', position: { h: -1, v: 0, f: 0 } })[0]).toMatch(/^position\.h: /);
    expect(issues({ requestId: 'x', position: { h: 1.5, v: 0, f: 0 } })[0]).toMatch(/^position\.h: /);
    expect(issues({ requestId: 'x', position: { h: 0, v: -1, f: 0 } })[0]).toMatch(/^position\.v: /);
    expect(issues({ requestId: 'x', position: { h: 0, v: 0, f: -2 } })[0]).toMatch(/^position\.f: /);
    expect(issues({ requestId: 'x', position: { h: maxSlideIndex + 1, v: 0, f: 0 } })[0]).toMatch(/^position\.h: /);
    expect(issues({ requestId: 'x', position: { h: 0, v: 0 } })[0]).toMatch(/^position\.f: /);
    expect(issues({ requestId: 'x', position: p(1), form: p(0) })[0]).toMatch(/form/);
    expect(issues({ requestId: 'x', position: p(1), from: { h: 'a', v: 0, f: 0 } })[0]).toMatch(/^from\.h: /);
    expect(issues({ requestId: 'x', position: { ...p(1), deck: 'https://evil.example/' } })[0]).toMatch(/^position\.deck: a path on this server/);
    expect(issues({ requestId: 'x', position: { ...p(1), deck: `/${'a'.repeat(200)}` } })[0]).toMatch(/^position\.deck: /);
  });
});

describe('steps (a remote\'s Next / Previous)', () => {
  const speaker: Party = { kind: 'speaker' };
  const phone: Party = { kind: 'remote', id: 'r1', label: 'remote 1' };
  const cohost: Party = { kind: 'remote', id: 'r2', label: 'remote 2' };

  function withSeat() {
    const log = createStageLog({ now: () => 0 });
    const seat = createSeat((next) => log.append({ type: 'driver', seat: next }));
    const moves: Array<{ h: number; v: number; f: number }> = [];
    const driver = createDriver({ log, seat, onMove: (position) => moves.push(position) });
    return { log, seat, driver, moves };
  }

  it('passes a step from the current position on to the deck as a step event; the position waits for the deck', () => {
    const { log, driver, moves } = withSeat();
    driver.drive({ requestId: 'deck-1', position: p(2) });
    expect(moves).toEqual([p(2)]);
    const answer = driver.step({ requestId: 's1', step: 'next', from: p(2) }, phone);
    // The phone took the free seat (a driver event), then the step went out.
    expect(answer).toEqual({ accepted: true, position: p(2), seq: 3 });
    expect(log.plan(1)).toEqual({
      ok: true,
      events: [
        { type: 'driver', seat: { remote: { id: 'r1', label: 'remote 1' }, asking: null }, seq: 2, tMs: 0 },
        { type: 'step', step: 'next', from: p(2), requestId: 's1', seq: 3, tMs: 0 },
      ],
    });
    expect(log.latestPosition?.position).toEqual(p(2));
  });

  it('a retried step is answered as the first time and never sent twice', () => {
    const { log, driver } = withSeat();
    driver.drive({ requestId: 'deck-1', position: p(2) });
    const first = driver.step({ requestId: 's1', step: 'next', from: p(2) }, phone);
    expect(driver.step({ requestId: 's1', step: 'next', from: p(2) }, phone)).toEqual(first);
    driver.drive({ requestId: 'deck-2', position: p(3), from: p(2) });
    expect(driver.step({ requestId: 's1', step: 'next', from: p(2) }, phone)).toEqual(first);
    expect(log.lastSeq).toBe(4);
    // Step and move ids are apart: a move reusing a step's id is a move of its own.
    expect(driver.drive({ requestId: 's1', position: p(4), from: p(3) }).applied).toBe(true);
  });

  it('ignores a step from a position no longer current, and one before the deck said where it is', () => {
    const { log, driver } = withSeat();
    expect(driver.step({ requestId: 's0', step: 'next', from: p(0) }, phone)).toEqual({ accepted: false, reason: 'no-deck', position: null, seq: 0 });
    driver.drive({ requestId: 'deck-1', position: p(5, 0, 1) });
    expect(driver.step({ requestId: 's1', step: 'prev', from: p(5, 0, 0) }, phone)).toEqual({ accepted: false, reason: 'stale', position: p(5, 0, 1), seq: 1 });
    expect(log.lastSeq).toBe(1);
  });

  it('refuses a remote that does not hold the seat; the speaker always steps', () => {
    const { log, driver } = withSeat();
    driver.drive({ requestId: 'deck-1', position: p(1) });
    expect(driver.step({ requestId: 'a', step: 'next', from: p(1) }, phone).accepted).toBe(true);
    const refused = driver.step({ requestId: 'b', step: 'next', from: p(1) }, cohost);
    expect(refused).toEqual({ accepted: false, reason: 'not-driver', position: p(1), seq: 1 });
    expect(driver.step({ requestId: 'c', step: 'prev', from: p(1) }, speaker).accepted).toBe(true);
    expect(log.lastSeq).toBe(4);
  });
});

describe('checkStepRequest', () => {
  it('accepts next and prev from a position, and names what is wrong', () => {
    expect(checkStepRequest({ requestId: 'x', step: 'next', from: p(1, 0, 2) })).toEqual({ ok: true, request: { requestId: 'x', step: 'next', from: p(1, 0, 2) } });
    expect(checkStepRequest({ requestId: 'x', step: 'prev', from: p(0) }).ok).toBe(true);
    const issues = (body: unknown): string[] => {
      const check = checkStepRequest(body);
      return check.ok ? [] : check.issues;
    };
    expect(issues({ requestId: 'x', step: 'up', from: p(1) })[0]).toMatch(/^step: /);
    expect(issues({ requestId: 'x', step: 'next' })[0]).toMatch(/^from: /);
    expect(issues({ step: 'next', from: p(1) })[0]).toMatch(/^requestId: /);
    expect(issues({ requestId: 'x', step: 'next', from: p(1), position: p(2) })[0]).toMatch(/position/);
  });
});
