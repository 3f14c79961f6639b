/**
 * The limits of one sandboxed step (a build, a program) and how they read back. Pure:
 * cgroups.ts writes the settings and reads the counters this module names and parses.
 *
 * Limits count the whole step, every process and thread of it, not each process: a
 * cgroup per step holds memory (page cache and the tmpfs /tmp and /dev/shm included, so a
 * full /tmp is memory of the run, not RAM outside any limit), the number of tasks and the
 * CPU time. Without a cgroup (nowhere to create one), rlimits per process are the
 * fallback (see rlimitArgs): weaker, and the doctor says so.
 *
 * Each limit that hits is named in the run's error, e.g. "killed: the program used its
 * 1 GiB of memory".
 */
import type { Controller } from './cgroup-layout.ts';

/** SandboxLimits bound one sandboxed step. */
export interface SandboxLimits {
  /** Memory of all its processes, page cache and tmpfs included. */
  memoryBytes: number;
  /** Processes and threads at once. */
  maxProcesses: number;
  /** CPU time of all its processes together. */
  cpuMs: number;
  /** Size of its private /tmp, and of its private /dev/shm. */
  tmpBytes: number;
  /** Largest file it may write (RLIMIT_FSIZE): bounds what lands on the host's disk. */
  fileBytes: number;
}

/** CgroupSetting is one file to write when a step's cgroup is created. */
export interface CgroupSetting {
  controller: Controller;
  file: string;
  value: string;
}

/** LimitKind names a limit that was hit. */
export type LimitKind = 'memory' | 'processes' | 'cpu' | 'tmp' | 'file';

/** LimitHit is a limit a step ran into, with the sentence to show. */
export interface LimitHit {
  kind: LimitKind;
  message: string;
}

/** CgroupCounters are what a step's cgroup says about it. */
export interface CgroupCounters {
  /** Processes the kernel killed for memory. */
  oomKills: number;
  /** Forks and thread creations refused at the pids limit. */
  pidsRefused: number;
  /** CPU time used, in nanoseconds. */
  cpuNs: number;
  /** tmpfs and shared memory held now (what /tmp and /dev/shm hold). */
  shmemBytes: number;
}

/** cgroupSettings lists what to write into a step's cgroup for its limits (v1 or v2 file names). */
export function cgroupSettings(version: 1 | 2, limits: SandboxLimits, v1HasSwapAccounting: boolean): CgroupSetting[] {
  const memory = String(Math.floor(limits.memoryBytes));
  const processes = String(Math.floor(limits.maxProcesses));
  if (version === 2) {
    return [
      { controller: 'memory', file: 'memory.max', value: memory },
      // No swapping out of the limit: memory used is memory counted.
      { controller: 'memory', file: 'memory.swap.max', value: '0' },
      { controller: 'pids', file: 'pids.max', value: processes },
    ];
  }
  return [
    { controller: 'memory', file: 'memory.limit_in_bytes', value: memory },
    // memsw (memory + swap) may only be set at or above the memory limit, so after it.
    ...(v1HasSwapAccounting ? [{ controller: 'memory' as const, file: 'memory.memsw.limit_in_bytes', value: memory }] : []),
    { controller: 'pids', file: 'pids.max', value: processes },
  ];
}

/** counterFiles names the files read for CgroupCounters, per controller. */
export function counterFiles(version: 1 | 2): Record<keyof CgroupCounters, { controller: Controller; file: string }> {
  return version === 2
    ? {
        oomKills: { controller: 'memory', file: 'memory.events' },
        pidsRefused: { controller: 'pids', file: 'pids.events' },
        cpuNs: { controller: 'cpu', file: 'cpu.stat' },
        shmemBytes: { controller: 'memory', file: 'memory.stat' },
      }
    : {
        oomKills: { controller: 'memory', file: 'memory.oom_control' },
        pidsRefused: { controller: 'pids', file: 'pids.events' },
        cpuNs: { controller: 'cpu', file: 'cpuacct.usage' },
        shmemBytes: { controller: 'memory', file: 'memory.stat' },
      };
}

/** keyedNumber reads `key N` from a flat-keyed cgroup file (memory.events, memory.stat, pids.events …). */
export function keyedNumber(text: string, key: string): number | undefined {
  for (const line of text.split('\n')) {
    const [name, value] = line.trim().split(/\s+/);
    // Stryker disable next-line ConditionalExpression: the undefined test only narrows the type (the pattern refuses "undefined" too)
    if (name === key && value !== undefined && /^\d+$/.test(value)) return Number(value);
  }
  return undefined;
}

