/**
 * The phone remote's HTTP routes (demos/protocol.ts lists them; README "The phone remote"):
 *
 * - the speaker makes, lists and revokes remotes (`/api/remote/tokens`): a remote's token
 *   is shown once, in the answer that makes it, with the URL to open on the phone and
 *   its QR code, for the speaker view;
 * - a remote asks who it is and where the talk's clock stands (`/api/remote/me`), steps
 *   the deck (`POST /api/stage/step`), and asks to take over the driving or answers such
 *   a request (`/api/remote/handoff`).
 *
 * A remote's runs go through the ordinary run routes (app.ts), checked against the current
 * slide there (server/stage/remote-scope.ts). Every refusal says why; a revoked remote is
 * told it was revoked, so the phone can say so rather than "unauthorized".
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode, HandoffAnswer, HandoffRequest, IssuedRemote, RemoteSelf } from '../../demos/protocol.ts';
import { checkStepRequest } from '../stage/driver.ts';
import type { Party, SeatAnswer } from '../stage/driver-seat.ts';
import type { RemoteTokens } from '../stage/remote-tokens.ts';
import type { DeckStage, Stage } from '../stage/stage.ts';
import { deckPathOf } from './deck-api-path.ts';
import { otherDeckIssues } from './stage-routes.ts';
import { isLoopbackHostName, hostNameOf, type Capability, type Credential } from './access.ts';

/** RemoteRouteOptions are what the routes need from the app. */
export interface RemoteRouteOptions {
  stage: Stage;
  /** deckStageOf is the stage of the deck a request came from (each deck has its own seat). */
  deckStageOf: (request: FastifyRequest) => DeckStage;
  remotes: RemoteTokens;
  /** may says whether a request has a capability. */
  may: (request: FastifyRequest, capability: Capability) => boolean;
  /** credentialOf is the credential a request carries, if any. */
  credentialOf: (request: FastifyRequest) => Credential | undefined;
  /** refusal words a 403 for a request without `capability` (a revoked remote is told so). */
  refusal: (request: FastifyRequest, action: string) => string;
  /** qrSvg draws a URL as a QR code. */
  qrSvg: (text: string) => string;
  apiError: (reply: FastifyReply, status: number, code: ErrorCode, message: string, issues?: string[]) => FastifyReply;
}

/** partyOf is who a credential drives as (undefined: it does not drive). */
export function partyOf(credential: Credential | undefined): Party | undefined {
  if (credential?.role === 'speaker') return { kind: 'speaker' };
  if (credential?.role === 'remote' && credential.id) return { kind: 'remote', id: credential.id, label: credential.label ?? credential.id };
  return undefined;
}

/**
 * remoteUrlOf is the URL a phone opens: the remote of the speaker's deck (`<deck>/remote/`,
 * which shows that deck's titles and notes), beside the audience's join URL when the
 * server has one (`--public`), else on the address the speaker's own page used; with a
 * warning when that address is loopback (a phone cannot reach it).
 */
export function remoteUrlOf(token: string, joinUrl: string | undefined, requestHost: string | undefined, deckPath = '/'): { url: string; warning?: string } {
  const base = new URL(deckPath, joinUrl ?? `http://${requestHost ?? '127.0.0.1'}/`);
  const url = `${new URL('remote/', base).href}#token=${encodeURIComponent(token)}`;
  if (joinUrl) return { url };
  const host = hostNameOf(requestHost ?? '127.0.0.1');
  if (!isLoopbackHostName(host)) return { url };
  return { url, warning: 'this server listens on this machine only, so a phone cannot reach it: start it with npm start -- --public' };
}

