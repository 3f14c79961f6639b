/**
 * The audience's join URL on screen: its QR code (drawn by the server, `api/stage/join.svg`)
 * on the title slide when the server is public, and for the speaker on Q at any moment, a
 * large code over the deck (Q or Esc closes it). On a server that is not public, Q says
 * how to make it so instead of showing a loopback address no one else can open.
 */
import type { StageInfo } from '../protocol.ts';

/** JoinCodeOptions say where the deck is and what the server said about its stage. */
export interface JoinCodeOptions {
  baseUrl: string;
  info: StageInfo;
  /** The title slide (the deck's first), for its code; none in the speaker-notes previews. */
  titleSlide: HTMLElement | null;
}

/** installJoinCode puts the code on the title slide and Q on the page; returns the undo. */
export function installJoinCode(options: JoinCodeOptions): () => void {
  const { info } = options;
  const src = new URL('api/stage/join.svg', options.baseUrl).href;
  const cleanups: Array<() => void> = [];
  if (info.public && info.joinUrl && options.titleSlide) {
    const figure = joinFigure('stage-join-title', src, info.joinUrl, 'Follow along');
    options.titleSlide.append(figure);
    cleanups.push(() => figure.remove());
  }
  let overlay: HTMLElement | null = null;
  const close = (): void => {
    overlay?.remove();
    overlay = null;
  };
  const onKey = (event: KeyboardEvent): void => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement | null;
    if (target?.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], .monaco-editor')) return;
    const key = event.key.toLowerCase();
    if (overlay && (key === 'q' || key === 'escape')) {
      close();
      event.preventDefault();
      event.stopImmediatePropagation();
    } else if (!overlay && key === 'q') {
      overlay = joinOverlay(src, info);
      overlay.addEventListener('click', close);
      document.body.append(overlay);
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  };
  window.addEventListener('keydown', onKey, true);
  cleanups.push(() => window.removeEventListener('keydown', onKey, true), close);
  return () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  };
}

/** joinFigure is the code with the URL under it. */
function joinFigure(className: string, src: string, url: string, caption: string): HTMLElement {
  const figure = document.createElement('figure');
  figure.className = `stage-join ${className}`;
  const img = document.createElement('img');
  img.src = src;
  img.alt = `QR code of ${url}`;
  img.className = 'stage-join-code';
  const text = document.createElement('figcaption');
  const lead = document.createElement('span');
  lead.textContent = caption;
  const link = document.createElement('span');
  link.className = 'stage-join-url';
  link.textContent = url.replace(/\/$/, '');
  text.append(lead, link);
  figure.append(img, text);
  return figure;
}

/** joinOverlay is Q's screen: the code large, or how to open the server to the audience. */
function joinOverlay(src: string, info: StageInfo): HTMLElement {
  const overlay = document.createElement('div');
  overlay.className = 'stage-join-overlay';
  overlay.setAttribute('role', 'dialog');
  overlay.setAttribute('aria-label', 'Join URL for the audience');
  if (info.public && info.joinUrl) {
    overlay.append(joinFigure('stage-join-large', src, info.joinUrl, 'Follow along on your own screen'));
  } else {
    const note = document.createElement('p');
    note.className = 'stage-join-note';
    const command = document.createElement('code');
    command.textContent = 'npm start -- --public';
    note.append('This server listens for this machine only. To let the audience follow on their own screens, start it with', command);
    overlay.append(note);
  }
  const hint = document.createElement('p');
  hint.className = 'stage-join-hint';
  hint.textContent = 'Q or Esc closes this';
  overlay.append(hint);
  return overlay;
}
