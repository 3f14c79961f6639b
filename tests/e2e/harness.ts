/**
 * The end-to-end harness: Debian's Chromium driven by playwright-core (the npm browser
 * downloads do not work offline), a plain static file server for `dist/`, and the live
 * demo server started as a child process on a free port.
 */
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { testCacheDir } from '../support/test-paths.ts';

/** rootDir is the project root. */
export const rootDir = resolve(import.meta.dirname, '../..');
/** distDir is where `npm run build` writes the static deck. */
export const distDir = join(rootDir, 'dist');

/** chromiumPath is the Chromium the tests, `npm run shots`, `npm run export` and the preflight use ($CHROMIUM_PATH, else Debian's). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** launchBrowser starts headless Chromium with the flags this closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** PageWatch collects what a page did that a test may want to forbid. */
export interface PageWatch {
  consoleErrors: string[];
  foreignRequests: string[];
}

/** watchPage records console errors, page errors and every request that leaves localhost. */
export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { consoleErrors: [], foreignRequests: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') watch.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => watch.consoleErrors.push(String(err)));
  page.on('request', (req: Request) => {
    const url = new URL(req.url());
    const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    if (!local && !['data:', 'blob:', 'about:'].includes(url.protocol)) watch.foreignRequests.push(req.url());
  });
  return watch;
}

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** StaticServer is a running plain file server. */
export interface StaticServer { url: string; close(): Promise<void> }

/** serveStatic serves a folder as any static host would: no API, no server logic. */
export async function serveStatic(dir = distDir): Promise<StaticServer> {
  const server: Server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    let file = join(dir, path);
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': mimeTypes[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/**
 * LiveServer is the demo server running as a child process. `speakerUrl` is the URL it
 * printed (`…/#token=…`), `url` the same without the fragment (what a watcher opens),
 * `token` the speaker token from it (for API requests that need control).
 */
export interface LiveServer {
  url: string;
  speakerUrl: string;
  token: string;
  process: ChildProcess;
  output: () => string;
  close(): Promise<void>;
}

/** parseSpeakerUrl reads the speaker URL a server printed, or undefined when it has not yet. */
export function parseSpeakerUrl(output: string): { speakerUrl: string; url: string; token: string } | undefined {
  const match = /^Deck and demos: (http:\/\/\S+\/)#token=(\S+)$/m.exec(output);
  if (!match) return undefined;
  const [, url = '', token = ''] = match;
  return { speakerUrl: `${url}#token=${token}`, url, token: decodeURIComponent(token) };
}

/** speakerHeaders are the headers of an API request with control, as the deck sends them. */
export function speakerHeaders(server: Pick<LiveServer, 'token'>): Record<string, string> {
  return { 'content-type': 'application/json', authorization: `Bearer ${server.token}` };
}

/**
 * becomeSpeaker opens the printed speaker URL in the page, as the speaker does, and waits
 * until the deck has moved the token out of the address bar; later navigations in the
 * same tab (to a slide's URL) keep it.
 */
export async function becomeSpeaker(page: Page, server: Pick<LiveServer, 'speakerUrl' | 'token'>): Promise<void> {
  await page.goto(server.speakerUrl);
  await page.waitForFunction(
    (token) => {
      // Runs in the page; this file is type-checked without DOM types.
      const page = globalThis as unknown as { location: { hash: string }; sessionStorage: { getItem(key: string): string | null } };
      return !page.location.hash.includes('token=') && page.sessionStorage.getItem('demo-token') === token;
    },
    server.token,
    { timeout: 60_000 },
  );
}

/**
 * startLiveServer runs `server/main.ts` on a free port, serving the built deck, and
 * resolves once it prints its URL. Extra args go to the server (e.g. a recordings dir).
 * Builds go to the tests' own cache (`.cache/test/`) unless the args name a `--cache`.
 */
export async function startLiveServer(extraArgs: string[] = []): Promise<LiveServer> {
  // Runs finished in a test must not overwrite the committed recordings: without a
  // --recordings of the test's own, a scratch dir, removed on close.
  const scratchRecordings = extraArgs.includes('--recordings') ? undefined : mkdtempSync(join(tmpdir(), 'e2e-recordings-'));
  const ownArgs = [...(scratchRecordings ? ['--recordings', scratchRecordings] : []), ...(extraArgs.includes('--cache') ? [] : ['--cache', testCacheDir])];
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(rootDir, 'server/main.ts'), '--port', '0', '--dist', distDir, ...ownArgs, ...extraArgs],
    { cwd: rootDir, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  const printed = await new Promise<{ speakerUrl: string; url: string; token: string }>((found, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const parsed = parseSpeakerUrl(output);
      if (parsed) { clearTimeout(timer); found(parsed); }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`server exited ${code}:\n${output}`)); });
  });
  return {
    ...printed,
    process: child,
    output: () => output,
    close: async () => {
      if (child.exitCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
      }
      if (scratchRecordings) rmSync(scratchRecordings, { recursive: true, force: true });
    },
  };
}
