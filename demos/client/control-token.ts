/**
 * The speaker's token in the browser. The server prints the speaker URL with the token in
 * its fragment (`http://127.0.0.1:8000/#token=…`): a fragment is never sent to a server,
 * so it stays out of request lines, logs and Referer headers. Before Reveal reads the
 * hash, the deck moves the token into the tab's sessionStorage and takes it out of the
 * address bar (so it is not bookmarked, shared on screen or kept in history), then sends
 * it as `Authorization: Bearer` on its API requests (transport.ts). The speaker-notes
 * window, opened by this tab, starts with a copy of this tab's sessionStorage, so it has
 * the token too. A page opened without it is a watcher.
 *
 * DOM-free (the page is passed in), so it is tested in node.
 */

/** tokenStorageKey is the sessionStorage key that holds the tab's token. */
export const tokenStorageKey = 'demo-token';

/**
 * remoteTokenStorageKey holds a phone remote's token (slides/remote/), apart from the
 * speaker's: the same steps (fragment → storage, out of the address bar), another key.
 */
export const remoteTokenStorageKey = 'remote-token';

/** TokenFragment is a URL hash split into the token it carried and the rest. */
export interface TokenFragment {
  token?: string;
  /** The hash without the token (`''` when nothing is left). */
  hash: string;
}

/**
 * splitTokenFragment takes `token=…` out of a hash: `#token=abc` → abc and `''`;
 * `#/slide&token=abc` → abc and `#/slide`; a hash without it comes back unchanged.
 */
export function splitTokenFragment(hash: string): TokenFragment {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const parts = body.split('&');
  const index = parts.findIndex((part) => part.startsWith('token='));
  if (index === -1) return { hash };
  let token: string | undefined;
  try {
    token = decodeURIComponent(parts[index]!.slice('token='.length));
  } catch {
    token = undefined; // malformed escape: no token, but still out of the address bar
  }
  parts.splice(index, 1);
  const rest = parts.join('&');
  return { ...(token ? { token } : {}), hash: rest === '' ? '' : `#${rest}` };
}

/** TokenPage is the part of `window` the token handling uses. */
export interface TokenPage {
  location: { hash: string; pathname: string; search: string };
  history: { state: unknown; replaceState(state: unknown, unused: string, url: string): void };
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

/**
 * adoptPageToken moves a token found in the page's fragment into sessionStorage and
 * removes it from the address bar; it returns the tab's token (new or kept from before).
 */
export function adoptPageToken(page: TokenPage | undefined = browserPage(), key: string = tokenStorageKey): string | undefined {
  if (!page) return undefined;
  try {
    const split = splitTokenFragment(page.location.hash);
    if (split.hash !== page.location.hash) {
      page.history.replaceState(page.history.state, '', `${page.location.pathname}${page.location.search}${split.hash}`);
    }
    if (split.token) page.sessionStorage.setItem(key, split.token);
    return page.sessionStorage.getItem(key) ?? undefined;
  } catch {
    // Storage disabled (privacy mode) or no history API: the page only watches.
    return undefined;
  }
}

/** pageToken returns this tab's token, if it has one. */
export function pageToken(page: TokenPage | undefined = browserPage(), key: string = tokenStorageKey): string | undefined {
  try {
    return page?.sessionStorage.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

function browserPage(): TokenPage | undefined {
  const g = globalThis as Partial<TokenPage>;
  return g.location && g.history && g.sessionStorage ? (g as TokenPage) : undefined;
}
