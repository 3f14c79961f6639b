/**
 * The driver seat: one driver at a time. The speaker's laptop (the speaker token) always
 * drives: its deck is the one on the projector, and a key pressed there says where the
 * talk is. With it drives at most one phone remote; the two count as one driver.
 *
 * - The seat is free until a remote moves: the first remote to press Next or Previous
 *   takes it (the speaker's own phone, usually).
 * - Another remote (a co-presenter's) may not move while the seat is taken: it asks to
 *   take over. One request waits at a time; a newer one replaces it (the driver answers
 *   whoever asked last).
 * - The driver answers: the speaker (from the speaker view) or the driving remote.
 *   Accepted, the asking remote drives and the one before it follows; refused, nothing
 *   changes. Only the one asked may withdraw its request.
 * - A revoked remote leaves the seat, and its request goes.
 *
 * Every change is reported once through `onChange` (the stage appends a `driver` event, so
 * phones learn of it on the stage stream and can resume it). Pure: unit-tested.
 */
import type { DriverSeat, RemoteName } from '../../demos/protocol.ts';

/** Party is who sends a move: the speaker's laptop, or a remote. */
export type Party = { kind: 'speaker' } | ({ kind: 'remote' } & RemoteName);

/** SeatAnswer is the seat after an action, or why the action was refused. */
export type SeatAnswer = { ok: true; seat: DriverSeat } | { ok: false; status: 403 | 409; message: string; seat: DriverSeat };

/** Seat holds who drives. */
export interface Seat {
  /** current is the seat as it is now (a copy). */
  current(): DriverSeat;
  /** mayDrive says whether a party may move now (the speaker always; a remote if the seat is free or its own). */
  mayDrive(party: Party): boolean;
  /** drove records a move a party made: a remote finding the seat free takes it. */
  drove(party: Party): void;
  /** ask: a remote asks to drive (granted at once when the seat is free or already its own). */
  ask(remote: RemoteName): SeatAnswer;
  /** withdraw: a remote takes its request back. */
  withdraw(remote: RemoteName): SeatAnswer;
  /** answer: the driver accepts or refuses the request of remote `asking`. */
  answer(by: Party, asking: string, accept: boolean): SeatAnswer;
  /** forget: a revoked remote leaves the seat and its request goes. */
  forget(remoteId: string): void;
}

/** createSeat makes a free seat; `onChange` gets every new seat. */
export function createSeat(onChange: (seat: DriverSeat) => void): Seat {
  let seat: DriverSeat = { remote: null, asking: null };

  const copy = (): DriverSeat => ({
    remote: seat.remote && { ...seat.remote },
    asking: seat.asking && { ...seat.asking },
    ...(seat.answered ? { answered: { remote: { ...seat.answered.remote }, accepted: seat.answered.accepted } } : {}),
  });
  const change = (next: DriverSeat): void => {
    seat = next;
    onChange(copy());
  };
  const name = (remote: RemoteName): RemoteName => ({ id: remote.id, label: remote.label });
  const holds = (party: Party): boolean => party.kind === 'speaker' || seat.remote?.id === party.id;
  const refused = (status: 403 | 409, message: string): SeatAnswer => ({ ok: false, status, message, seat: copy() });

  return {
    current: copy,
    mayDrive: (party) => party.kind === 'speaker' || seat.remote === null || seat.remote.id === party.id,
    drove(party) {
      if (party.kind !== 'remote' || seat.remote !== null) return;
      const asking = seat.asking?.id === party.id ? null : seat.asking;
      change({ ...seat, remote: name(party), asking });
    },
    ask(remote) {
      if (seat.remote?.id === remote.id) return { ok: true, seat: copy() };
      if (seat.remote === null) {
        change({ ...seat, remote: name(remote), asking: seat.asking?.id === remote.id ? null : seat.asking });
        return { ok: true, seat: copy() };
      }
      if (seat.asking?.id !== remote.id) change({ ...seat, asking: name(remote) });
      return { ok: true, seat: copy() };
    },
    withdraw(remote) {
      if (seat.asking?.id !== remote.id) return refused(409, `${remote.label} has not asked to drive`);
      change({ ...seat, asking: null });
      return { ok: true, seat: copy() };
    },
    answer(by, asking, accept) {
      if (!holds(by)) return refused(403, 'only the driver (the speaker, or the remote that drives) answers a request to drive');
      if (seat.asking?.id !== asking) return refused(409, 'that remote is not asking to drive (any more)');
      const answered = { remote: { ...seat.asking }, accepted: accept };
      change(accept ? { remote: { ...seat.asking }, asking: null, answered } : { ...seat, asking: null, answered });
      return { ok: true, seat: copy() };
    },
    forget(remoteId) {
      const remote = seat.remote?.id === remoteId ? null : seat.remote;
      const asking = seat.asking?.id === remoteId ? null : seat.asking;
      if (remote !== seat.remote || asking !== seat.asking) change({ ...seat, remote, asking });
    },
  };
}
