/**
 * The demo server: `tsx server/main.ts [--port N] [--host H] [--public [ADDR]]
 * [--allow-host NAMES] [--dist DIR] [--recordings DIR] [--cache DIR] [--max-streams N]`.
 *
 * It discovers the demos, serves the API (and the built deck with --dist) and prints the
 * speaker's URL, `Deck and demos: http://127.0.0.1:PORT/#token=…`: control (start,
 * cancel, edited code) needs that token on every server, loopback included (see
 * http/access.ts); without it a page only watches. The URL printed is one that answers
 * (checked right after listening). It listens on 127.0.0.1 unless --host says
 * otherwise; beyond loopback it also prints the audience's watch-only URLs. `--public`
 * opens it to an audience (see http/public-address.ts): every address, and a join URL
 * (no token) printed with its QR code, which the deck also shows (title slide, Q).
 * SIGINT/SIGTERM cancel the running demo, kill every child process group and close the
 * server; a second signal exits at once (children are still killed by the process
 * runner's exit guard).
 */
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import type { AddressInfo } from 'node:net';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { DeckSlides } from '../demos/protocol.ts';
import { join, resolve } from 'node:path';
import { openEngine, rootDirDefault } from './engine/open-engine.ts';
import { DemoLoadError } from './demos/load.ts';
import { createApp } from './http/app.ts';
import { isLoopbackHostName } from './http/access.ts';
import { audienceUrls, ownHostNames, parseAllowHosts, reachableBaseUrl, speakerUrl } from './http/listen-address.ts';
import { collectMachineInfo } from './recordings/machine-info.ts';
import { detectToolchains } from './toolchains/detect.ts';
import { killAllProcessGroups } from './process/process-runner.ts';
import { createStage } from './stage/stage.ts';
import { joinCodeSvg, joinCodeText } from './stage/join-code.ts';
import { defaultRouteAddress, extractPublicFlag, joinUrl } from './http/public-address.ts';
import { defaultMaxStageStreams, parseMaxStreams } from './stage/stream-cap.ts';
import { createSlideMap, flagshipDeckPath, parseSlides, type SlideMap } from './stage/slide-map.ts';
import { deckSlidesFile } from '../demos/deck-slides.ts';

const usage =
  'usage: tsx server/main.ts [--port N (0 = any free port, default 8000)] [--host H (default 127.0.0.1)] ' +
  '[--public [ADDR] (for an audience: every address, and a join URL on ADDR, default the default-route address)] ' +
  '[--allow-host NAME[,NAME…] (more host names to answer to, e.g. a DNS name of this machine)] [--dist DIR] [--recordings DIR] [--cache DIR] ' +
  `[--max-streams N (audience streams open at once, default ${defaultMaxStageStreams})]`;

