/**
 * The stage's HTTP routes (demos/protocol.ts lists them): what the audience follows.
 * Each deck has its own stage (server/stage/stage.ts): a deck's page asks
 * `<deck>/api/stage…`, and the answer is that deck's (deck-api-path.ts deckPathOf).
 *
 * - `GET /api/stage/events` is an event stream like a run's (event-stream.ts), resumed
 *   by the stage log's rules (server/stage/stage-log.ts). Each open one takes a slot of
 *   the stream cap; without a free slot the answer is 503 with a message, before any
 *   stream starts, so an EventSource gives up instead of hammering the server.
 * - `POST /api/stage/position` moves the driver: it needs the `drive` capability (the
 *   speaker's token), like starting a run needs `control`. A position names its deck's
 *   page or none; one naming another deck is refused (400): it was sent to the wrong page.
 * - `POST /api/stage/fallback` (the speaker's token too) says the speaker's deck shows a
 *   demo's recording in place of its live run: a `fallback` event, so the audience's
 *   panels show the same recording rather than the failed run.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { ErrorCode, SlidePosition, StageEvent } from '../../demos/protocol.ts';
import { checkStageFallback } from '../stage/stage-fallback.ts';
import { checkDriveRequest } from '../stage/driver.ts';
import type { DeckStage, Stage } from '../stage/stage.ts';
import type { Capability } from './access.ts';
import { openEventStream, resumePointOf } from './event-stream.ts';

/** StageRouteOptions are what the routes need from the app. */
export interface StageRouteOptions {
  stage: Stage;
  /** deckStageOf is the stage of the deck a request came from. */
  deckStageOf: (request: FastifyRequest) => DeckStage;
  /** knowsDemo says whether a demo id is one of the server's. */
  knowsDemo: (id: string) => boolean;
  heartbeatMs: number;
  openStreams: Set<ServerResponse>;
  /** may says whether a request has a capability (the app's access policy). */
  may: (request: FastifyRequest, capability: Capability) => boolean;
  apiError: (reply: FastifyReply, status: number, code: ErrorCode, message: string, issues?: string[]) => FastifyReply;
}

/** registerStageRoutes adds the stage's routes to the app. */
export function registerStageRoutes(app: FastifyInstance, options: StageRouteOptions): void {
  const { stage, deckStageOf, apiError } = options;
  // Every follower gets the same text for an event: serialise it once, not once per follower.
  const serialised = new WeakMap<StageEvent, string>();
  const textOf = (event: StageEvent): string => {
    let text = serialised.get(event);
    if (text === undefined) {
      text = JSON.stringify(event);
      serialised.set(event, text);
    }
    return text;
  };

  app.get('/api/stage', async (request) => deckStageOf(request).info());

  app.get('/api/stage/join.svg', async (request, reply) => {
    const join = deckStageOf(request).join;
    if (!join) return apiError(reply, 404, 'not-found', 'this server has no join URL for an audience (start it with --public)');
    return reply.type('image/svg+xml; charset=utf-8').header('cache-control', 'no-cache').send(join.qrSvg);
  });

  app.get('/api/stage/events', (request, reply) => {
    const resume = resumePointOf(request);
    if (!resume.ok) return apiError(reply, 400, 'bad-request', resume.message);
    const { log } = deckStageOf(request);
    const plan = log.plan(resume.after);
    if (!plan.ok) return apiError(reply, 400, 'bad-request', plan.message);
    const release = stage.streams.tryOpen();
    if (!release) {
      return apiError(
        reply,
        503,
        'busy',
        `this server follows at most ${stage.streams.max} audience streams at once and all are taken; try again later (the speaker can raise it with --max-streams)`,
      );
    }
    let unsubscribe: (() => void) | undefined;
    const stream = openEventStream(request, reply, {
      heartbeatMs: options.heartbeatMs,
      openStreams: options.openStreams,
      onClose: () => {
        unsubscribe?.();
        release();
      },
    });
    ({ unsubscribe } = log.subscribe(resume.after, (event) => stream.sendText(event.seq, textOf(event))));
    if (stream.closed) unsubscribe();
  });

  app.post('/api/stage/fallback', async (request, reply) => {
    if (!options.may(request, 'drive')) {
      return apiError(reply, 403, 'unauthorized', 'showing the audience a recording instead of the live run needs the speaker token: open the URL the server printed (…/#token=…)');
    }
    const check = checkStageFallback(request.body, options.knowsDemo);
    if (!check.ok) return apiError(reply, 400, 'bad-request', 'expected {demo, key}: a demo of this server and one of its recording keys', check.issues);
    const event = deckStageOf(request).log.append({ type: 'fallback', demo: check.fallback.demo, key: check.fallback.key });
    return { seq: event.seq };
  });

  app.post('/api/stage/position', async (request, reply) => {
    if (!options.may(request, 'drive')) {
      return apiError(reply, 403, 'unauthorized', 'moving the deck the audience follows needs the speaker token: open the URL the server printed (…/#token=…), or send Authorization: Bearer <token>');
    }
    const check = checkDriveRequest(request.body);
    if (!check.ok) return apiError(reply, 400, 'bad-request', 'expected {requestId, position: {h, v, f}, from?: {h, v, f}}', check.issues);
    const deckStage = deckStageOf(request);
    const elsewhere = otherDeckIssues(deckStage.deck, { position: check.request.position, from: check.request.from });
    if (elsewhere.length > 0) return apiError(reply, 400, 'bad-request', `a position of another deck: this is the stage of ${deckStage.deck}`, elsewhere);
    return deckStage.driver.drive({ ...check.request, position: { ...check.request.position, deck: deckStage.deck }, ...(check.request.from ? { from: { ...check.request.from, deck: deckStage.deck } } : {}) });
  });
}

/**
 * otherDeckIssues names the positions of a request that name a deck other than `deck`
 * (one that names none is the deck's own): each deck's page moves its own stage.
 */
export function otherDeckIssues(deck: string, positions: Record<string, SlidePosition | undefined>): string[] {
  return Object.entries(positions)
    .filter(([, position]) => position?.deck !== undefined && position.deck !== deck)
    .map(([name, position]) => `${name}.deck: "${position!.deck}" is another deck; post it to ${position!.deck}api/stage/… (this is ${deck}api/stage/…)`);
}
