/**
 * Toolchain detection: finds each tool of the catalog (PATH plus the usual install
 * places that a non-login shell's PATH misses), asks it for its version, and caches the
 * answer for the life of the server process (a toolchain installed meanwhile needs a
 * restart, which is what `npm run doctor` tells you anyway).
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, access, constants as fsConstants } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import type { ToolchainInfo } from '../../demos/protocol.ts';
import type { ToolchainReport } from '../demos/demo-context.ts';
import { parseJavaRelease, toolchainCatalog, type ToolchainSpec } from './catalog.ts';

/** projectBinDir holds the binaries of the project's npm packages (Bun and Deno ship theirs as optional dependencies). */
export const projectBinDir = resolve(import.meta.dirname, '../../node_modules/.bin');

/**
 * pathOnlyEnv names the variable that, set to 1, limits the search to node_modules/.bin
 * and PATH: a machine without a tool is then one PATH away (the preflight's tests hide Go,
 * which lives in /usr/local/go/bin, one of the usual places, by a PATH without it).
 */
export const pathOnlyEnv = 'CGO_DECK_PATH_ONLY';

/**
 * searchPath is the project's node_modules/.bin (first, as under `npm run`, so the Bun and
 * Deno the lock file pins win over any other), PATH, then places where Go, Rust, Bun,
 * Deno and `go install` put binaries (unless `CGO_DECK_PATH_ONLY=1`).
 */
export function searchPath(): string[] {
  const path = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  if (process.env[pathOnlyEnv] === '1') return [projectBinDir, ...path];
  const home = homedir();
  const extra = ['/usr/local/go/bin', join(home, 'go/bin'), join(home, '.cargo/bin'), join(home, '.bun/bin'), join(home, '.deno/bin')];
  if (process.env.GOPATH) extra.unshift(join(process.env.GOPATH, 'bin'));
  return [projectBinDir, ...path, ...extra];
}

/** isExecutable says whether `file` exists and may be run by this process. */
export async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** findExecutable returns the first executable `name` on the search path. */
export async function findExecutable(name: string, dirs = searchPath()): Promise<string | undefined> {
  for (const dir of dirs) {
    const file = join(dir, name);
    if (await isExecutable(file)) return file;
  }
  return undefined;
}

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 15_000, maxBuffer: 1024 * 1024 }, (_error, stdout, stderr) => {
      resolve(`${stdout}\n${stderr}`);
    });
  });
}

async function detectJavaFfm(): Promise<ToolchainInfo> {
  const spec = toolchainCatalog.find((item) => item.id === 'java-ffm')!;
  const homes: string[] = [];
  if (process.env.JAVA_HOME) homes.push(process.env.JAVA_HOME);
  try {
    for (const entry of await readdir('/usr/lib/jvm')) homes.push(join('/usr/lib/jvm', entry));
  } catch {
    // no /usr/lib/jvm
  }
  let best: { home: string; version: string; major: number } | undefined;
  for (const home of homes) {
    if (!(await isExecutable(join(home, 'bin/java'))) || !(await isExecutable(join(home, 'bin/javac')))) continue;
    let release: { version: string; major: number } | undefined;
    try {
      release = parseJavaRelease(await readFile(join(home, 'release'), 'utf8'));
    } catch {
      const out = await run(join(home, 'bin/java'), ['-version']);
      const version = /version "([^"]+)"/.exec(out)?.[1];
      if (version) release = parseJavaRelease(`JAVA_VERSION="${version}"`);
    }
    if (release && release.major >= 22 && (!best || release.major > best.major)) best = { home, ...release };
  }
  const info: ToolchainInfo = { id: spec.id, name: spec.name, found: Boolean(best), installHint: spec.installHint };
  if (best) {
    info.version = best.version;
    info.path = best.home;
  }
  return info;
}

async function detectOne(spec: ToolchainSpec): Promise<ToolchainInfo> {
  if (spec.id === 'java-ffm') return detectJavaFfm();
  const info: ToolchainInfo = { id: spec.id, name: spec.name, found: false, installHint: spec.installHint };
  const dirs = searchPath();
  const paths: string[] = [];
  for (const command of spec.commands) {
    const file = await findExecutable(command, dirs);
    if (!file) return info;
    paths.push(file);
  }
  const main = paths[0]!;
  info.found = true;
  info.path = main;
  if (spec.id === 'benchstat') {
    // benchstat has no --version; the module version is in its build info.
    const go = await findExecutable('go', dirs);
    if (go) info.version = spec.parseVersion(await run(go, ['version', '-m', main]));
    info.version ??= 'unknown version';
    return info;
  }
  info.version = spec.parseVersion(await run(main, spec.versionArgs)) ?? 'unknown version';
  return info;
}

/** detectToolchainsUncached runs every detection now, in parallel. */
export async function detectToolchainsUncached(): Promise<ToolchainInfo[]> {
  return Promise.all(toolchainCatalog.map((spec) => detectOne(spec)));
}

let cached: Promise<ToolchainInfo[]> | undefined;

/** detectToolchains returns the catalog's detection results, computed once per process. */
export function detectToolchains(): Promise<ToolchainInfo[]> {
  cached ??= detectToolchainsUncached();
  return cached;
}

/** toToolchainReport converts the list to the map demos get as `ctx.toolchains`. */
export function toToolchainReport(list: readonly ToolchainInfo[]): ToolchainReport {
  const report: ToolchainReport = {};
  for (const item of list) {
    const entry: ToolchainReport[string] = { found: item.found };
    if (item.version) entry.version = item.version;
    if (item.path) entry.path = item.path;
    report[item.id] = entry;
  }
  return report;
}
