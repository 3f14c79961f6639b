import { describe, expect, it } from 'vitest';
import type { DriverSeat } from '../../demos/protocol.ts';
import { createSeat, type Party } from './driver-seat.ts';

const speaker: Party = { kind: 'speaker' };
const mine = { id: 'r1', label: 'remote 1' };
const cohost = { id: 'r2', label: 'remote 2' };
const third = { id: 'r3', label: 'remote 3' };
const asRemote = (remote: { id: string; label: string }): Party => ({ kind: 'remote', ...remote });

function setup() {
  const changes: DriverSeat[] = [];
  const seat = createSeat((next) => changes.push(next));
  return { seat, changes };
}

describe('driver seat', () => {
  it('is free at first: the laptop and any remote may drive; the first remote to move takes it', () => {
    const { seat, changes } = setup();
    expect(seat.current()).toEqual({ remote: null, asking: null });
    expect(seat.mayDrive(speaker)).toBe(true);
    expect(seat.mayDrive(asRemote(mine))).toBe(true);
    seat.drove(speaker);
    expect(changes).toEqual([]);
    seat.drove(asRemote(mine));
    expect(changes).toEqual([{ remote: mine, asking: null }]);
    // The laptop and that remote are one driver; another remote follows.
    expect(seat.mayDrive(speaker)).toBe(true);
    expect(seat.mayDrive(asRemote(mine))).toBe(true);
    expect(seat.mayDrive(asRemote(cohost))).toBe(false);
    seat.drove(asRemote(mine));
    seat.drove(asRemote(cohost)); // refused moves never take the seat
    expect(changes).toHaveLength(1);
    expect(seat.current().remote).toEqual(mine);
  });

  it('a second remote asks; the driving remote accepts; the first one then follows', () => {
    const { seat, changes } = setup();
    seat.drove(asRemote(mine));
    expect(seat.ask(cohost)).toEqual({ ok: true, seat: { remote: mine, asking: cohost } });
    expect(seat.mayDrive(asRemote(cohost))).toBe(false); // not before the answer
    // Asking again changes nothing (a retried request).
    seat.ask(cohost);
    expect(changes).toHaveLength(2);
    // Only the driver answers: not the one asking, not a third remote.
    expect(seat.answer(asRemote(cohost), cohost.id, true)).toMatchObject({ ok: false, status: 403 });
    expect(seat.answer(asRemote(third), cohost.id, true)).toMatchObject({ ok: false, status: 403 });
    const accepted = seat.answer(asRemote(mine), cohost.id, true);
    expect(accepted).toEqual({ ok: true, seat: { remote: cohost, asking: null, answered: { remote: cohost, accepted: true } } });
    expect(seat.mayDrive(asRemote(cohost))).toBe(true);
    expect(seat.mayDrive(asRemote(mine))).toBe(false);
    expect(seat.mayDrive(speaker)).toBe(true);
    expect(changes.at(-1)).toEqual(accepted.seat);
  });

  it('the speaker answers too, and a refusal changes who drives in nothing', () => {
    const { seat } = setup();
    seat.drove(asRemote(mine));
    seat.ask(cohost);
    expect(seat.answer(speaker, cohost.id, false)).toEqual({ ok: true, seat: { remote: mine, asking: null, answered: { remote: cohost, accepted: false } } });
    expect(seat.mayDrive(asRemote(cohost))).toBe(false);
    // An answer to a request no longer there is refused (answered twice, or withdrawn).
    expect(seat.answer(speaker, cohost.id, true)).toMatchObject({ ok: false, status: 409 });
    seat.ask(cohost);
    expect(seat.answer(speaker, cohost.id, true).seat.remote).toEqual(cohost);
  });

  it('one request waits at a time: a newer one replaces it; only the one asking withdraws', () => {
    const { seat } = setup();
    seat.drove(asRemote(mine));
    seat.ask(cohost);
    seat.ask(third);
    expect(seat.current().asking).toEqual(third);
    expect(seat.answer(speaker, cohost.id, true)).toMatchObject({ ok: false, status: 409 });
    expect(seat.withdraw(cohost)).toMatchObject({ ok: false, status: 409 });
    expect(seat.withdraw(third)).toEqual({ ok: true, seat: { remote: mine, asking: null } });
  });

  it('asking for a free seat, or for one\'s own, is granted at once', () => {
    const { seat } = setup();
    expect(seat.ask(cohost)).toEqual({ ok: true, seat: { remote: cohost, asking: null } });
    expect(seat.ask(cohost)).toEqual({ ok: true, seat: { remote: cohost, asking: null } });
  });

  it('a revoked remote leaves the seat and its request goes', () => {
    const { seat, changes } = setup();
    seat.drove(asRemote(mine));
    seat.ask(cohost);
    seat.forget(cohost.id);
    expect(seat.current()).toEqual({ remote: mine, asking: null });
    seat.forget(mine.id);
    expect(seat.current()).toEqual({ remote: null, asking: null });
    const count = changes.length;
    seat.forget('nobody');
    expect(changes).toHaveLength(count);
    // The seat is free again: the next remote to move takes it.
    seat.drove(asRemote(third));
    expect(seat.current().remote).toEqual(third);
  });

  it('hands out copies: changing an answer does not change the seat', () => {
    const { seat } = setup();
    seat.drove(asRemote(mine));
    const current = seat.current();
    current.remote!.id = 'changed';
    expect(seat.current().remote).toEqual(mine);
  });
});
