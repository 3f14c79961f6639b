/**
 * How edited Go (+ cgo C) code is built and run in the sandbox: the two steps' commands,
 * environments, mounts and limits. Pure (paths are strings; no `node:` imports), so the
 * argument building is tested on its own; the pointer-rules runner executes them.
 *
 * Build apart from run:
 * - The build (go, cgo, gcc: tools that read the code but never execute it) may write
 *   the work folder (the binary) and the Go build cache for edited code, which no
 *   program ever sees: a program cannot patch what later builds reuse.
 * - The program sees the work folder read-only and writes only its private /tmp.
 * Neither has network (GOPROXY=off and GOTOOLCHAIN=local also keep `go` from trying),
 * nor anything of the server's environment.
 */
import type { ExecOptions } from '../demos/demo-context.ts';
import type { SandboxLimits } from './sandbox-limits.ts';

const MiB = 2 ** 20;
const GiB = 2 ** 30;

/** outputCapBytes caps each step's output (a build log, a program's prints). */
export const outputCapBytes = 64 * 1024;

/**
 * buildTimeoutMs: a warm build (runtime already in the cache) took 1.2 s measured on an
 * idle 2-core machine; 45 s leaves room for a busy one. coldBuildTimeoutMs: the first
 * build into an empty cache also compiles the runtime and standard library it needs
 * (18 s idle, over 60 s under load measured).
 */
export const buildTimeoutMs = 45_000;
export const coldBuildTimeoutMs = 240_000;

/** programTimeoutMs is the program's wall time. */
export const programTimeoutMs = 10_000;

/**
 * buildLimits: a cold build peaked at 318 MB of memory (page cache included) and 18
 * tasks measured; 1 GiB stops a C macro bomb in cc1 (1.4 GiB seen) well before it hurts
 * the machine. /tmp holds Go's work dir ($WORK): 512 MiB, counted in the memory.
 */
export function buildLimits(cold: boolean): SandboxLimits {
  return {
    memoryBytes: GiB,
    maxProcesses: 256,
    cpuMs: 2 * (cold ? coldBuildTimeoutMs : buildTimeoutMs),
    tmpBytes: 512 * MiB,
    fileBytes: 256 * MiB,
  };
}

/**
 * programLimits: memory is what the program really uses (a cgroup, not an address-space
 * limit, so Go's ~700 MiB of reservations cost nothing); 64 tasks is room for the
 * runtime's threads and stops a fork bomb; CPU time as long as the wall time.
 */
export const programLimits: SandboxLimits = {
  memoryBytes: GiB,
  maxProcesses: 64,
  cpuMs: programTimeoutMs,
  tmpBytes: 64 * MiB,
  fileBytes: 64 * MiB,
};

/** Inside the sandbox: the work folder and the build cache. */
export const workDest = '/src';
export const cacheDest = '/cache';

/** SandboxStep is one command to give to ctx.exec. */
export interface SandboxStep {
  cmd: string;
  args: string[];
  options: ExecOptions;
}

/** EditedBuildInput is what editedGoBuild needs. */
export interface EditedBuildInput {
  /** The go command (a host path, visible inside: /usr, or GOROOT mounted). */
  go: string;
  goroot: string;
  workDir: string;
  cacheDir: string;
  cgocheck2: boolean;
  cold: boolean;
}

/** goMounts shows GOROOT at its own path when it is not under /usr (the system view). */
function goMounts(goroot: string): Array<{ host: string; dest: string }> {
  return goroot === '' || goroot === '/usr' || goroot.startsWith('/usr/') ? [] : [{ host: goroot, dest: goroot }];
}

/** parentDir is a path's folder (`/usr/local/go/bin/go` → `/usr/local/go/bin`). */
function parentDir(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

/** goPath is the build's PATH: Go's bin folder (and the go command's own, when elsewhere), then the system's. */
export function goPath(go: string, goroot: string): string {
  const dirs = [goroot === '' ? '' : `${goroot}/bin`, go.includes('/') ? parentDir(go) : '', '/usr/bin', '/bin'].filter((dir) => dir !== '');
  return [...new Set(dirs)].join(':');
}

/** editedGoBuild is `go build -o prog main.go` in the sandbox, writing the work folder and the cache. */
export function editedGoBuild(input: EditedBuildInput): SandboxStep {
  const env: Record<string, string> = {
    PATH: goPath(input.go, input.goroot),
    HOME: '/tmp',
    TMPDIR: '/tmp',
    GOENV: 'off',
    GOPATH: '/tmp/go',
    GOCACHE: cacheDest,
    GOPROXY: 'off',
    GOTOOLCHAIN: 'local',
    GOFLAGS: '-buildvcs=false',
    CGO_ENABLED: '1',
    ...(input.cgocheck2 ? { GOEXPERIMENT: 'cgocheck2' } : {}),
  };
  return {
    cmd: input.go,
    args: ['build', '-o', 'prog', 'main.go'],
    options: {
      timeoutMs: input.cold ? coldBuildTimeoutMs : buildTimeoutMs,
      outputCapBytes,
      cwd: workDest,
      env,
      source: 'go build',
      sandbox: {
        step: 'the build',
        mounts: [
          { host: input.workDir, dest: workDest, writable: true },
          { host: input.cacheDir, dest: cacheDest, writable: true },
          ...goMounts(input.goroot),
        ],
        limits: buildLimits(input.cold),
      },
    },
  };
}

/** editedGoProgram runs the built `prog` in the sandbox, its folder read-only. */
export function editedGoProgram(workDir: string): SandboxStep {
  return {
    cmd: `${workDest}/prog`,
    args: [],
    options: {
      timeoutMs: programTimeoutMs,
      outputCapBytes,
      cwd: '/tmp',
      env: { PATH: '/usr/bin:/bin', HOME: '/tmp', TMPDIR: '/tmp', GOTRACEBACK: 'single' },
      source: 'main.go',
      sandbox: { step: 'the program', mounts: [{ host: workDir, dest: workDest }], limits: programLimits },
    },
  };
}
