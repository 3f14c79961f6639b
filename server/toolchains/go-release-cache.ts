/**
 * The project's cache of Go releases: toolchains fetched once through the Go module proxy
 * and then used offline by the go-releases demo (and fetched ahead by `npm run
 * fetch-go-releases`, or by a preflight that imports fetchGoReleases).
 *
 * Layout: `<cache>/go-releases/` is a module cache (GOMODCACHE) owned by the project, so
 * nothing lands in the user's own ~/go/pkg/mod. A release lives in
 *
 *   <cache>/go-releases/golang.org/toolchain@v0.0.1-go1.10.8.linux-amd64/   its GOROOT (bin/go …)
 *
 * The installed go fetches it with `GOTOOLCHAIN=go1.10.8 go version`: the go command
 * downloads the toolchain module (~65–145 MB), checks it against the checksum database,
 * unpacks it (~250–400 MB), marks its binaries executable and runs it once. The zip is
 * then deleted (the unpacked tree is all later builds need; the go command accepts the
 * cache without it). The module cache is read-only, as Go makes it: remove it with
 * `npm run fetch-go-releases -- --remove` (or `chmod -R u+w` first, then `rm -rf`).
 */
import { chmod, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExecOptions, ExecResult } from '../demos/demo-context.ts';
import { isExecutable } from './detect.ts';

/** Exec runs one command to its end (ctx.exec in a demo, the process runner in a script). */
export type Exec = (cmd: string, args: string[], options?: ExecOptions) => Promise<ExecResult>;

/** GoReleaseToolchain is a release ready to build with. */
export type GoReleaseToolchain = { version: string; goroot: string; goBinary: string };

/** FetchProgress reports one step of fetching a release. */
export type FetchProgress = {
  version: string;
  phase: 'cached' | 'downloading' | 'unpacking' | 'fetched' | 'failed';
  message: string;
  /** Bytes of the zip downloaded so far, and the expected total when known. */
  bytes?: number;
  totalBytes?: number;
  /** 0..1 over the download when the total is known. */
  fraction?: number;
};

/** FetchOutcome is a fetched (or already cached) release, or why it cannot be had. */
export type FetchOutcome = ({ ok: true; cached: boolean } & GoReleaseToolchain) | { ok: false; version: string; reason: string };

/** FetchOptions say where the cache is and how to run the installed go. */
export type FetchOptions = {
  /** The project's cache dir (the server's `--cache`, default `.cache/`). */
  cacheDir: string;
  /** The installed go command, which does the download. */
  go: string;
  exec: Exec;
  onProgress?: (progress: FetchProgress) => void;
  /** Expected zip size (releases.json's zipBytes), for a progress fraction. */
  zipBytes?: number;
  /** How long one fetch may take (default 10 minutes: a slow network, not a hang). */
  timeoutMs?: number;
  /** How often the download's size is polled for progress (default 500 ms). */
  pollMs?: number;
};

/** goReleasesDir is the module cache holding fetched releases. */
export function goReleasesDir(cacheDir: string): string {
  return join(cacheDir, 'go-releases');
}

