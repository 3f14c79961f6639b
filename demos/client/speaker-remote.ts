/**
 * The phone remote's place in the speaker view (reveal.js's notes window, on the
 * speaker's laptop screen, never the projector's): a "Phone remote" panel above the
 * notes that makes a remote (`POST api/remote/tokens`), shows its QR code and URL (they
 * carry the remote's token, so they appear only here and only on a click), makes another
 * for a co-presenter, lists the remotes with Revoke, and asks the speaker to hand over
 * when a remote wants to drive (or refuse).
 *
 * The notes window is a same-origin page reveal.js writes itself; it tells the deck when
 * it has connected (`reveal-notes` / `connected` message), and the panel is put into it
 * then (again after the window is reopened). The remote made by this tab is kept in the
 * tab's sessionStorage, so reopening the speaker view shows the same code.
 */
import type { DriverSeat, IssuedRemote, RemoteInfo } from '../protocol.ts';
import { domBuilder } from './dom-builder.ts';
import { authHeaders } from './transport.ts';
import panelCss from './speaker-remote.css?inline';

/** SpeakerRemote is the installed panel's handle. */
export interface SpeakerRemote {
  /** setSeat redraws who drives and who asks (the stage stream's `driver` events). */
  setSeat(seat: DriverSeat): void;
  uninstall(): void;
}

/** ownRemoteKey holds this tab's remote (sessionStorage), so the speaker view shows the same code when reopened. */
const ownRemoteKey = 'speaker-remote';

/** installSpeakerRemote adds the panel to every speaker view this deck opens. */
export function installSpeakerRemote(options: { baseUrl: string; token: string; seat: DriverSeat }): SpeakerRemote {
  let seat = options.seat;
  const panels = new Set<Panel>();
  const api = speakerApi(options.baseUrl, options.token);

  const onMessage = (event: MessageEvent): void => {
    if (event.origin !== location.origin || typeof event.data !== 'string') return;
    let data: { namespace?: unknown; type?: unknown };
    try {
      data = JSON.parse(event.data) as typeof data;
    } catch {
      return;
    }
    if (data?.namespace !== 'reveal-notes' || data.type !== 'connected') return;
    const notesWindow = event.source as Window | null;
    if (!notesWindow || notesWindow === window) return;
    const panel = mountPanel(notesWindow.document, api, () => seat);
    if (!panel) return;
    panels.add(panel);
    notesWindow.addEventListener('pagehide', () => panels.delete(panel));
  };
  window.addEventListener('message', onMessage);
  return {
    setSeat(next) {
      seat = next;
      for (const panel of panels) panel.render();
    },
    uninstall() {
      window.removeEventListener('message', onMessage);
      for (const panel of panels) panel.el.remove();
      panels.clear();
    },
  };
}

/** SpeakerApi is what the panel asks the server, with the speaker's token. */
interface SpeakerApi {
  make(label?: string): Promise<IssuedRemote>;
  list(): Promise<RemoteInfo[]>;
  revoke(id: string): Promise<RemoteInfo>;
  answer(remote: string, accept: boolean): Promise<DriverSeat>;
}

function speakerApi(baseUrl: string, token: string): SpeakerApi {
  const request = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const response = await fetch(new URL(path, baseUrl).href, {
      method,
      headers: { ...authHeaders(token), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      cache: 'no-store',
    });
    if (!response.ok) {
      const message = ((await response.json().catch(() => ({}))) as { error?: { message?: string } }).error?.message;
      throw new Error(message ?? `${method} ${path}: HTTP ${response.status}`);
    }
    return (await response.json()) as T;
  };
  return {
    make: (label) => request('POST', 'api/remote/tokens', label ? { label } : {}),
    list: () => request('GET', 'api/remote/tokens'),
    revoke: (id) => request('POST', `api/remote/tokens/${encodeURIComponent(id)}/revoke`, {}),
    answer: (remote, accept) => request('POST', 'api/remote/handoff/answer', { remote, accept }),
  };
}

/** Panel is one speaker view's panel. */
interface Panel {
  readonly el: HTMLElement;
  render(): void;
}

