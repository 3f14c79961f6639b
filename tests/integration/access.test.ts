/**
 * The access rules of the real server process, over real sockets on loopback: the
 * speaker token is needed for control on every server; a forwarded request (loopback,
 * `Host: localhost`, no token) only watches; a DNS-rebinding request (a foreign Host)
 * is refused; an exposed server (bound to 0.0.0.0) refuses a forged Host sent to it over
 * 127.0.0.1 and answers its own addresses and `--allow-host` names; the URL printed
 * answers, also for a server bound to one address that is not 127.0.0.1.
 *
 * Control is probed with a start of an unknown demo: 404 means "allowed, and no such
 * demo", 403 "not allowed" — nothing is ever run.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { once } from 'node:events';
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { testCacheDir } from '../support/test-paths.ts';

const rootDir = resolve(import.meta.dirname, '../..');

interface Started {
  child: ChildProcess;
  output: () => string;
  base: string;
  token: string;
}

const started: ChildProcess[] = [];
afterAll(async () => {
  for (const child of started) {
    if (child.exitCode !== null) continue;
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
});

async function startServer(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', '0', '--cache', testCacheDir, ...args], {
    cwd: rootDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const match = /^Deck and demos: (http:\/\/\S+\/)#token=(\S+)$/m.exec(output);
    // The lines come through a pipe, one write each: wait for the last one the tests read too.
    if (match && /^Watch only: /m.test(output)) return { child, output: () => output, base: match[1]!, token: decodeURIComponent(match[2]!) };
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** send makes one HTTP request to `base` with any Host header (fetch cannot forge Host). */
function send(base: string, options: { method?: string; path: string; host?: string; token?: string; origin?: string; body?: unknown }): Promise<{ status: number; body: string }> {
  const url = new URL(options.path, base);
  const headers: Record<string, string> = { host: options.host ?? url.host };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.origin) headers.origin = options.origin;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return new Promise((done, fail) => {
    const req = request(url, { method: options.method ?? 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', fail);
    req.end(options.body === undefined ? undefined : JSON.stringify(options.body));
  });
}

/** control tries a start: 404 (no such demo) means control was granted, 403 refused. */
function control(base: string, options: { host?: string; token?: string; origin?: string } = {}): Promise<number> {
  return send(base, { method: 'POST', path: 'api/runs', body: { demo: 'no-such-demo' }, ...options }).then((answer) => answer.status);
}

const lanAddresses = Object.values(networkInterfaces())
  .flat()
  .filter((item) => item !== undefined && !item.internal && item.family === 'IPv4')
  .map((item) => item!.address);

describe('a loopback server', () => {
  it('needs the token for control; forwarded and rebinding requests get none', async () => {
    const server = await startServer([]);
    expect(server.base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.output()).toContain(`Watch only: ${server.base}`);
    const health = await send(server.base, { path: 'api/health' });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ role: 'watcher', control: false });
    expect(JSON.parse((await send(server.base, { path: 'api/health', token: server.token })).body)).toMatchObject({ role: 'speaker', control: true });

    expect(await control(server.base)).toBe(403);
    expect(await control(server.base, { token: server.token })).toBe(404);
    expect(await control(server.base, { token: 'guess' })).toBe(403);
    // ssh -R / a tunnel: arrives from 127.0.0.1 with Host: localhost and no token.
    expect(await control(server.base, { host: 'localhost' })).toBe(403);
    expect((await send(server.base, { path: 'api/runs', host: 'localhost' })).status).toBe(200);
    // DNS rebinding: evil.example resolves to 127.0.0.1; even a stolen token does not help.
    expect((await send(server.base, { path: 'api/runs', host: 'evil.example:80' })).status).toBe(403);
    expect(await control(server.base, { host: 'evil.example', token: server.token })).toBe(403);
    // A foreign page in the speaker's browser: refused even with the token.
    expect(await control(server.base, { token: server.token, origin: 'https://evil.example' })).toBe(403);
  });

  it('prints a URL that answers when bound to another loopback address', async () => {
    const server = await startServer(['--host', '127.0.0.2']);
    expect(server.base).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/$/);
    expect((await send(server.base, { path: 'api/runs' })).status).toBe(200);
    expect(server.output()).not.toMatch(/does not answer/);
  });
});

describe('an exposed server (bound to 0.0.0.0)', () => {
  it('refuses a forged Host over loopback, answers its own addresses and allowed names', async () => {
    const server = await startServer(['--host', '0.0.0.0', '--allow-host', 'deck.example']);
    expect(server.base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const port = new URL(server.base).port;
    expect((await send(server.base, { path: 'api/health' })).status).toBe(200);
    // Rebinding against the speaker's LAN address: the page's own name is the Host.
    const forged = await send(server.base, { path: 'api/health', host: `evil.example:${port}` });
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.body).error.message).toMatch(/this machine's addresses/);
    expect(await control(server.base, { host: `evil.example:${port}`, token: server.token })).toBe(403);
    expect((await send(server.base, { path: 'api/health', host: `deck.example:${port}` })).status).toBe(200);
    for (const address of lanAddresses) {
      expect((await send(server.base, { path: 'api/health', host: `${address}:${port}` })).status, address).toBe(200);
    }
    if (lanAddresses.length > 0) expect(server.output()).toContain(`Audience (watch only): http://${lanAddresses[0]}:${port}/`);
    // Control still needs the token, from anywhere.
    expect(await control(server.base)).toBe(403);
    expect(await control(server.base, { token: server.token })).toBe(404);
  });
});
