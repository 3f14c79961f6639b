/**
 * The deck's stage plugin for Reveal 6: with a demo server, the speaker's deck drives and
 * the audience's pages follow it (stage-session.ts, loaded once the first slide is up so
 * the first paint does not wait for it). Nothing happens in print view, in the speaker
 * view's previews (`?receiver`), or without a server (the static deck).
 */
import type { RevealApi, RevealPlugin } from 'reveal.js';
import type { StageSession } from './stage-session.ts';

/** createStagePlugin returns the Reveal plugin `{ id: 'stage', init, destroy }`. */
export default function createStagePlugin(): RevealPlugin {
  let session: StageSession | null = null;
  let destroyed = false;
  return {
    id: 'stage',
    init(deck: RevealApi) {
      const query = new URLSearchParams(globalThis.location?.search ?? '');
      const api = deck as RevealApi & { isPrintView?: () => boolean };
      if (query.has('receiver') || query.has('print-pdf') || query.get('view') === 'print' || api.isPrintView?.() || deck.isSpeakerNotes()) return;
      const start = (): void => {
        void Promise.all([import('./stage-session.ts'), import('./stage.css')]).then(async ([{ startStageSession }]) => {
          if (destroyed) return;
          const started = await startStageSession(deck);
          if (destroyed) started?.stop();
          else session = started;
        });
      };
      if (deck.isReady()) start();
      else deck.on('ready', start);
    },
    destroy() {
      destroyed = true;
      session?.stop();
      session = null;
    },
  };
}