/** mountPanel puts the panel into a speaker view's document (once; null when it has no place for it). */
function mountPanel(doc: Document, api: SpeakerApi, seatOf: () => DriverSeat): Panel | null {
  const host = doc.querySelector('#speaker-controls');
  if (!host || doc.querySelector('.speaker-remote')) return null;
  const style = doc.createElement('style');
  style.textContent = panelCss;
  doc.head.append(style);
  const { element: el, button } = domBuilder(doc);
  const root = el('div', 'speaker-remote');
  const heading = el('h4', 'label', 'Phone remote');
  const show = button('speaker-remote-show', 'Show the remote’s QR code');
  const another = button('speaker-remote-another', 'A remote for a co-presenter');
  const code = el('div', 'speaker-remote-code');
  code.hidden = true;
  const ask = el('div', 'speaker-remote-ask');
  ask.hidden = true;
  const list = el('ul', 'speaker-remote-list');
  const problem = el('div', 'speaker-remote-problem');
  const buttons = el('div', 'speaker-remote-buttons');
  buttons.append(show, another);
  root.append(heading, buttons, ask, code, list, problem);
  host.prepend(root);

  let remotes: RemoteInfo[] = [];
  const fail = (error: unknown): void => {
    problem.textContent = error instanceof Error ? error.message : String(error);
  };
  const refresh = async (): Promise<void> => {
    try {
      remotes = await api.list();
      panel.render();
    } catch (error) {
      fail(error);
    }
  };
  const showCode = (remote: IssuedRemote): void => {
    const picture = el('div', 'speaker-remote-qr');
    // The server's own SVG (a QR code of the URL it made), not page input.
    picture.innerHTML = remote.qrSvg;
    const url = el('a', 'speaker-remote-url', remote.url);
    url.href = remote.url;
    url.target = '_blank';
    const hide = button('speaker-remote-hide', 'Hide');
    hide.addEventListener('click', () => {
      code.hidden = true;
      code.replaceChildren();
    });
    code.replaceChildren(el('div', 'speaker-remote-for', `Scan with ${remote.label}’s phone:`), picture, url, ...(remote.warning ? [el('p', 'speaker-remote-warning', remote.warning)] : []), hide);
    code.hidden = false;
    code.dataset.remote = remote.id;
  };
  const make = async (label?: string): Promise<IssuedRemote> => {
    const remote = await api.make(label);
    await refresh();
    return remote;
  };

  show.addEventListener('click', () => {
    problem.textContent = '';
    void (async () => {
      try {
        const kept = ownRemote();
        const current = kept && remotes.some((remote) => remote.id === kept.id && !remote.revokedAt) ? kept : undefined;
        const remote = current ?? (await make());
        if (!current) sessionStorage.setItem(ownRemoteKey, JSON.stringify(remote));
        showCode(remote);
      } catch (error) {
        fail(error);
      }
    })();
  });
  another.addEventListener('click', () => {
    problem.textContent = '';
    void make('co-presenter').then(showCode, fail);
  });

  const panel: Panel = {
    el: root,
    render() {
      const seat = seatOf();
      const items = remotes.filter((remote) => !remote.revokedAt).map((remote) => {
        const item = el('li', 'speaker-remote-item');
        const drives = seat.remote?.id === remote.id;
        item.append(el('span', 'speaker-remote-name', `${remote.label}${drives ? ' · drives' : ''}`));
        const revoke = button('speaker-remote-revoke', 'Revoke');
        revoke.addEventListener('click', () => {
          void api.revoke(remote.id).then(() => {
            if (code.dataset.remote === remote.id) {
              code.hidden = true;
              code.replaceChildren();
            }
            return refresh();
          }, fail);
        });
        item.append(revoke);
        return item;
      });
      list.replaceChildren(...items);
      ask.hidden = seat.asking === null;
      if (seat.asking) {
        const asking = seat.asking;
        const accept = button('speaker-remote-accept', 'Hand over');
        const refuse = button('speaker-remote-refuse', 'Refuse');
        accept.addEventListener('click', () => void api.answer(asking.id, true).catch(fail));
        refuse.addEventListener('click', () => void api.answer(asking.id, false).catch(fail));
        ask.replaceChildren(el('span', '', `${asking.label} asks to drive.`), accept, refuse);
      }
    },
  };
  void refresh();
  return panel;
}

/** ownRemote is the remote this tab made earlier, if any. */
function ownRemote(): IssuedRemote | undefined {
  try {
    const text = sessionStorage.getItem(ownRemoteKey);
    return text ? (JSON.parse(text) as IssuedRemote) : undefined;
  } catch {
    return undefined;
  }
}