/** registerRemoteRoutes adds the remote's routes to the app. */
export function registerRemoteRoutes(app: FastifyInstance, options: RemoteRouteOptions): void {
  const { stage, deckStageOf, remotes, apiError } = options;

  const answerSeat = (reply: FastifyReply, answer: SeatAnswer): FastifyReply | SeatAnswer['seat'] =>
    answer.ok ? answer.seat : apiError(reply, answer.status, answer.status === 403 ? 'unauthorized' : 'bad-request', answer.message);

  const remoteOf = (request: FastifyRequest): (Party & { kind: 'remote' }) | undefined => {
    const party = partyOf(options.credentialOf(request));
    return party?.kind === 'remote' ? party : undefined;
  };

  app.post('/api/remote/tokens', async (request, reply) => {
    if (!options.may(request, 'remotes')) return apiError(reply, 403, 'unauthorized', options.refusal(request, 'making a phone remote'));
    const body = (request.body ?? {}) as { label?: unknown };
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return apiError(reply, 400, 'bad-request', 'expected a JSON object {label?}');
    const unknownKeys = Object.keys(body).filter((key) => key !== 'label');
    if (unknownKeys.length > 0) return apiError(reply, 400, 'bad-request', 'expected a JSON object {label?}', unknownKeys.map((key) => `${key}: unknown field`));
    const issued = remotes.issue(body.label as string | undefined);
    if (!issued.ok) return apiError(reply, issued.status, 'bad-request', issued.message);
    const { url, warning } = remoteUrlOf(issued.token, stage.join?.url, request.headers.host, deckPathOf(request.originalUrl));
    const answer: IssuedRemote = { ...issued.remote, token: issued.token, url, qrSvg: options.qrSvg(url), ...(warning ? { warning } : {}) };
    return reply.code(201).header('cache-control', 'no-store').send(answer);
  });

  app.get('/api/remote/tokens', async (request, reply) => {
    if (!options.may(request, 'remotes')) return apiError(reply, 403, 'unauthorized', options.refusal(request, 'listing the phone remotes'));
    return remotes.list();
  });

  app.post('/api/remote/tokens/:id/revoke', async (request, reply) => {
    if (!options.may(request, 'remotes')) return apiError(reply, 403, 'unauthorized', options.refusal(request, 'revoking a phone remote'));
    const revoked = remotes.revoke((request.params as { id: string }).id);
    if (!revoked) return apiError(reply, 404, 'not-found', 'no remote with that id');
    for (const deckStage of stage.decks()) deckStage.seat.forget(revoked.id);
    return revoked;
  });

  app.get('/api/remote/me', async (request, reply) => {
    const remote = remoteOf(request);
    if (!remote) return apiError(reply, 403, 'unauthorized', options.refusal(request, 'the remote'));
    const deckStage = deckStageOf(request);
    const self: RemoteSelf = { remote: { id: remote.id, label: remote.label }, seat: deckStage.seat.current(), talkElapsedMs: deckStage.talkElapsedMs() };
    return reply.header('cache-control', 'no-store').send(self);
  });

  app.post('/api/stage/step', async (request, reply) => {
    const party = partyOf(options.credentialOf(request));
    if (!party || !options.may(request, 'step')) return apiError(reply, 403, 'unauthorized', options.refusal(request, 'moving the deck'));
    const check = checkStepRequest(request.body);
    if (!check.ok) return apiError(reply, 400, 'bad-request', "expected {requestId, step: 'next' | 'prev', from: {h, v, f}}", check.issues);
    const deckStage = deckStageOf(request);
    const elsewhere = otherDeckIssues(deckStage.deck, { from: check.request.from });
    if (elsewhere.length > 0) return apiError(reply, 400, 'bad-request', `a step from another deck: this is the stage of ${deckStage.deck}`, elsewhere);
    return deckStage.driver.step({ ...check.request, from: { ...check.request.from, deck: deckStage.deck } }, party);
  });

  app.post('/api/remote/handoff', async (request, reply) => {
    const remote = remoteOf(request);
    if (!remote) return apiError(reply, 403, 'unauthorized', options.refusal(request, 'asking to drive'));
    const body = request.body as Partial<HandoffRequest> | undefined;
    const { seat } = deckStageOf(request);
    if (body?.action === 'ask') return answerSeat(reply, seat.ask(remote));
    if (body?.action === 'withdraw') return answerSeat(reply, seat.withdraw(remote));
    return apiError(reply, 400, 'bad-request', "expected {action: 'ask' | 'withdraw'}");
  });

  app.post('/api/remote/handoff/answer', async (request, reply) => {
    const party = partyOf(options.credentialOf(request));
    if (!party) return apiError(reply, 403, 'unauthorized', options.refusal(request, 'answering a request to drive'));
    const body = request.body as Partial<HandoffAnswer> | undefined;
    if (typeof body?.remote !== 'string' || typeof body.accept !== 'boolean') return apiError(reply, 400, 'bad-request', 'expected {remote: <id>, accept: true | false}');
    return answerSeat(reply, deckStageOf(request).seat.answer(party, body.remote, body.accept));
  });
}
