/**
 * The HTTP shell around the engine (routes as in the header of demos/protocol.ts), plus
 * the built deck served statically at `/` so one port serves deck and API.
 *
 * Limits and why: request bodies are capped (`bodyLimitBytes`, 413) since edited files
 * are the only large thing a client sends; only `application/json` bodies are accepted
 * (415) because a cross-site HTML form can post text/plain but not JSON; every error is
 * an ApiError JSON body, so clients never parse HTML error pages.
 *
 * Event streams (SSE): `id: <seq>` and `data: <RunEvent JSON>` per event; resume with
 * `Last-Event-ID` or `?after=<seq>`; a comment line every `heartbeatMs` keeps proxies and
 * idle timeouts from closing a quiet stream (a long benchmark may print nothing for a
 * while); the stream closes after `end`. Asking for events after the end of a finished
 * run answers 204, which tells an EventSource to stop reconnecting. The stage's deck-wide
 * stream follows the same rules (stage-routes.ts).
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import type { ApiError, DemoInfo, ErrorCode, HealthInfo, MachineInfo, StartRunRequest } from '../../demos/protocol.ts';
import { EngineError, type Engine } from '../engine/engine.ts';
import { demoOfRecordingKey } from '../../demos/recording-key.ts';
import type { Recorder } from '../recordings/recorder.ts';
import { toToolchainReport } from '../toolchains/detect.ts';
import { deckDirOf, decksUsing, UnknownDeckError } from '../decks/deck-demos.ts';
import { deckDemoLines } from '../recordings/offered-variants.ts';
import { bearerToken, createAccessPolicy, isLoopbackHostName, type AccessRequest, type Credential } from './access.ts';
import { paramSpecsOf } from './param-spec.ts';
import { openEventStream, resumePointOf } from './event-stream.ts';
import { registerStageRoutes } from './stage-routes.ts';
import { createStage, type DeckStage, type Stage } from '../stage/stage.ts';
import { deckApiUrl, deckPathOf } from './deck-api-path.ts';
import { createRemoteTokens, type RemoteTokens } from '../stage/remote-tokens.ts';
import { checkRemoteCancel, checkRemoteStart, type ScopeCheck, type ScopeContext } from '../stage/remote-scope.ts';
import { stableStringify } from '../engine/params.ts';
import { partyOf, registerRemoteRoutes } from './remote-routes.ts';

/** AppOptions configure the HTTP app. */
export interface AppOptions {
  engine: Engine;
  recorder: Recorder;
  machine: () => Promise<MachineInfo>;
  /** Server version for /api/health. */
  version: string;
  /** The speaker's token: control (start, cancel, edited code) needs it on every server. */
  token: string;
  /** Whether the server listens beyond loopback (see access.ts). */
  exposed?: boolean;
  /** Host names and addresses, besides loopback ones, the server answers to (see access.ts). */
  hostNames?: () => readonly string[];
  /** Folder of the built site, served at `/`: the flagship deck at its root, other decks in `<deck>/`. */
  distDir?: string;
  /** Folder of the decks' sources (`/api/demos?deck=`); default `<the engine's root>/slides`. */
  slidesDir?: string;
  /** What the audience follows (default: a stage of `engine`, not public, no join URL). */
  stage?: Stage;
  /** The phone remotes' tokens (default: none yet, made by the speaker). */
  remotes?: RemoteTokens;
  /** Draws a URL as a QR code (SVG), for a new remote's link. */
  qrSvg?: (text: string) => string;
  heartbeatMs?: number;
  bodyLimitBytes?: number;
  logger?: boolean;
}

/** defaultBodyLimitBytes caps POST bodies (edited files included). */
export const defaultBodyLimitBytes = 256 * 1024;

const statusOf: Partial<Record<ErrorCode, number>> = {
  'bad-request': 400,
  'bad-params': 400,
  'unknown-demo': 404,
  'not-found': 404,
  unauthorized: 403,
  'too-large': 413,
  busy: 503,
  internal: 500,
};

/** maxIssues caps the issues listed in one answer: a request with 50 000 bad keys must not get 11 MB back. */
export const maxIssues = 20;

/** capIssues keeps the first `maxIssues` issues and says how many more there were. */
export function capIssues(issues: readonly string[]): string[] {
  if (issues.length <= maxIssues) return [...issues];
  return [...issues.slice(0, maxIssues), `… and ${issues.length - maxIssues} more`];
}

