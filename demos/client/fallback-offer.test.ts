import { describe, expect, it } from 'vitest';
import { fallbackKey, fallbackReason, isFallbackMessage, type LiveRunState } from './fallback-offer.ts';

const running: LiveRunState = { live: true, ended: false, outcome: null, connection: 'open', startError: null, hasRecording: true };

describe('fallbackReason', () => {
  it('offers nothing while a live run goes well, or once it ended ok', () => {
    expect(fallbackReason(running)).toBeNull();
    expect(fallbackReason({ ...running, ended: true, outcome: 'ok' })).toBeNull();
    expect(fallbackReason({ ...running, connection: null })).toBeNull();
    // An outcome counts only once the run has ended.
    expect(fallbackReason({ ...running, ended: false, outcome: 'error' })).toBeNull();
  });

  it('offers the recording when the live run failed, timed out or was cancelled', () => {
    expect(fallbackReason({ ...running, ended: true, outcome: 'error' })).toBe('the live run failed');
    expect(fallbackReason({ ...running, ended: true, outcome: 'timeout' })).toBe('the live run timed out');
    expect(fallbackReason({ ...running, ended: true, outcome: 'cancelled' })).toBe('the live run was cancelled');
  });

  it('offers it when the server is gone: the stream reconnecting or lost, or a Run that could not start', () => {
    expect(fallbackReason({ ...running, connection: 'reconnecting' })).toBe('the demo server is gone');
    expect(fallbackReason({ ...running, connection: 'lost' })).toBe('the demo server is gone');
    expect(fallbackReason({ ...running, live: false, ended: false, connection: null, startError: 'Cannot reach the demo server' })).toBe('the run could not start');
  });

  it('offers nothing without a recording, nor for what is not a live run', () => {
    expect(fallbackReason({ ...running, ended: true, outcome: 'error', hasRecording: false })).toBeNull();
    expect(fallbackReason({ ...running, startError: 'x', hasRecording: false })).toBeNull();
    expect(fallbackReason({ ...running, live: false, ended: true, outcome: 'error' })).toBeNull();
    expect(fallbackReason({ ...running, live: false, connection: 'lost' })).toBeNull();
  });
});

describe('the fallback key and message', () => {
  it('is Y, a key reveal.js and the deck leave free', () => {
    expect(fallbackKey).toEqual({ key: 'Y', keyCode: 89 });
  });

  it('recognises a fallback message and nothing else', () => {
    expect(isFallbackMessage({ type: 'demo:fallback', demo: 'stack-growth', key: 'stack-growth' })).toBe(true);
    expect(isFallbackMessage({ type: 'demo:fallback', demo: 'stack-growth' })).toBe(false);
    expect(isFallbackMessage({ type: 'demo:fallback', key: 'stack-growth' })).toBe(false);
    expect(isFallbackMessage({ type: 'demo:fallback', demo: 7, key: 'stack-growth' })).toBe(false);
    // Only a plain object: a function carrying the same fields is not a message.
    expect(isFallbackMessage(Object.assign(() => undefined, { type: 'demo:fallback', demo: 'a', key: 'a' }))).toBe(false);
    expect(isFallbackMessage({ type: 'other', demo: 'a', key: 'a' })).toBe(false);
    expect(isFallbackMessage(null)).toBe(false);
    expect(isFallbackMessage('demo:fallback')).toBe(false);
  });
});
