import { describe, expect, it } from 'vitest';
import type { SlidePosition, StepAnswer, StepRequest } from '../../demos/protocol.ts';
import { createStepSender, type StepSenderState } from './step-sender.ts';

const p = (h: number, v = 0, f = -1): SlidePosition => ({ h, v, f });

/** A hand-driven world: sends wait for the test to answer them; timers fire when told. */
function setup(options: { attempts?: number; maxQueued?: number } = {}) {
  const sent: Array<{ request: StepRequest; answer(value: StepAnswer): void; fail(error: unknown): void }> = [];
  const timers: Array<{ callback: () => void; ms: number; cleared: boolean }> = [];
  const states: StepSenderState[] = [];
  let ids = 0;
  const sender = createStepSender({
    send: (request) => new Promise((answer, fail) => sent.push({ request: structuredClone(request), answer, fail })),
    retryable: (error) => error === 'network',
    randomId: () => `id-${++ids}`,
    delayMs: (attempt) => 100 * (attempt + 1),
    timers: {
      set: (callback, ms) => {
        const timer = { callback, ms, cleared: false };
        timers.push(timer);
        return timer;
      },
      clear: (handle) => void ((handle as { cleared: boolean }).cleared = true),
    },
    onChange: (state) => states.push(state),
    ...options,
  });
  const settle = () => new Promise((done) => setTimeout(done, 0));
  const fire = async () => {
    const pending = timers.filter((timer) => !timer.cleared);
    timers.length = 0;
    for (const timer of pending) timer.callback();
    await settle();
  };
  return { sender, sent, timers, states, settle, fire };
}

const accepted = (from: SlidePosition, seq = 1): StepAnswer => ({ accepted: true, position: from, seq });

describe('step sender', () => {
  it('sends a press as a step from the position shown, and is free again once the deck arrives', async () => {
    const { sender, sent, settle } = setup();
    sender.moved(p(3));
    sender.press('next');
    expect(sent.map((s) => s.request)).toEqual([{ requestId: 'id-1', step: 'next', from: p(3) }]);
    expect(sender.state).toEqual({ busy: 'next', queued: 0, notice: null });
    sent[0]!.answer(accepted(p(3)));
    await settle();
    expect(sender.state.busy).toBe('next'); // waits for the deck
    sender.moved(p(3, 0, 0));
    expect(sender.state).toEqual({ busy: null, queued: 0, notice: null });
  });

  it('three quick taps are three steps, each from where the one before led', async () => {
    const { sender, sent, settle } = setup();
    sender.moved(p(1));
    sender.press('next');
    sender.press('next');
    sender.press('prev');
    expect(sent).toHaveLength(1);
    expect(sender.state.queued).toBe(2);
    sent[0]!.answer(accepted(p(1)));
    await settle();
    sender.moved(p(2));
    expect(sent.map((s) => s.request.from)).toEqual([p(1), p(2)]);
    expect(sent[1]!.request.step).toBe('next');
    // The deck may arrive before the answer: the next step waits for both.
    sender.moved(p(3));
    expect(sent).toHaveLength(2);
    sent[1]!.answer(accepted(p(2)));
    await settle();
    expect(sent.map((s) => s.request)).toEqual([
      { requestId: 'id-1', step: 'next', from: p(1) },
      { requestId: 'id-2', step: 'next', from: p(2) },
      { requestId: 'id-3', step: 'prev', from: p(3) },
    ]);
  });

  it('keeps at most maxQueued presses waiting', () => {
    const { sender, sent } = setup({ maxQueued: 2 });
    sender.moved(p(1));
    for (let i = 0; i < 6; i++) sender.press('next');
    expect(sent).toHaveLength(1);
    expect(sender.state.queued).toBe(2);
  });

  it('retries a step with no answer with the same request id, then says the phone is offline', async () => {
    const { sender, sent, settle, fire } = setup({ attempts: 3 });
    sender.moved(p(1));
    sender.press('next');
    sender.press('next');
    sent[0]!.fail('network');
    await settle();
    await fire();
    sent[1]!.fail('network');
    await settle();
    await fire();
    expect(sent.map((s) => s.request.requestId)).toEqual(['id-1', 'id-1', 'id-1']);
    sent[2]!.fail('network');
    await settle();
    // Given up: the press behind it goes too (it was meant to follow this one).
    expect(sender.state).toEqual({ busy: null, queued: 0, notice: 'offline' });
    expect(sent).toHaveLength(3);
  });

  it('a retry that gets through is one step', async () => {
    const { sender, sent, settle, fire } = setup();
    sender.moved(p(1));
    sender.press('next');
    sent[0]!.fail('network');
    await settle();
    await fire();
    sent[1]!.answer(accepted(p(1)));
    await settle();
    sender.moved(p(2));
    expect(sent.map((s) => s.request.requestId)).toEqual(['id-1', 'id-1']);
    expect(sender.state).toEqual({ busy: null, queued: 0, notice: null });
  });

  it('drops a stale step and the presses behind it, silently', async () => {
    const { sender, sent, settle } = setup();
    sender.moved(p(4));
    sender.press('next');
    sender.press('next');
    sent[0]!.answer({ accepted: false, reason: 'stale', position: p(7), seq: 9 });
    await settle();
    expect(sender.state).toEqual({ busy: null, queued: 0, notice: null });
    expect(sent).toHaveLength(1);
  });

  it('says why a step was refused: another remote drives, no deck, or a refusal', async () => {
    for (const [answer, notice] of [
      [{ accepted: false, reason: 'not-driver', position: p(1), seq: 1 }, 'not-driver'],
      [{ accepted: false, reason: 'no-deck', position: null, seq: 0 }, 'no-deck'],
    ] as const) {
      const { sender, sent, settle } = setup();
      sender.moved(p(1));
      sender.press('next');
      sent[0]!.answer(answer);
      await settle();
      expect(sender.state.notice).toBe(notice);
    }
    const { sender, sent, settle } = setup();
    sender.moved(p(1));
    sender.press('next');
    sent[0]!.fail('403');
    await settle();
    expect(sent).toHaveLength(1); // a refusal is not retried
    expect(sender.state.notice).toBe('refused');
  });

  it('does not wait forever for a deck that does not move', async () => {
    const { sender, sent, settle, timers, fire } = setup();
    sender.moved(p(1));
    sender.press('next');
    sender.press('next');
    sent[0]!.answer(accepted(p(1)));
    await settle();
    expect(timers.map((timer) => timer.ms)).toEqual([5000]);
    await fire();
    expect(sender.state).toEqual({ busy: null, queued: 0, notice: 'deck-silent' });
    // A new press goes out again (the deck takes it only if still on that slide).
    sender.press('next');
    expect(sent.map((s) => s.request.requestId)).toEqual(['id-1', 'id-2']);
  });

  it('without a known position, a press says the deck is not there', () => {
    const { sender, sent } = setup();
    sender.press('next');
    expect(sent).toHaveLength(0);
    expect(sender.state).toEqual({ busy: null, queued: 0, notice: 'no-deck' });
  });

  it('forget drops waiting presses, not the step on its way', async () => {
    const { sender, sent, settle } = setup();
    sender.moved(p(1));
    sender.press('next');
    sender.press('next');
    sender.forget();
    expect(sender.state).toEqual({ busy: 'next', queued: 0, notice: null });
    sent[0]!.answer(accepted(p(1)));
    await settle();
    sender.moved(p(2));
    expect(sent).toHaveLength(1);
  });
});

