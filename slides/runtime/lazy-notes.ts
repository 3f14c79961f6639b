/**
 * createLazyNotesPlugin: Reveal's speaker-notes plugin, loaded after the first slide is
 * on screen. The plugin carries its speaker window and a Markdown parser (~65 KB of
 * script that runs on load), which the first slide does not need: loading it up front
 * made the deck's first paint wait for it (npm run bench:deck).
 *
 * Until the real plugin is in, S loads it and opens the speaker window; a page opened as
 * a speaker-view preview (`?receiver`) never loads it, as the plugin itself does nothing
 * there. Once loaded, the real plugin takes over S, `?notes` and the speaker window's
 * reconnects.
 */
import type { DeckApi, DeckPlugin } from './reveal-api.ts';

/** NotesPlugin is the part of reveal.js's notes plugin used here. */
interface NotesPlugin extends DeckPlugin {
  open(): void;
}

/** loadNotesPlugin imports reveal.js's notes plugin (its own chunk). */
async function loadNotesPlugin(): Promise<NotesPlugin> {
  const { default: createNotes } = await import('reveal.js/plugin/notes');
  return (createNotes as unknown as () => NotesPlugin)();
}

/** createLazyNotesPlugin returns the Reveal plugin that stands in for the notes plugin until it has loaded. */
export function createLazyNotesPlugin(load: () => Promise<NotesPlugin> = loadNotesPlugin): DeckPlugin {
  let notes: Promise<NotesPlugin> | undefined;
  return {
    id: 'lazy-notes',
    init(deck: DeckApi) {
      if (/receiver/i.test(window.location.search)) return;
      const register = (): Promise<NotesPlugin> => {
        notes ??= load().then((plugin) => {
          deck.registerPlugin(plugin);
          return plugin;
        });
        return notes;
      };
      // S before the plugin is in: load it now and open the speaker window (the key
      // press still counts as the user's gesture a popup needs).
      deck.addKeyBinding({ keyCode: 83, key: 'S', description: 'Speaker notes view' }, () => {
        void register().then((plugin) => plugin.open());
      });
      // Otherwise load it once the first slide is up and the page is idle.
      deck.on('ready', () => {
        if (typeof requestIdleCallback === 'function') requestIdleCallback(() => void register(), { timeout: 2000 });
        else setTimeout(() => void register(), 500);
      });
    },
  };
}