async function main(): Promise<void> {
  // `--public [ADDR]` has an optional value, which parseArgs cannot express.
  const publicArgs = extractPublicFlag(process.argv.slice(2));
  if (!publicArgs.ok) {
    console.error(`${publicArgs.message}\n${usage}`);
    process.exit(2);
  }
  const isPublic = publicArgs.flag.given;
  let values;
  try {
    ({ values } = parseArgs({
      args: publicArgs.argv,
      options: {
        port: { type: 'string', default: '8000' },
        host: { type: 'string' },
        'allow-host': { type: 'string', multiple: true, default: [] },
        dist: { type: 'string' },
        recordings: { type: 'string' },
        cache: { type: 'string' },
        'max-streams': { type: 'string', default: String(defaultMaxStageStreams) },
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
  // --public listens on every address, unless --host says where.
  const host = values.host ?? (isPublic ? '0.0.0.0' : '127.0.0.1');
  const exposed = !isLoopbackHostName(host);
  const allowHosts = parseAllowHosts(values['allow-host']);
  if (allowHosts.problems.length > 0) {
    console.error(`${allowHosts.problems.join('\n')}\n${usage}`);
    process.exit(2);
  }
  let joinAddress: string | undefined;
  if (publicArgs.flag.given) {
    joinAddress = publicArgs.flag.address ?? defaultRouteAddress(readRouteTable(), networkInterfaces());
    if (!joinAddress) {
      console.error('--public: this machine has no default route to find its address by (no network?); give the address the audience reaches it at: --public ADDR');
      process.exit(2);
    }
    // The join URL names this address (perhaps a NAT'd one or a DNS name): answer to it.
    if (!allowHosts.names.includes(joinAddress)) allowHosts.names.push(joinAddress);
  }
  const maxStreams = parseMaxStreams(values['max-streams']);
  if (!maxStreams.ok) {
    console.error(`${maxStreams.message}\n${usage}`);
    process.exit(2);
  }
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
  const { engine, recorder, sandbox } = opened;
  // The speaker's token, on every server: loopback is no credential (any local program,
  // or a port forwarded from elsewhere, arrives from 127.0.0.1 too).
  const token = randomBytes(24).toString('base64url');
  let version = '0.0.0';
  try {
    version = (JSON.parse(readFileSync(join(rootDirDefault, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    // keep the placeholder
  }
  const stage = createStage({ engine, maxStreams: maxStreams.value, public: isPublic, qrSvg: joinCodeSvg, ...(distDir ? { slides: readSlideMap(distDir) } : {}) });
  const app = await createApp({
    engine,
    recorder,
    version,
    machine: async () => collectMachineInfo(await detectToolchains()),
    exposed,
    token,
    hostNames: () => ownHostNames(host, interfaceAddresses(), allowHosts.names),
    ...(distDir ? { distDir } : {}),
    stage,
    // A phone remote's link, drawn for the speaker view as the join URL is for the room.
    qrSvg: joinCodeSvg,
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
  // Check the sandbox now too: the speaker learns at once whether edited code can run.
  void sandbox.status().then((status) => console.log(`Edited code: ${status.summary}`));
  const base = reachableBaseUrl(app.server.address() as AddressInfo);
  console.log(`Deck and demos: ${speakerUrl(base, token)}`);
  console.log('  (the speaker URL: it carries the token that starts runs; keep it to yourself)');
  console.log(`Watch only: ${base}`);
  const boundPort = (app.server.address() as AddressInfo).port;
  if (joinAddress) {
    const url = joinUrl(joinAddress, boundPort);
    stage.setJoin({ url, qrSvg: joinCodeSvg(url) });
    console.log(`Audience joins at: ${url}`);
    console.log('  (no token: they follow the speaker\'s slides and watch the runs; the deck shows this QR code on its title slide and on Q)');
    console.log(joinCodeText(url));
    if (!exposed) console.log(`warning: listening on ${host} only, so the audience cannot reach ${url}; drop --host to listen on every address`);
  } else if (exposed) {
    const audience = audienceUrls(boundPort, ownHostNames(host, interfaceAddresses(), allowHosts.names), isLoopbackHostName);
    if (audience.length > 0) console.log(`Audience (watch only): ${audience.join('  ')}`);
  }
  // Every deck of the built site, when it has more than the flagship (npm run build).
  if (distDir && existsSync(join(distDir, 'decks/index.html'))) console.log(`Every deck: ${base}decks/`);
  void checkAnswers(base);
  if (!distDir) console.log('(API only: pass --dist dist to serve the built deck too)');
  console.log(`${engine.demos().length} demos: ${engine.demos().map((d) => d.manifest.id).join(', ')}`);
}

/**
 * readSlideMap reads the built decks' slide lists (which demo each slide holds, for the
 * phone remote's runs): the flagship's `slides.json` at the root of `--dist`, each other
 * deck's in its folder. A deck without one still works; its remotes step but run nothing.
 */
function readSlideMap(distDir: string): SlideMap {
  const decks: Record<string, DeckSlides> = {};
  const folders = readdirSync(distDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  for (const [deck, file] of [[flagshipDeckPath, join(distDir, deckSlidesFile)], ...folders.map((name) => [`/${name}/`, join(distDir, name, deckSlidesFile)])] as const) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // not a deck (assets/, recordings/ …), or one built before the remote
    }
    const parsed = parseSlides(text);
    if (parsed.ok) decks[deck] = parsed.slides;
    else console.error(`warning: ${file}: ${parsed.message}; remotes cannot run that deck's demos`);
  }
  if (!decks[flagshipDeckPath]) console.error(`warning: ${join(distDir, deckSlidesFile)} is missing (a deck built before the phone remote?): remotes cannot run demos; rebuild with npm run build`);
  return createSlideMap(decks);
}

/** readRouteTable reads the kernel's routing table ('' where there is none: not Linux). */
function readRouteTable(): string {
  try {
    return readFileSync('/proc/net/route', 'utf8');
  } catch {
    return '';
  }
}

/** interfaceAddresses lists this machine's addresses (link-local IPv6 left out: not usable in a URL). */
function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((item) => item !== undefined && !(item.family === 'IPv6' && item.scopeid))
    .map((item) => item!.address);
}

/** checkAnswers asks the printed URL for /api/runs (cheap: no toolchain detection) and says so when it does not answer. */
async function checkAnswers(base: string): Promise<void> {
  try {
    const response = await fetch(new URL('api/runs', base), { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    console.error(`warning: ${base} does not answer (${(error as Error).message}); check --host`);
  }
}

void main();