const goosOf: Partial<Record<NodeJS.Platform, string>> = { linux: 'linux', darwin: 'darwin', freebsd: 'freebsd' };
const goarchOf: Partial<Record<NodeJS.Architecture, string>> = { x64: 'amd64', arm64: 'arm64', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' };

/** toolchainModuleVersion is the module version of a release for this machine: "v0.0.1-go1.10.8.linux-amd64". */
export function toolchainModuleVersion(version: string, platform: NodeJS.Platform = process.platform, arch: NodeJS.Architecture = process.arch): string | undefined {
  const goos = goosOf[platform];
  const goarch = goarchOf[arch];
  return goos && goarch ? `v0.0.1-${version}.${goos}-${goarch}` : undefined;
}

/** goRootOf is where a release is (or would be) unpacked. */
export function goRootOf(cacheDir: string, version: string): string | undefined {
  const moduleVersion = toolchainModuleVersion(version);
  return moduleVersion ? join(goReleasesDir(cacheDir), 'golang.org', `toolchain@${moduleVersion}`) : undefined;
}

/** cachedGoRelease returns the release when it is unpacked and runnable, without touching the network. */
export async function cachedGoRelease(cacheDir: string, version: string): Promise<GoReleaseToolchain | undefined> {
  const goroot = goRootOf(cacheDir, version);
  if (!goroot) return undefined;
  const goBinary = join(goroot, 'bin', 'go');
  return (await isExecutable(goBinary)) ? { version, goroot, goBinary } : undefined;
}

/** downloadDir is where the go command writes the zip while it downloads. */
function downloadDir(cacheDir: string): string {
  return join(goReleasesDir(cacheDir), 'cache', 'download', 'golang.org', 'toolchain', '@v');
}

/** downloadedBytes sums the zip (or its temp file) of one module version so far. */
async function downloadedBytes(cacheDir: string, moduleVersion: string): Promise<{ bytes: number; complete: boolean }> {
  let bytes = 0;
  let complete = false;
  try {
    for (const name of await readdir(downloadDir(cacheDir))) {
      if (!name.startsWith(`${moduleVersion}.zip`)) continue;
      if (name === `${moduleVersion}.zip`) complete = true;
      bytes += (await stat(join(downloadDir(cacheDir), name)).catch(() => ({ size: 0 }))).size;
    }
  } catch {
    // not created yet
  }
  return { bytes, complete };
}

/**
 * isolatedGoEnv keeps a user's go settings away from an old release: releases before 1.18
 * reject flags such as -buildvcs in GOFLAGS, and an empty GOFLAGS does not help when the
 * flag comes from the go env file (`go env -w`), which 1.13+ read unless GOENV=off.
 */
export const isolatedGoEnv = { GOENV: 'off', GOFLAGS: '' } as const;

/** networkSettingNames are the go env settings a fetch must keep from the user's setup (a company proxy, private modules). */
const networkSettingNames = ['GOPROXY', 'GOSUMDB', 'GONOSUMDB', 'GONOPROXY', 'GOPRIVATE', 'GOINSECURE'] as const;

/** networkSettings reads the installed go's network settings (environment and go env file), since GOENV=off hides the file. */
async function networkSettings(options: FetchOptions): Promise<Record<string, string>> {
  const result = await options.exec(options.go, ['env', ...networkSettingNames], { streamOutput: false, timeoutMs: 30_000, env: { GOFLAGS: undefined } });
  if (result.exitCode !== 0) return {};
  const lines = result.stdout.split('\n');
  const settings: Record<string, string> = {};
  networkSettingNames.forEach((name, i) => {
    const value = lines[i]?.trim();
    if (value) settings[name] = value;
  });
  return settings;
}

/** reasonFrom picks the go command's own explanation out of its output. */
function reasonFrom(result: ExecResult): string {
  if (result.cancelled) return 'cancelled';
  if (result.timedOut) return 'the download took too long and was stopped';
  const lines = `${result.stderr}\n${result.stdout}`.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('go: downloading'));
  return lines.slice(-3).join(' · ') || `go exited with ${result.exitCode ?? result.signal}`;
}

/**
 * fetchGoRelease makes one release available in the cache: at once when it is there,
 * else through the installed go command, reporting progress while the zip downloads.
 * Never throws for a release that cannot be had: the outcome says why.
 */
