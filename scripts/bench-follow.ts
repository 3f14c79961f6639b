/**
 * bench-follow: many followers of one speaker, as in a room where every laptop follows
 * the deck. It starts the demo server (`server/main.ts`, API only, on 127.0.0.1), opens
 * `--followers` plain SSE clients of `GET /api/stage/events` (no browsers: the server's
 * side is what is measured), and, as the speaker, moves the deck `--changes` times
 * (`POST /api/stage/position` with the token). Everything stays on loopback.
 *
 *   slide change → follower receive   from just before the speaker's POST leaves to the
 *                                     moment each follower has read the move: p50, p99
 *                                     and max over every (move, follower) (goal ≤ 50 ms)
 *   moves received                    every follower gets every move, once
 *   server memory growth              the server's resident memory (VmRSS) at its peak
 *                                     while followed, less before the followers came
 *                                     (goal ≤ 100 MB)
 *
 * Bounded: at most 2000 followers and 2000 moves, and the whole run stops after
 * `--timeout` seconds (default 120) with what it measured so far. The followers run in
 * this process, so a busy machine slows them too: the load is printed beside the figures.
 *
 * Usage: npm run bench:follow [-- --followers 200] [--changes 100] [--gap-ms 50] [--timeout 120] [--json]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { DriveAnswer, StageEvent, StageInfo } from '../demos/protocol.ts';
import { max, quantile } from '../demos/stats/stats.ts';
import { openSse, type SseStream } from '../tests/support/sse-client.ts';

const rootDir = resolve(import.meta.dirname, '..');

/** Goals (issue 12): a follower sees the speaker's move within a blink; a room costs little memory. */
const goals = { p50Ms: 50, p99Ms: 50, memoryGrowthBytes: 100 * 1024 * 1024 };
const limits = { followers: 2000, changes: 2000 };

const usage = 'usage: npm run bench:follow [-- --followers N (1..2000, default 200)] [--changes N (1..2000, default 100)] [--gap-ms N (default 50)] [--timeout S (default 120)] [--json]';

interface Options {
  followers: number;
  changes: number;
  gapMs: number;
  timeoutS: number;
  json: boolean;
}

