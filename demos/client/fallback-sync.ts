/**
 * fallback-sync: the stage fallback across the deck's windows. When the speaker shows a
 * recording in place of a failed live run (Y or a click), the speaker-notes window's
 * previews of that slide show it too: the windows of one deck in one browser share an
 * origin, so a BroadcastChannel reaches them all (a window never hears its own messages).
 * Also the key: Y on a slide whose panel offers its recording shows it, as the click does.
 */
import type { RevealApi } from 'reveal.js';
import { fallbackKey, isFallbackMessage, type FallbackMessage } from './fallback-offer.ts';

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

/** createFallbackSync opens the channel (a no-op one where BroadcastChannel is missing). */
export function createFallbackSync(): FallbackSync {
  if (typeof BroadcastChannel === 'undefined') return { announce() {}, listen: () => () => {}, close() {} };
  const channel = new BroadcastChannel(fallbackChannelName);
  const listeners = new Set<(demo: string, key: string) => void>();
  channel.onmessage = (event: MessageEvent<unknown>) => {
    if (!isFallbackMessage(event.data)) return;
    for (const listener of [...listeners]) listener(event.data.demo, event.data.key);
  };
  return {
    announce(demo, key) {
      const message: FallbackMessage = { type: 'demo:fallback', demo, key };
      channel.postMessage(message);
    },
    listen(onShown) {
      listeners.add(onShown);
      return () => listeners.delete(onShown);
    },
    close() {
      listeners.clear();
      channel.close();
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
