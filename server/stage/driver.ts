/**
 * The driver: whoever moves the deck the audience follows (the speaker's deck now; a
 * phone remote later, issue 14). A move is a DriveRequest (demos/protocol.ts); the rules
 * make it safe to retry and to arrive late:
 * - the same `requestId` again gets the first answer and changes nothing (a retry after a
 *   lost answer never moves twice), for the newest `rememberedRequests` ids;
 * - a move whose `from` is no longer the current position is ignored (a Next pressed on a
 *   slide the deck has already left must not skip one);
 * - a move to where the driver already is changes nothing (no event for followers).
 * An applied move appends a `position` event to the stage log. Pure, so the rules are
 * unit-tested; validation says which field is wrong (HTTP 400 with the issues).
 *
 * A phone remote sends steps (Next / Previous), not positions: only the deck knows its
 * fragments. A step follows the same rules (its own request ids; `from` must be current;
 * refused while another remote holds the driver seat, driver-seat.ts) and, accepted, is
 * appended as a `step` event that the speaker's deck takes, publishing where it lands.
 * The deck takes a step only while it is still at `from`, so a step delivered twice, or
 * two steps sent from one slide, advance once.
 */
import { z } from 'zod';
import type { DriveAnswer, DriveRequest, SlidePosition, StepAnswer, StepRequest } from '../../demos/protocol.ts';
import type { Party, Seat } from './driver-seat.ts';
import { formatIssues } from '../engine/params.ts';
import { samePosition } from '../../demos/slide-position.ts';
import type { StageLog } from './stage-log.ts';

/** maxSlideIndex bounds an index: no deck has ten thousand slides or fragments on one. */
export const maxSlideIndex = 9999;

const positionSchema = z
  .object({
    h: z.number().int().min(0).max(maxSlideIndex),
    v: z.number().int().min(0).max(maxSlideIndex),
    f: z.number().int().min(-1).max(maxSlideIndex),
    // The deck's page on this server: a path, nothing else.
    deck: z.string().max(200).regex(/^\/[A-Za-z0-9._~/-]*$/, 'a path on this server, e.g. "/" or "/lightning/"').optional(),
  })
  .strict();

const driveRequestSchema = z
  .object({
    requestId: z.string().min(1).max(200),
    position: positionSchema,
    from: positionSchema.optional(),
  })
  .strict();

const stepRequestSchema = z
  .object({
    requestId: z.string().min(1).max(200),
    step: z.enum(['next', 'prev']),
    from: positionSchema,
  })
  .strict();

/** StepCheck is a validated step, or the issues that make it invalid. */
export type StepCheck = { ok: true; request: StepRequest } | { ok: false; issues: string[] };

/** checkStepRequest validates a step's body. */
export function checkStepRequest(body: unknown): StepCheck {
  const parsed = stepRequestSchema.safeParse(body);
  if (!parsed.success) return { ok: false, issues: formatIssues(parsed.error.issues) };
  return { ok: true, request: parsed.data };
}

/** DriveCheck is a validated request, or the issues that make it invalid. */
export type DriveCheck = { ok: true; request: DriveRequest } | { ok: false; issues: string[] };

/** checkDriveRequest validates a request body (unknown keys are refused: a misspelt `form` must not be ignored). */
export function checkDriveRequest(body: unknown): DriveCheck {
  const parsed = driveRequestSchema.safeParse(body);
  if (!parsed.success) return { ok: false, issues: formatIssues(parsed.error.issues) };
  const { requestId, position, from } = parsed.data;
  return { ok: true, request: from ? { requestId, position, from } : { requestId, position } };
}

/** Driver applies moves to a stage log. */
export interface Driver {
  /** drive applies a validated move under the rules above and answers it. */
  drive(request: DriveRequest): DriveAnswer;
  /** step passes a validated Next / Previous on to the deck under the rules above and answers it. */
  step(request: StepRequest, party: Party): StepAnswer;
}

/** DriverOptions configure createDriver. */
export interface DriverOptions {
  log: StageLog;
  /** How many request ids to remember for retries (default 1000, for moves and for steps). */
  rememberedRequests?: number;
  /** Who may step (default: everyone who reaches `step`). */
  seat?: Seat;
  /** Called with each applied move's position. */
  onMove?: (position: SlidePosition) => void;
}

/** createDriver makes the driver of one stage log. */
export function createDriver(options: DriverOptions): Driver {
  const remembered = Math.max(1, options.rememberedRequests ?? 1000);
  /** Answers by request id, oldest first (a Map keeps insertion order). */
  const answers = new Map<string, DriveAnswer>();
  const stepAnswers = new Map<string, StepAnswer>();
  const remember = <T>(map: Map<string, T>, requestId: string, answer: T): T => {
    map.set(requestId, answer);
    if (map.size > remembered) map.delete(map.keys().next().value!);
    return answer;
  };

  const current = (): Pick<DriveAnswer, 'position' | 'seq'> => {
    const latest = options.log.latestPosition;
    return { position: latest?.position ?? null, seq: latest?.seq ?? 0 };
  };

  const decide = (request: DriveRequest): DriveAnswer => {
    const now = current();
    if (request.from && !samePosition(request.from, now.position)) return { applied: false, reason: 'stale', ...now };
    if (samePosition(request.position, now.position)) return { applied: false, reason: 'unchanged', ...now };
    const event = options.log.append({ type: 'position', position: { ...request.position } });
    options.onMove?.(request.position);
    return { applied: true, position: { ...request.position }, seq: event.seq };
  };

  const decideStep = (request: StepRequest, party: Party): StepAnswer => {
    const now = current();
    if (options.seat && !options.seat.mayDrive(party)) return { accepted: false, reason: 'not-driver', ...now };
    if (now.position === null) return { accepted: false, reason: 'no-deck', ...now };
    if (!samePosition(request.from, now.position)) return { accepted: false, reason: 'stale', ...now };
    options.seat?.drove(party);
    const event = options.log.append({ type: 'step', step: request.step, from: { ...request.from }, requestId: request.requestId });
    return { accepted: true, position: { ...now.position }, seq: event.seq };
  };

  return {
    drive(request) {
      return answers.get(request.requestId) ?? remember(answers, request.requestId, decide(request));
    },
    step(request, party) {
      return stepAnswers.get(request.requestId) ?? remember(stepAnswers, request.requestId, decideStep(request, party));
    },
  };
}
