/**
 * The demo server: `tsx server/main.ts [--port N] [--host H] [--dist DIR]
 * [--recordings DIR] [--cache DIR]`.
 *
 * It discovers the demos, serves the API (and the built deck with --dist) and prints
 * `Deck and demos: http://127.0.0.1:PORT/`. It listens on 127.0.0.1 unless --host says
 * otherwise; beyond loopback it prints a random token that other machines need to start
 * or cancel runs. SIGINT/SIGTERM cancel the running demo, kill every child process group
 * and close the server; a second signal exits at once (children are still killed by
 * the process runner's exit guard).
 */
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openEngine, rootDirDefault } from './engine/open-engine.ts';
import { DemoLoadError } from './demos/load.ts';
import { createApp } from './http/app.ts';
import { isLoopbackHostName } from './http/access.ts';
import { collectMachineInfo } from './recordings/machine-info.ts';
import { detectToolchains } from './toolchains/detect.ts';
import { killAllProcessGroups } from './process/process-runner.ts';

const usage = 'usage: tsx server/main.ts [--port N (0 = any free port, default 8000)] [--host H (default 127.0.0.1)] [--dist DIR] [--recordings DIR] [--cache DIR]';

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '8000' },
        host: { type: 'string', default: '127.0.0.1' },
        dist: { type: 'string' },
        recordings: { type: 'string' },
        cache: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be an integer 0..65535, got "${values.port}"\n${usage}`);
    process.exit(2);
  }
  const host = values.host;
  const exposed = !isLoopbackHostName(host);
  let distDir: string | undefined;
  if (values.dist) {
    distDir = resolve(values.dist);
    try {
      if (!statSync(distDir).isDirectory()) throw new Error('not a directory');
    } catch {
      console.error(`--dist ${distDir}: no such directory (run \`npm run build\` first)`);
      process.exit(2);
    }
  }

  let opened;
  try {
    opened = await openEngine({
      ...(values.recordings ? { recordingsDir: values.recordings } : {}),
      ...(values.cache ? { cacheDir: values.cache } : {}),
      log: (message) => console.error(message),
    });
  } catch (error) {
    console.error(error instanceof DemoLoadError ? error.message : `cannot start: ${(error as Error).stack ?? error}`);
    process.exit(1);
  }
  const { engine, recorder } = opened;
  const token = exposed ? randomBytes(18).toString('base64url') : undefined;
  let version = '0.0.0';
  try {
    version = (JSON.parse(readFileSync(join(rootDirDefault, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    // keep the placeholder
  }
  const app = await createApp({
    engine,
    recorder,
    version,
    machine: async () => collectMachineInfo(await detectToolchains()),
    exposed,
    ...(token ? { token } : {}),
    ...(distDir ? { distDir } : {}),
  });

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) {
      killAllProcessGroups('SIGKILL');
      process.exit(130);
    }
    stopping = true;
    console.error(`${signal}: stopping (cancelling runs, killing their processes) …`);
    const force = setTimeout(() => {
      killAllProcessGroups('SIGKILL');
      process.exit(1);
    }, 10_000);
    force.unref();
    void (async () => {
      try {
        await engine.close();
        await app.close();
      } finally {
        killAllProcessGroups('SIGKILL');
        process.exit(0);
      }
    })();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGHUP', () => shutdown('SIGHUP'));

  try {
    await app.listen({ port, host });
  } catch (error) {
    console.error(`cannot listen on ${host}:${port}: ${(error as Error).message}`);
    process.exit(1);
  }
  // Detect toolchains now, so the first slide asking /api/demos does not wait for it.
  void engine.toolchains();
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  console.log(`Deck and demos: http://127.0.0.1:${boundPort}/`);
  if (exposed) {
    console.log(`Listening on ${host}:${boundPort}. Other machines may watch freely; to start or cancel runs they need:`);
    console.log(`  Authorization: Bearer ${token}`);
  }
  if (!distDir) console.log('(API only: pass --dist dist to serve the built deck too)');
  console.log(`${engine.demos().length} demos: ${engine.demos().map((d) => d.manifest.id).join(', ')}`);
}

void main();