function parseOptions(): Options {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        followers: { type: 'string', default: '200' },
        changes: { type: 'string', default: '100' },
        'gap-ms': { type: 'string', default: '50' },
        timeout: { type: 'string', default: '120' },
        json: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    console.error(`bench-follow: ${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
  const whole = (name: string, raw: string, lowest: number, highest: number): number => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < lowest || value > highest) {
      console.error(`bench-follow: --${name} must be a whole number ${lowest}..${highest}, got "${raw}"\n${usage}`);
      process.exit(2);
    }
    return value;
  };
  return {
    followers: whole('followers', values.followers, 1, limits.followers),
    changes: whole('changes', values.changes, 1, limits.changes),
    gapMs: whole('gap-ms', values['gap-ms'], 0, 10_000),
    timeoutS: whole('timeout', values.timeout, 5, 3600),
    json: values.json,
  };
}

/** rssBytes reads a process's resident memory from /proc (Linux). */
async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) * 1024;
}

interface Server {
  pid: number;
  base: string;
  token: string;
  stop(): Promise<void>;
}

/** startServer runs the demo server (API only) on a free loopback port, with its own scratch folders. */
async function startServer(maxStreams: number): Promise<Server> {
  const scratch = await mkdtemp(join(tmpdir(), 'bench-follow-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/main.ts', '--port', '0', '--host', '127.0.0.1', '--max-streams', String(maxStreams), '--recordings', join(scratch, 'rec'), '--cache', join(scratch, 'cache')],
    { cwd: rootDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await Promise.race([once(child, 'exit'), new Promise((done) => setTimeout(done, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await rm(scratch, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    const match = /^Deck and demos: (http:\/\/\S+\/)#token=(\S+)$/m.exec(output);
    if (match) return { pid: child.pid!, base: match[1]!, token: decodeURIComponent(match[2]!), stop };
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not start:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 50));
  }
}

async function stageInfo(base: string): Promise<StageInfo> {
  return (await (await fetch(new URL('api/stage', base))).json()) as StageInfo;
}

interface Figures {
  followers: number;
  connected: number;
  changes: number;
  changesSent: number;
  latenciesMs: number[];
  expectedDeliveries: number;
  duplicates: number;
  rssBeforeBytes: number;
  rssPeakBytes: number;
  timedOut: boolean;
  loadBefore: number;
  loadAfter: number;
}

async function measure(options: Options, server: Server): Promise<Figures> {
  const deadline = performance.now() + options.timeoutS * 1000;
  const post = async (requestId: string, h: number, from: number | null): Promise<DriveAnswer> => {
    const response = await fetch(new URL('api/stage/position', server.base), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
      body: JSON.stringify({ requestId, position: { h, v: 0, f: -1 }, ...(from === null ? {} : { from: { h: from, v: 0, f: -1 } }) }),
    });
    if (!response.ok) throw new Error(`POST api/stage/position: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as DriveAnswer;
  };
  // The speaker is on the title slide before anyone joins; the server settles.
  await post('bench-start', 0, null);
  await new Promise((done) => setTimeout(done, 500));
  const rssBeforeBytes = await rssBytes(server.pid);
  let rssPeakBytes = rssBeforeBytes;
  const sampler = setInterval(() => {
    void rssBytes(server.pid).then((bytes) => (rssPeakBytes = Math.max(rssPeakBytes, bytes)), () => undefined);
  }, 100);

  /** For each follower: seq → when it was read. */
  const received: Array<Map<number, number>> = [];
  let duplicates = 0;
  /** How many followers have read each seq, and who waits for all of them to. */
  const readers = new Map<number, number>();
  let waiting: { seq: number; done: () => void } | undefined;
  const allRead = (seq: number): Promise<void> =>
    (readers.get(seq) ?? 0) >= streams.length ? Promise.resolve() : new Promise((done) => (waiting = { seq, done }));
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const streams: SseStream[] = [];
  const loadBefore = loadavg()[0] ?? 0;
  let timedOut = false;
  let changesSent = 0;
  const latenciesMs: number[] = [];
  try {
    for (let i = 0; i < options.followers && performance.now() < deadline; i++) {
      const seen = new Map<number, number>();
      received.push(seen);
      const stream = await openSse(new URL('api/stage/events', server.base).href, {
        agent,
        onMessage: (message) => {
          const event = JSON.parse(message.data) as StageEvent;
          if (seen.has(event.seq)) {
            duplicates += 1;
            return;
          }
          seen.set(event.seq, message.receivedAtMs);
          const count = (readers.get(event.seq) ?? 0) + 1;
          readers.set(event.seq, count);
          if (waiting?.seq === event.seq && count >= streams.length) waiting.done();
        },
      });
      if (stream.status !== 200) throw new Error(`follower ${i + 1} was refused: HTTP ${stream.status} ${stream.body}`);
      streams.push(stream);
    }
    while ((await stageInfo(server.base)).streams.open < streams.length && performance.now() < deadline) await new Promise((done) => setTimeout(done, 20));

    let from = 0;
    for (let change = 1; change <= options.changes; change++) {
      if (performance.now() > deadline) {
        timedOut = true;
        break;
      }
      const h = from === 1 ? 2 : 1;
      const sentAtMs = performance.now();
      const answer = await post(`bench-${change}`, h, from);
      if (!answer.applied) throw new Error(`move ${change} was not applied: ${JSON.stringify(answer)}`);
      changesSent += 1;
      from = h;
      // Wait until every follower has it (or the deadline), so moves do not overlap.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([allRead(answer.seq), new Promise<void>((done) => (timer = setTimeout(done, Math.max(0, deadline - performance.now()))))]);
      clearTimeout(timer);
      waiting = undefined;
      for (const seen of received) {
        const at = seen.get(answer.seq);
        if (at !== undefined) latenciesMs.push(at - sentAtMs);
      }
      if (options.gapMs > 0) await new Promise((done) => setTimeout(done, options.gapMs));
    }
    if (performance.now() > deadline) timedOut = true;
  } finally {
    clearInterval(sampler);
    rssPeakBytes = Math.max(rssPeakBytes, await rssBytes(server.pid).catch(() => 0));
    for (const stream of streams) stream.close();
    agent.destroy();
  }
  return {
    followers: options.followers,
    connected: streams.length,
    changes: options.changes,
    changesSent,
    latenciesMs,
    expectedDeliveries: changesSent * streams.length,
    duplicates,
    rssBeforeBytes,
    rssPeakBytes,
    timedOut,
    loadBefore,
    loadAfter: loadavg()[0] ?? 0,
  };
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function report(options: Options, f: Figures): void {
  const p50 = quantile(f.latenciesMs, 0.5);
  const p99 = quantile(f.latenciesMs, 0.99);
  const worst = f.latenciesMs.length ? max(f.latenciesMs) : NaN;
  const growth = f.rssPeakBytes - f.rssBeforeBytes;
  const complete = f.latenciesMs.length === f.expectedDeliveries && f.duplicates === 0 && f.connected === f.followers && f.changesSent === f.changes;
  const machine = { cpus: cpus().length, loadAverage1mBefore: f.loadBefore, loadAverage1mAfter: f.loadAfter };
  if (options.json) {
    console.log(JSON.stringify({ ...options, p50Ms: p50, p99Ms: p99, maxMs: worst, memoryGrowthBytes: growth, ...f, latenciesMs: undefined, goals, machine }, null, 2));
    return;
  }
  const rows: Array<[string, string, string, boolean | null]> = [
    ['slide change → follower receive, p50', `${p50.toFixed(1)} ms`, `≤ ${goals.p50Ms} ms`, p50 <= goals.p50Ms],
    ['slide change → follower receive, p99', `${p99.toFixed(1)} ms`, `≤ ${goals.p99Ms} ms`, p99 <= goals.p99Ms],
    ['slide change → follower receive, max', `${worst.toFixed(1)} ms`, '(shown, no goal)', null],
    [
      'moves received (every follower, every move, once)',
      `${f.latenciesMs.length} of ${f.expectedDeliveries}${f.duplicates ? `, ${f.duplicates} twice` : ''}`,
      `${f.followers * f.changes}`,
      complete,
    ],
    ['server memory growth (peak VmRSS − before)', `${mb(growth)} (${mb(f.rssBeforeBytes)} → ${mb(f.rssPeakBytes)})`, `≤ ${mb(goals.memoryGrowthBytes)}`, growth <= goals.memoryGrowthBytes],
  ];
  console.log(`Following the speaker: ${f.connected} of ${f.followers} followers (plain SSE clients) of one speaker on 127.0.0.1, ${f.changesSent} of ${f.changes} slide changes ${options.gapMs} ms apart${f.timedOut ? ` — STOPPED at the ${options.timeoutS} s limit` : ''}`);
  const busy = Math.max(f.loadBefore, f.loadAfter) > machine.cpus * 0.7;
  console.log(`machine: ${machine.cpus} CPUs, load average ${f.loadBefore.toFixed(2)} before, ${f.loadAfter.toFixed(2)} after${busy ? ' — busy: the latencies include waiting for a CPU' : ''}\n`);
  console.log('| measure | value | goal | met |');
  console.log('| --- | --- | --- | --- |');
  for (const [name, value, goal, met] of rows) console.log(`| ${name} | ${value} | ${goal} | ${met === null ? '—' : met ? 'yes' : 'NO'} |`);
}

async function main(): Promise<void> {
  const options = parseOptions();
  const server = await startServer(Math.max(500, options.followers));
  try {
    const figures = await measure(options, server);
    report(options, figures);
  } finally {
    await server.stop();
  }
}

await main();