function apiError(reply: FastifyReply, status: number, code: ErrorCode, message: string, issues?: string[]): FastifyReply {
  const body: ApiError = { error: { code, message, ...(issues && issues.length ? { issues: capIssues(issues) } : {}) } };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

function tokenEquals(given: string, token: string): boolean {
  // Hash first so lengths match and the comparison time says nothing about the token.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/** createApp builds the fastify app (not listening yet; tests use `inject`). */
export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const { engine, recorder } = options;
  const slidesDir = options.slidesDir ?? join(engine.rootDir, 'slides');
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimitBytes ?? defaultBodyLimitBytes,
    // Run ids and demo ids are short; a long URL is a mistake or an attack.
    routerOptions: { maxParamLength: 200 },
    // Shutting down must not wait for viewers' keep-alive sockets or open event streams.
    forceCloseConnections: true,
    // A deck in `<deck>/` asks for `<deck>/api/…` (its URLs are relative): the same API.
    // A deck's build is the folder with the static "no server" answer the API replaces.
    rewriteUrl: (request) => {
      const url = request.url ?? '/';
      const distDir = options.distDir;
      return distDir ? deckApiUrl(url, (name) => existsSync(join(distDir, name, 'api/health'))) : url;
    },
  });
  // text/plain is what a cross-site form can send without a preflight: refuse it (415).
  app.removeContentTypeParser('text/plain');

  const speakerCredential: Credential = { role: 'speaker', token: options.token };
  const remotes = options.remotes ?? createRemoteTokens({ randomToken: () => randomBytes(24).toString('base64url'), randomId: () => randomBytes(4).toString('hex'), now: () => new Date() });
  const access = createAccessPolicy({
    exposed: options.exposed ?? false,
    hostNames: options.hostNames ?? (() => []),
    credentials: () => [speakerCredential, ...remotes.active().map(({ id, label, token }): Credential => ({ role: 'remote', token, id, label }))],
    tokenEquals,
  });
  const accessOf = (request: FastifyRequest): AccessRequest => ({
    remoteAddress: request.socket.remoteAddress,
    host: request.headers.host,
    origin: typeof request.headers.origin === 'string' ? request.headers.origin : undefined,
    authorization: request.headers.authorization,
  });
  let machinePromise: Promise<MachineInfo> | undefined;
  const machine = (): Promise<MachineInfo> => (machinePromise ??= options.machine());

  const openStreams = new Set<ServerResponse>();

  app.addHook('onRequest', async (request, reply) => {
    const info = accessOf(request);
    const host = access.checkHost(info);
    if (!host.ok) return apiError(reply, 403, 'unauthorized', host.reason);
    // The deck under `vite dev` runs on another loopback port; let it read the API.
    const origin = info.origin;
    if (origin && access.originAllowed(info)) {
      try {
        if (isLoopbackHostName(new URL(origin).hostname)) {
          reply.header('access-control-allow-origin', origin);
          reply.header('vary', 'Origin');
          if (request.method === 'OPTIONS') {
            reply.header('access-control-allow-methods', 'GET, POST');
            reply.header('access-control-allow-headers', 'content-type, authorization, last-event-id');
            reply.header('access-control-max-age', '600');
            return reply.code(204).send();
          }
        }
      } catch {
        // unparsable origin: no CORS headers
      }
    }
    return undefined;
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string; validation?: unknown }, request, reply) => {
    const code = error.code ?? '';
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return apiError(reply, 413, 'too-large', `request body over ${options.bodyLimitBytes ?? defaultBodyLimitBytes} bytes`);
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return apiError(reply, 415, 'bad-request', 'send JSON: Content-Type: application/json');
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return apiError(reply, error.statusCode, 'bad-request', error instanceof SyntaxError || /JSON/i.test(code) ? `malformed JSON: ${error.message}` : error.message);
    }
    // The request logger is off (a slide polls; that is noise), but a 500 is a bug to see.
    console.error(`${request.method} ${request.url}: ${error.stack ?? error.message}`);
    return apiError(reply, 500, 'internal', `internal error: ${error.message}`);
  });

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || !options.distDir) return apiError(reply, 404, 'not-found', `no route ${request.method} ${request.url.split('?')[0]}`);
    return reply.code(404).type('text/plain; charset=utf-8').send('not found');
  });

  /** refusal says why a request may not do `action`: a revoked remote is told so. */
  const refusal = (request: FastifyRequest, action: string): string => {
    const given = bearerToken(request.headers.authorization);
    const revoked = given === undefined ? undefined : remotes.revokedMatch(given, tokenEquals);
    if (revoked) return `${action}: this remote (${revoked.label}) was revoked by the speaker; ask for a new link`;
    const role = access.roleOf(accessOf(request));
    if (role === 'remote') return `${action}: a phone remote may only step the deck and run the current slide's demo`;
    return `${action} needs the speaker token: open the URL the server printed (…/#token=…), or send Authorization: Bearer <token>`;
  };

  const stage = options.stage ?? createStage({ engine });
  /** deckStageOf is the stage of the deck a request came from: each deck's audience follows its own speaker. */
  const deckStageOf = (request: FastifyRequest): DeckStage => stage.deck(deckPathOf(request.originalUrl));
  /** remoteScope is what a remote's run is checked against: the slide the audience of its deck is on. */
  const remoteScope = (deckStage: DeckStage): ScopeContext => ({
    slide: deckStage.currentSlide(),
    knowsSlides: deckStage.knowsSlides(),
    paramsKey(demoId, params) {
      const manifest = engine.demo(demoId)?.manifest;
      if (!manifest || params === null || typeof params !== 'object' || Array.isArray(params)) return undefined;
      if (Object.keys(params).some((key) => !(key in manifest.params.shape))) return undefined;
      const parsed = manifest.params.safeParse(params);
      return parsed.success ? stableStringify(parsed.data) : undefined;
    },
  });

  /**
   * requireControl lets the speaker start or cancel anything, and a remote that drives (or
   * finds the seat free) only what `remoteCheck` allows: the current slide's demo.
   */
  const requireControl = (request: FastifyRequest, reply: FastifyReply, remoteCheck: () => ScopeCheck): boolean => {
    const info = accessOf(request);
    if (access.may(info, 'control')) return true;
    const party = partyOf(access.credentialOf(info));
    if (!access.may(info, 'slide-run') || party?.kind !== 'remote') {
      void apiError(reply, 403, 'unauthorized', refusal(request, 'starting and cancelling runs'));
      return false;
    }
    const { seat } = deckStageOf(request);
    if (!seat.mayDrive(party)) {
      void apiError(reply, 403, 'unauthorized', `${seat.current().remote?.label ?? 'another remote'} drives now: ask to take over before running the demo`);
      return false;
    }
    const check = remoteCheck();
    if (!check.ok) void apiError(reply, 403, 'unauthorized', check.message);
    return check.ok;
  };

  app.get('/api/health', async (request) => {
    const role = access.roleOf(accessOf(request));
    const body: HealthInfo = { live: true, version: options.version, role, control: role === 'speaker', machine: await machine() };
    return body;
  });

  app.get('/api/demos', async (request, reply) => {
    const { deck } = request.query as { deck?: unknown };
    let onDeck: Set<string> | undefined;
    if (deck !== undefined) {
      try {
        onDeck = new Set(deckDemoLines(deckDirOf(slidesDir, String(deck))).map((line) => line.demo));
      } catch (error) {
        if (error instanceof UnknownDeckError) return apiError(reply, 404, 'not-found', error.message);
        throw error;
      }
    }
    const report = toToolchainReport(await engine.toolchains());
    const decks = decksUsing(slidesDir);
    return engine.demos().filter(({ manifest }) => onDeck?.has(manifest.id) ?? true).map(({ manifest }): DemoInfo => ({
      id: manifest.id,
      title: manifest.title,
      decks: decks.get(manifest.id) ?? [],
      params: paramSpecsOf(manifest.params),
      editable: manifest.editable ?? false,
      requires: manifest.requires,
      missing: manifest.requires.filter((id: string) => !report[id]?.found),
    }));
  });

  app.get('/api/toolchains', async () => engine.toolchains());

  app.post('/api/runs', async (request, reply) => {
    if (!requireControl(request, reply, () => checkRemoteStart(request.body, remoteScope(deckStageOf(request))))) return reply;
    const body = request.body as StartRunRequest | undefined;
    if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
      return apiError(reply, 400, 'bad-request', 'expected a JSON object {demo, params?, files?, requestId?}');
    }
    try {
      const { run, created } = engine.start(body, { allowFiles: true });
      reply.header('location', `/api/runs/${run.runId}`);
      return reply.code(created ? 202 : 200).send(run.summary());
    } catch (error) {
      if (error instanceof EngineError) return apiError(reply, error.status ?? statusOf[error.code] ?? 400, error.code, error.message, error.issues);
      throw error;
    }
  });

  app.get('/api/runs', async (request) => {
    const { demo } = request.query as { demo?: string };
    return engine.runs(typeof demo === 'string' && demo ? demo : undefined).map((run) => run.summary());
  });

  app.get('/api/runs/:runId', async (request, reply) => {
    const run = engine.run((request.params as { runId: string }).runId);
    if (!run) return apiError(reply, 404, 'not-found', 'no such run (finished runs are kept for a while, then forgotten)');
    return run.summary();
  });

  app.post('/api/runs/:runId/cancel', async (request, reply) => {
    const runId = (request.params as { runId: string }).runId;
    const known = engine.run(runId);
    // An unknown run is 404 for a remote too (run ids are no secret: GET /api/runs lists them).
    const remoteCheck = (): ScopeCheck => (known ? checkRemoteCancel(known.summary(), remoteScope(deckStageOf(request))) : { ok: true });
    if (!requireControl(request, reply, remoteCheck)) return reply;
    const run = engine.cancel(runId);
    if (!run) return apiError(reply, 404, 'not-found', 'no such run');
    return run.summary();
  });

  app.get('/api/runs/:runId/events', (request, reply) => {
    const run = engine.run((request.params as { runId: string }).runId);
    if (!run) return apiError(reply, 404, 'not-found', 'no such run');
    const resume = resumePointOf(request);
    if (!resume.ok) return apiError(reply, 400, 'bad-request', resume.message);
    const after = resume.after ?? 0;
    if (run.state === 'done' && after >= run.events.length) return reply.code(204).send();
    if (after > run.events.length) {
      // A seq this run has not reached: nothing to resume from (a client of another server?).
      return apiError(reply, 400, 'bad-request', `\`after\` / Last-Event-ID ${after} is beyond this run's last event (${run.events.length})`);
    }
    let unsubscribe: (() => void) | undefined;
    const stream = openEventStream(request, reply, { heartbeatMs, openStreams, onClose: () => unsubscribe?.() });
    unsubscribe = run.subscribe(after, (event) => {
      stream.send(event.seq, event);
      if (event.type === 'end') stream.close();
    });
    if (stream.closed) unsubscribe();
  });

  registerStageRoutes(app, { stage, deckStageOf, knowsDemo: (id) => engine.demo(id) !== undefined, heartbeatMs, openStreams, may: (request, capability) => access.may(accessOf(request), capability), apiError });
  registerRemoteRoutes(app, {
    stage,
    deckStageOf,
    remotes,
    may: (request, capability) => access.may(accessOf(request), capability),
    credentialOf: (request) => access.credentialOf(accessOf(request)),
    refusal,
    qrSvg: options.qrSvg ?? (() => ''),
    apiError,
  });

  app.get('/api/recordings/:demoId', async (request, reply) => {
    const { demoId } = request.params as { demoId: string };
    try {
      const recording = await recorder.read(demoId);
      if (recording) return recording;
      // A known demo that was never recorded is not an error: 204, so the deck asking for
      // it does not log a failed request in every viewer's console.
      const demo = demoOfRecordingKey(demoId);
      if (engine.demos().some((known) => known.manifest.id === demo)) return reply.code(204).send();
      return apiError(reply, 404, 'not-found', `no recording of "${demoId}"`);
    } catch (error) {
      return apiError(reply, 500, 'internal', `recording of ${demoId} is unreadable: ${(error as Error).message}`);
    }
  });

  // Open event streams would keep close() waiting forever.
  app.addHook('preClose', async () => {
    stage.close();
    for (const res of openStreams) res.end();
    openStreams.clear();
  });

  if (options.distDir) {
    // redirect: `/<deck>` → `/<deck>/`, so the deck's relative URLs resolve inside its folder.
    await app.register(fastifyStatic, { root: options.distDir, prefix: '/', index: ['index.html'], wildcard: true, redirect: true });
  }
  return app;
}
