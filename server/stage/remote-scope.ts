/**
 * What a phone remote's token allows beyond moving the deck: starting and cancelling the
 * demo of the slide the audience is on now, with that slide's params, and nothing else.
 * A phone can be lost, borrowed or shoulder-surfed; its token must not run other demos,
 * other params (a sweep that takes ten minutes) or code (edited files need the speaker).
 *
 * The current slide comes from the stage (the driver's position) and the deck's slide
 * list (slide-map.ts), never from the request. Params are compared after the demo's own
 * schema (defaults filled in), so `{}` and `{"n": 1}` are the same run when 1 is the
 * default. Pure: the schema check comes in as `paramsKey`.
 */
import type { DeckSlide, RunParams } from '../../demos/protocol.ts';

/** ScopeCheck is allowed, or refused with the reason (HTTP 403). */
export type ScopeCheck = { ok: true } | { ok: false; message: string };

/** ScopeContext is what a check needs to know. */
export interface ScopeContext {
  /** The slide the audience is on (undefined: none known, or not in the deck's list). */
  slide: DeckSlide | undefined;
  /** Whether the server knows the slides of the deck the audience is on (it read that deck's slides.json). */
  knowsSlides: boolean;
  /** paramsKey is a canonical text of `params` after the demo's schema, or undefined when they do not pass it. */
  paramsKey(demo: string, params: unknown): string | undefined;
}

const noSlides: ScopeCheck = {
  ok: false,
  message: 'this server does not know the deck\'s slides (it reads slides.json from --dist; npm start passes it), so a remote cannot run demos; use the laptop',
};

/** onSlide says whether a demo with these params is one the current slide holds. */
function onSlide(demo: unknown, params: unknown, context: ScopeContext): ScopeCheck {
  if (!context.knowsSlides) return noSlides;
  const slide = context.slide;
  if (!slide || slide.demos.length === 0) return { ok: false, message: 'a remote runs only the current slide\'s demo, and this slide has none' };
  const names = slide.demos.map((placement) => placement.demo).join(', ');
  const placements = slide.demos.filter((placement) => placement.demo === demo);
  if (placements.length === 0) {
    return { ok: false, message: `a remote runs only the current slide's demo (${names} on "${slide.title}"), not ${typeof demo === 'string' ? demo : 'that'}` };
  }
  const given = context.paramsKey(demo as string, params ?? {});
  if (given !== undefined && placements.some((placement) => context.paramsKey(placement.demo, placement.params) === given)) return { ok: true };
  return { ok: false, message: `a remote runs ${names} only with the params of "${slide.title}"` };
}

/** checkRemoteStart decides a remote's `POST /api/runs` body. */
export function checkRemoteStart(body: unknown, context: ScopeContext): ScopeCheck {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, message: 'expected a JSON object {demo, params?, requestId?}' };
  const request = body as { demo?: unknown; params?: unknown; files?: unknown };
  // Code is the speaker's alone: never from a phone, whatever the slide.
  if (request.files !== undefined) return { ok: false, message: 'a remote never sends code: edited files need the speaker\'s laptop' };
  return onSlide(request.demo, request.params, context);
}

/** checkRemoteCancel decides whether a remote may cancel a run. */
export function checkRemoteCancel(run: { demo: string; params: RunParams; edited?: true }, context: ScopeContext): ScopeCheck {
  if (run.edited) return { ok: false, message: 'a remote cannot cancel a run of edited code' };
  return onSlide(run.demo, run.params, context);
}