/** parseCounter turns one counter file's text into its value (0 when absent or unreadable). */
export function parseCounter(version: 1 | 2, counter: keyof CgroupCounters, text: string): number {
  switch (counter) {
    case 'oomKills':
      return keyedNumber(text, 'oom_kill') ?? 0;
    case 'pidsRefused':
      return keyedNumber(text, 'max') ?? 0;
    case 'cpuNs':
      if (version === 2) return (keyedNumber(text, 'usage_usec') ?? 0) * 1000;
      return /^\d+$/.test(text.trim()) ? Number(text) : 0;
    case 'shmemBytes':
      return keyedNumber(text, 'shmem') ?? 0;
  }
}

/**
 * limitHit says which limit a step ran into, if any, in the order that explains the end
 * best: memory (the kernel killed something), processes, CPU time, a full /tmp.
 * `step` names it in the sentence ("the build", "the program").
 */
export function limitHit(step: string, counters: CgroupCounters, limits: SandboxLimits): LimitHit | undefined {
  if (counters.oomKills > 0) return { kind: 'memory', message: `killed: ${step} used its ${formatBytes(limits.memoryBytes)} of memory` };
  if (counters.pidsRefused > 0) {
    return { kind: 'processes', message: `killed: ${step} reached its limit of ${limits.maxProcesses} processes and threads` };
  }
  if (counters.cpuNs >= limits.cpuMs * 1e6) return { kind: 'cpu', message: `killed: ${step} used its ${formatSeconds(limits.cpuMs)} of CPU time` };
  if (tmpFull(counters.shmemBytes, limits)) {
    return { kind: 'tmp', message: `killed: ${step} filled its ${formatBytes(limits.tmpBytes)} of /tmp and /dev/shm` };
  }
  return undefined;
}

/** tmpFull says whether tmpfs use reached a private /tmp's size (tmpfs counts whole pages). */
export function tmpFull(shmemBytes: number, limits: Pick<SandboxLimits, 'tmpBytes'>): boolean {
  return shmemBytes >= limits.tmpBytes - 64 * 1024;
}

/**
 * rlimitArgs are util-linux prlimit's options for a step: the file size and no core
 * dumps always; without a cgroup also address space, processes (per user!) and CPU
 * seconds, per process — the weaker fallback.
 */
export function rlimitArgs(limits: SandboxLimits, withCgroup: boolean): string[] {
  const always = [`--fsize=${Math.floor(limits.fileBytes)}`, '--core=0'];
  if (withCgroup) return always;
  return [
    ...always,
    `--as=${Math.floor(limits.memoryBytes)}`,
    `--nproc=${Math.floor(limits.maxProcesses)}`,
    // SIGXCPU at the limit (named in the message), SIGKILL a second later if ignored.
    `--cpu=${cpuSeconds(limits)}:${cpuSeconds(limits) + 1}`,
  ];
}

/**
 * rlimitHit reads the signal a step died of: SIGXFSZ is its file size limit (always an
 * rlimit), SIGXCPU its CPU limit (under the rlimit fallback).
 */
export function rlimitHit(step: string, signal: string | null, limits: SandboxLimits): LimitHit | undefined {
  if (signal === 'SIGXFSZ') return { kind: 'file', message: `killed: ${step} wrote a file larger than its limit of ${formatBytes(limits.fileBytes)}` };
  if (signal === 'SIGXCPU') return { kind: 'cpu', message: `killed: ${step} used its ${formatSeconds(limits.cpuMs)} of CPU time` };
  return undefined;
}

/** cpuSeconds is a CPU limit in whole seconds, at least one (RLIMIT_CPU counts seconds). */
function cpuSeconds(limits: Pick<SandboxLimits, 'cpuMs'>): number {
  return Math.max(1, Math.ceil(limits.cpuMs / 1000));
}

/** formatBytes writes a size the way limits are said: "1 GiB", "64 MiB", "1.5 GiB", "512 KiB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // Stryker disable next-line Regex: toFixed(1) leaves one digit after the point, so ".0" can only end the text
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(1).replace(/\.0$/, '');
  return `${shown} ${units[unit]}`;
}

/** formatSeconds writes a duration in whole or tenth seconds: "10 s", "1.5 s". */
export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
