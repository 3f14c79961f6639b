import { describe, expect, it } from 'vitest';
import type { DeckSlide } from '../../demos/protocol.ts';
import { stableStringify } from '../engine/params.ts';
import { checkRemoteCancel, checkRemoteStart, type ScopeContext } from './remote-scope.ts';

const slide: DeckSlide = {
  h: 4,
  v: 2,
  id: 'ffi-today',
  title: 'Measured here, now',
  notesHtml: '<p>Click Run.</p>',
  demos: [{ demo: 'ffi-overhead', params: { runtimes: ['c-so', 'go-cgo'] } }],
};

/** A schema stand-in: ffi-overhead's rounds default to 3, and other keys do not pass. */
function paramsKey(demo: string, params: unknown): string | undefined {
  if (demo !== 'ffi-overhead' && demo !== 'stack-growth') return undefined;
  const given = params as Record<string, unknown>;
  if (Object.keys(given).some((key) => key !== 'runtimes' && key !== 'rounds')) return undefined;
  return stableStringify({ runtimes: ['c-so'], rounds: 3, ...given });
}

const on = (current: DeckSlide | undefined, knowsSlides = true): ScopeContext => ({ slide: current, knowsSlides, paramsKey });

describe('remote scope', () => {
  it('allows the current slide\'s demo with its params, defaults filled in or not', () => {
    expect(checkRemoteStart({ demo: 'ffi-overhead', params: { runtimes: ['c-so', 'go-cgo'] }, requestId: 'r' }, on(slide))).toEqual({ ok: true });
    expect(checkRemoteStart({ demo: 'ffi-overhead', params: { runtimes: ['c-so', 'go-cgo'], rounds: 3 } }, on(slide))).toEqual({ ok: true });
    const defaults: DeckSlide = { ...slide, demos: [{ demo: 'ffi-overhead', params: {} }] };
    expect(checkRemoteStart({ demo: 'ffi-overhead' }, on(defaults))).toEqual({ ok: true });
    expect(checkRemoteStart({ demo: 'ffi-overhead', params: { rounds: 3 } }, on(defaults))).toEqual({ ok: true });
  });

  it('refuses other params, another demo, edited code, and params that do not pass', () => {
    expect(checkRemoteStart({ demo: 'ffi-overhead', params: { runtimes: ['c-so', 'go-cgo'], rounds: 50 } }, on(slide))).toEqual({
      ok: false,
      message: 'a remote runs ffi-overhead only with the params of "Measured here, now"',
    });
    expect(checkRemoteStart({ demo: 'ffi-overhead', params: {} }, on(slide)).ok).toBe(false);
    expect(checkRemoteStart({ demo: 'stack-growth', params: {} }, on(slide))).toEqual({
      ok: false,
      message: 'a remote runs only the current slide\'s demo (ffi-overhead on "Measured here, now"), not stack-growth',
    });
    expect(checkRemoteStart({ demo: 42 }, on(slide))).toMatchObject({ ok: false, message: expect.stringMatching(/, not that$/) });
    expect(checkRemoteStart({ demo: 'ffi-overhead', params: { runtimes: ['c-so', 'go-cgo'] }, files: { 'main.go': 'package main' } }, on(slide))).toEqual({
      ok: false,
      message: 'a remote never sends code: edited files need the speaker\'s laptop',
    });
    expect(checkRemoteStart({ demo: 'ffi-overhead', params: { runtimes: ['c-so', 'go-cgo'], bogus: 1 } }, on(slide)).ok).toBe(false);
    for (const body of [null, [], 'ffi-overhead']) expect(checkRemoteStart(body, on(slide)).ok).toBe(false);
  });

  it('refuses on a slide without a demo, an unknown place, or a server without the slide list', () => {
    const body = { demo: 'ffi-overhead', params: { runtimes: ['c-so', 'go-cgo'] } };
    expect(checkRemoteStart(body, on({ ...slide, demos: [] }))).toEqual({ ok: false, message: 'a remote runs only the current slide\'s demo, and this slide has none' });
    expect(checkRemoteStart(body, on(undefined)).ok).toBe(false);
    expect(checkRemoteStart(body, on(slide, false))).toMatchObject({ ok: false, message: expect.stringContaining('slides.json') });
  });

  it('a slide with the same demo twice allows either placement', () => {
    const two: DeckSlide = { ...slide, demos: [{ demo: 'ffi-overhead', params: { runtimes: ['c-so'] } }, { demo: 'ffi-overhead', params: { runtimes: ['go-cgo'] } }] };
    expect(checkRemoteStart({ demo: 'ffi-overhead', params: { runtimes: ['go-cgo'] } }, on(two))).toEqual({ ok: true });
    expect(checkRemoteStart({ demo: 'ffi-overhead', params: { runtimes: ['c-so'] } }, on(two))).toEqual({ ok: true });
    expect(checkRemoteStart({ demo: 'ffi-overhead', params: { runtimes: ['rust'] } }, on(two)).ok).toBe(false);
  });

  it('cancels only a run of the slide\'s demo and params, never one of edited code', () => {
    const run = { demo: 'ffi-overhead', params: { runtimes: ['c-so', 'go-cgo'], rounds: 3 } };
    expect(checkRemoteCancel(run, on(slide))).toEqual({ ok: true });
    expect(checkRemoteCancel({ ...run, params: { runtimes: ['c-so'], rounds: 3 } }, on(slide)).ok).toBe(false);
    expect(checkRemoteCancel({ ...run, demo: 'stack-growth' }, on(slide)).ok).toBe(false);
    expect(checkRemoteCancel({ ...run, edited: true }, on(slide))).toEqual({ ok: false, message: 'a remote cannot cancel a run of edited code' });
  });
});
