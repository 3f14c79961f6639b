/**
 * What the remote shows about the driver seat (protocol.ts DriverSeat), as rules without
 * a DOM: whether this phone drives, follows another remote, or finds the seat free; whom
 * it may have to answer; and the last answer to its own request. Pure; tested in node.
 */
import type { DriverSeat, RemoteName } from '../../demos/protocol.ts';

/** SeatView is the seat from one remote's point of view. */
export interface SeatView {
  /**
   * `driving`: this remote moves the deck (with the laptop); `free`: no remote drives yet,
   * the first press takes the seat; `following`: another remote drives.
   */
  mode: 'driving' | 'free' | 'following';
  /** The remote that drives (null: none). */
  driver: RemoteName | null;
  /** Another remote asking this one, the driver, to hand over (null: none, or not ours to answer). */
  toAnswer: RemoteName | null;
  /** Whether this remote's own request waits for an answer. */
  asking: boolean;
  /** The answer to this remote's last request, if it was answered (the banner says so once). */
  answer: 'accepted' | 'refused' | null;
}

/** seatViewOf is the seat as the remote `me` sees it. */
export function seatViewOf(seat: DriverSeat, me: string): SeatView {
  const mode = seat.remote === null ? 'free' : seat.remote.id === me ? 'driving' : 'following';
  const mine = seat.answered?.remote.id === me ? seat.answered : undefined;
  return {
    mode,
    driver: seat.remote,
    toAnswer: mode === 'driving' && seat.asking && seat.asking.id !== me ? seat.asking : null,
    asking: seat.asking?.id === me,
    answer: mine ? (mine.accepted ? 'accepted' : 'refused') : null,
  };
}

/** formatElapsed writes a talk's elapsed time: "0:07", "12:34", "1:02:03" (null: "–:––"). */
export function formatElapsed(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '–:––';
  const total = Math.floor(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** slideNumber is how the deck numbers a slide: "5", or "5.3" for its third sub-slide. */
export function slideNumber(h: number, v: number): string {
  return v > 0 ? `${h + 1}.${v + 1}` : String(h + 1);
}
