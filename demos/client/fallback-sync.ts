/**
 * fallback-sync: the stage fallback across the deck's windows and its audience. When the
 * speaker shows a recording in place of a failed live run (Y or a click), the
 * speaker-notes window's previews of that slide show it too: the windows of one deck in
 * one browser share an origin, so a BroadcastChannel reaches them all (a window never
 * hears its own messages). The audience's pages hear it over the stage stream: the window
 * events of run-started.ts carry it to and from the stage session (stage-session.ts).
 * Also the key: Y on a slide whose panel offers its recording shows it, as the click does.
 */
import type { RevealApi } from 'reveal.js';
import type { StageFallback } from '../protocol.ts';
import { fallbackKey, isFallbackMessage, type FallbackMessage } from './fallback-offer.ts';
import { fallbackShownEvent, stageFallbackEvent } from './run-started.ts';

/** FallbackSync tells the deck's other windows, and hears from them, which recordings were shown instead. */
export interface FallbackSync {
  /** announce says this window showed `key`'s recording of `demo` instead of its live run. */
  announce(demo: string, key: string): void;
  /** listen hears what another window showed; returns the way to stop listening. */
  listen(onShown: (demo: string, key: string) => void): () => void;
  close(): void;
}

/** fallbackChannelName is the channel the deck's windows share. */
export const fallbackChannelName = 'cgo-deck:demo-fallback';

/** createFallbackSync opens the channel (none where BroadcastChannel is missing) and listens to the stage's fallbacks. */
export function createFallbackSync(): FallbackSync {
  const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(fallbackChannelName);
  const listeners = new Set<(demo: string, key: string) => void>();
  const tell = (value: unknown): void => {
    if (!isFallbackMessage(value)) return;
    for (const listener of [...listeners]) listener(value.demo, value.key);
  };
  if (channel) channel.onmessage = (event: MessageEvent<unknown>) => tell(event.data);
  // The speaker's deck showed a recording instead (the stage stream, on a following page).
  const onStage = (event: Event): void => {
    const shown = (event as CustomEvent<StageFallback>).detail;
    tell({ type: 'demo:fallback', demo: shown?.demo, key: shown?.key });
  };
  window.addEventListener(stageFallbackEvent, onStage);
  return {
    announce(demo, key) {
      const message: FallbackMessage = { type: 'demo:fallback', demo, key };
      channel?.postMessage(message);
      window.dispatchEvent(new CustomEvent<StageFallback>(fallbackShownEvent, { detail: { demo, key } }));
    },
    listen(onShown) {
      listeners.add(onShown);
      return () => listeners.delete(onShown);
    },
    close() {
      listeners.clear();
      channel?.close();
      window.removeEventListener(stageFallbackEvent, onStage);
    },
  };
}

/**
 * installFallbackKey binds Y in Reveal (so its help overlay, `?`, lists it, and it is
 * ignored while typing in an input or the editor): it clicks the fallback offer of a
 * panel on the current slide, if one is offered.
 */
export function installFallbackKey(deck: RevealApi): () => void {
  const onKey = (): void => {
    const offer = deck.getCurrentSlide()?.querySelector<HTMLButtonElement>('.demo-fallback:not([hidden])');
    offer?.click();
  };
  deck.addKeyBinding({ keyCode: fallbackKey.keyCode, key: fallbackKey.key, description: 'Show the recorded result of a failed live demo' }, onKey);
  return () => deck.removeKeyBinding(fallbackKey.keyCode);
}