export async function fetchGoRelease(version: string, options: FetchOptions): Promise<FetchOutcome> {
  const report = options.onProgress ?? (() => undefined);
  const cached = await cachedGoRelease(options.cacheDir, version);
  if (cached) {
    report({ version, phase: 'cached', message: `${version} is in the cache` });
    return { ok: true, cached: true, ...cached };
  }
  const moduleVersion = toolchainModuleVersion(version);
  if (!moduleVersion) {
    const reason = `no Go toolchain module for ${process.platform}/${process.arch}`;
    report({ version, phase: 'failed', message: reason });
    return { ok: false, version, reason };
  }
  const total = options.zipBytes;
  report({ version, phase: 'downloading', message: `fetching ${version} through the Go module proxy`, bytes: 0, ...(total ? { totalBytes: total, fraction: 0 } : {}) });
  await mkdir(goReleasesDir(options.cacheDir), { recursive: true });
  let lastBytes = 0;
  const poll = setInterval(() => {
    void downloadedBytes(options.cacheDir, moduleVersion).then(({ bytes, complete }) => {
      if (bytes === lastBytes && !complete) return;
      lastBytes = bytes;
      if (complete) {
        report({ version, phase: 'unpacking', message: `unpacking ${version}`, bytes });
        return;
      }
      const fraction = total ? Math.min(1, bytes / total) : undefined;
      const mb = (bytes / 1e6).toFixed(0);
      const message = total ? `fetching ${version}: ${mb} of ${(total / 1e6).toFixed(0)} MB` : `fetching ${version}: ${mb} MB`;
      report({ version, phase: 'downloading', message, bytes, ...(total ? { totalBytes: total } : {}), ...(fraction === undefined ? {} : { fraction }) });
    });
  }, options.pollMs ?? 500);
  let result: ExecResult;
  try {
    result = await options.exec(options.go, ['version'], {
      // A neutral directory: a go.mod or go.work around the caller must not choose the toolchain.
      cwd: goReleasesDir(options.cacheDir),
      env: { ...(await networkSettings(options)), GOMODCACHE: goReleasesDir(options.cacheDir), GOTOOLCHAIN: version, ...isolatedGoEnv },
      source: `fetch ${version}`,
      streamOutput: false,
      timeoutMs: options.timeoutMs ?? 600_000,
    });
  } finally {
    clearInterval(poll);
  }
  const fetched = await cachedGoRelease(options.cacheDir, version);
  if (result.exitCode !== 0 || !fetched || !result.stdout.includes(`go version ${version} `)) {
    const reason = fetched ? `${version} was fetched but does not run: ${reasonFrom(result)}` : `could not fetch ${version}: ${reasonFrom(result)}`;
    report({ version, phase: 'failed', message: reason });
    return { ok: false, version, reason };
  }
  // The unpacked tree is all a build needs; the zip would double the space taken.
  await rm(join(downloadDir(options.cacheDir), `${moduleVersion}.zip`), { force: true });
  report({ version, phase: 'fetched', message: `${version} fetched`, ...(total ? { bytes: total, totalBytes: total, fraction: 1 } : {}) });
  return { ok: true, cached: false, ...fetched };
}

/** fetchGoReleases fetches releases one after another (the proxy and the disk are shared), each outcome on its own. */
export async function fetchGoReleases(releases: ReadonlyArray<{ version: string; zipBytes?: number }>, options: FetchOptions): Promise<FetchOutcome[]> {
  const outcomes: FetchOutcome[] = [];
  for (const release of releases) {
    outcomes.push(await fetchGoRelease(release.version, release.zipBytes === undefined ? options : { ...options, zipBytes: release.zipBytes }));
  }
  return outcomes;
}

/** makeWritable gives the owner write permission on a tree the go command made read-only. */
async function makeWritable(dir: string): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  await chmod(dir, 0o755).catch(() => undefined);
  for (const entry of entries) if (entry.isDirectory()) await makeWritable(join(dir, entry.name));
}

/** removeGoReleases deletes the whole cache of fetched releases. */
export async function removeGoReleases(cacheDir: string): Promise<void> {
  const dir = goReleasesDir(cacheDir);
  await makeWritable(dir);
  await rm(dir, { recursive: true, force: true });
}
