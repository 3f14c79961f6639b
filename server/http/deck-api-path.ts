/**
 * deckApiUrl: every deck of the built site finds the API beside itself. A deck asks for
 * `./api/…` relative to its page (demos/client/transport.ts), so the flagship at `/`
 * asks `/api/health` and a deck at `/<deck>/` asks `/<deck>/api/health`; the server
 * answers the second as the first. Pure: `isDeck` says whether a folder of the site is a
 * deck (only those are rewritten, so no other path can reach the API by a detour).
 */

const deckApi = /^\/([a-z0-9]+(?:-[a-z0-9]+)*)(\/api(?:[/?].*)?)$/;

/** deckApiUrl maps `/<deck>/api/…` to `/api/…` when `<deck>` is a deck; any other URL is returned as is. */
export function deckApiUrl(url: string, isDeck: (name: string) => boolean): string {
  const match = deckApi.exec(url);
  if (!match?.[1] || !match[2] || !isDeck(match[1])) return url;
  return match[2];
}

/**
 * deckPathOf is the page of the deck an API request came from, by the URL it asked for
 * before the rewrite above: `/<deck>/` for `/<deck>/api/…`, the flagship's `/` for
 * `/api/…`. Each deck has its own stage (server/stage/stage.ts); the rewrite reached the
 * API only for a real deck, so the name is one.
 */
export function deckPathOf(originalUrl: string): string {
  const match = deckApi.exec(originalUrl);
  return match?.[1] ? `/${match[1]}/` : '/';
}
