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
 */
import { z } from 'zod';
import type { DriveAnswer, DriveRequest } from '../../demos/protocol.ts';
import { formatIssues } from '../engine/params.ts';
import { samePosition, type StageLog } from './stage-log.ts';

/** maxSlideIndex bounds an index: no deck has ten thousand slides or fragments on one. */
export const maxSlideIndex = 9999;

const positionSchema = z
  .object({
    h: z.number().int().min(0).max(maxSlideIndex),
    v: z.number().int().min(0).max(maxSlideIndex),
    f: z.number().int().min(-1).max(maxSlideIndex),
  })
  .strict();

const driveRequestSchema = z
  .object({
    requestId: z.string().min(1).max(200),
    position: positionSchema,
    from: positionSchema.optional(),
  })
  .strict();

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
}

/** DriverOptions configure createDriver. */
export interface DriverOptions {
  log: StageLog;
  /** How many request ids to remember for retries (default 1000). */
  rememberedRequests?: number;
}

/** createDriver makes the driver of one stage log. */
export function createDriver(options: DriverOptions): Driver {
  const remembered = Math.max(1, options.rememberedRequests ?? 1000);
  /** Answers by request id, oldest first (a Map keeps insertion order). */
  const answers = new Map<string, DriveAnswer>();

  const current = (): Pick<DriveAnswer, 'position' | 'seq'> => {
    const latest = options.log.latestPosition;
    return { position: latest?.position ?? null, seq: latest?.seq ?? 0 };
  };

  const decide = (request: DriveRequest): DriveAnswer => {
    const now = current();
    if (request.from && !samePosition(request.from, now.position)) return { applied: false, reason: 'stale', ...now };
    if (samePosition(request.position, now.position)) return { applied: false, reason: 'unchanged', ...now };
    const event = options.log.append({ type: 'position', position: { ...request.position } });
    return { applied: true, position: { ...request.position }, seq: event.seq };
  };

  return {
    drive(request) {
      const earlier = answers.get(request.requestId);
      if (earlier) return earlier;
      const answer = decide(request);
      answers.set(request.requestId, answer);
      if (answers.size > remembered) answers.delete(answers.keys().next().value!);
      return answer;
    },
  };
}