describe('step sender, step by step', () => {
  it('tells the page each change: a press on its way, one waiting, the deck arrived', async () => {
    const { sender, sent, states, settle } = setup();
    sender.moved(p(1));
    sender.press('next');
    sender.press('prev');
    expect(states).toEqual([
      { busy: 'next', queued: 0, notice: null },
      { busy: 'next', queued: 1, notice: null },
    ]);
    sent[0]!.answer(accepted(p(1)));
    await settle();
    sender.moved(p(2));
    expect(states.slice(2)).toEqual([
      { busy: null, queued: 1, notice: null },
      { busy: 'prev', queued: 0, notice: null },
    ]);
  });

  it('takes a move to the same place as no move, and a move to another sub-slide as one', async () => {
    const { sender, sent, settle } = setup();
    sender.moved(p(2, 1));
    sender.press('next');
    sent[0]!.answer(accepted(p(2, 1)));
    await settle();
    sender.moved(p(2, 1)); // the same position again (another follower's event): still waiting
    expect(sender.state.busy).toBe('next');
    sender.moved(p(2, 2));
    expect(sender.state.busy).toBeNull();
  });

  it('counts a move to another fragment as the deck arriving, before the answer too', async () => {
    const { sender, sent, settle, timers } = setup();
    sender.moved(p(5, 0, 0));
    sender.press('next');
    sender.moved(p(5, 0, 0));
    sender.moved(p(5, 0, 1)); // the stream is quicker than the answer
    sent[0]!.answer(accepted(p(5, 0, 0)));
    await settle();
    expect(sender.state).toEqual({ busy: null, queued: 0, notice: null });
    expect(timers).toHaveLength(0); // no wait for a deck that has already arrived
  });

  it('stops the arrival timer once the deck arrives', async () => {
    const { sender, sent, settle, timers } = setup();
    sender.moved(p(1));
    sender.press('next');
    sent[0]!.answer(accepted(p(1)));
    await settle();
    expect(timers.map((timer) => [timer.ms, timer.cleared])).toEqual([[5000, false]]);
    sender.moved(p(2));
    expect(timers.map((timer) => [timer.ms, timer.cleared])).toEqual([[5000, true]]);
  });

  it('waits delayMs between tries, and not after the last', async () => {
    const { sender, sent, settle, timers, fire } = setup({ attempts: 3 });
    sender.moved(p(1));
    sender.press('next');
    sent[0]!.fail('network');
    await settle();
    expect(sent).toHaveLength(1); // not again before the wait
    expect(timers.map((timer) => timer.ms)).toEqual([100]);
    await fire();
    sent[1]!.fail('network');
    await settle();
    expect(timers.map((timer) => timer.ms)).toEqual([200]);
    await fire();
    sent[2]!.fail('network');
    await settle();
    expect(timers).toHaveLength(0);
    expect(sender.state.notice).toBe('offline');
  });

  it('retries any failure when not told which are refusals', async () => {
    const sent: Array<(error: unknown) => void> = [];
    const sender = createStepSender({
      send: () => new Promise((_answer, fail) => sent.push(fail)),
      randomId: () => 'id',
      delayMs: () => 0,
      timers: { set: (callback) => (callback(), 0), clear: () => undefined },
      onChange: () => undefined,
      attempts: 2,
    });
    sender.moved(p(1));
    sender.press('next');
    sent[0]!(new Error('403'));
    await new Promise((done) => setTimeout(done, 0));
    expect(sent).toHaveLength(2);
  });

  it('says "refused" for a refusal that gives no reason', async () => {
    const { sender, sent, settle } = setup();
    sender.moved(p(1));
    sender.press('next');
    sent[0]!.answer({ accepted: false, position: p(1), seq: 1 });
    await settle();
    expect(sender.state).toEqual({ busy: null, queued: 0, notice: 'refused' });
  });
});
