import { describe, expect, it } from 'vitest';
import {
  cgroupSettings,
  counterFiles,
  formatBytes,
  formatSeconds,
  keyedNumber,
  limitHit,
  parseCounter,
  rlimitArgs,
  rlimitHit,
  tmpFull,
  type CgroupCounters,
  type SandboxLimits,
} from './sandbox-limits.ts';

const limits: SandboxLimits = { memoryBytes: 2 ** 30, maxProcesses: 64, cpuMs: 10_000, tmpBytes: 64 * 2 ** 20, fileBytes: 32 * 2 ** 20 };
const quiet: CgroupCounters = { oomKills: 0, pidsRefused: 0, cpuNs: 0, shmemBytes: 0 };

describe('cgroup settings', () => {
  it('writes the v1 limits, memory before memory+swap', () => {
    expect(cgroupSettings(1, limits, true)).toEqual([
      { controller: 'memory', file: 'memory.limit_in_bytes', value: '1073741824' },
      { controller: 'memory', file: 'memory.memsw.limit_in_bytes', value: '1073741824' },
      { controller: 'pids', file: 'pids.max', value: '64' },
    ]);
    expect(cgroupSettings(1, { ...limits, memoryBytes: 1000.7, maxProcesses: 3.9 }, false)).toEqual([
      { controller: 'memory', file: 'memory.limit_in_bytes', value: '1000' },
      { controller: 'pids', file: 'pids.max', value: '3' },
    ]);
  });

  it('writes the v2 limits, with no swap', () => {
    expect(cgroupSettings(2, limits, true)).toEqual([
      { controller: 'memory', file: 'memory.max', value: '1073741824' },
      { controller: 'memory', file: 'memory.swap.max', value: '0' },
      { controller: 'pids', file: 'pids.max', value: '64' },
    ]);
  });

  it('names the counter files of each version', () => {
    expect(counterFiles(1)).toEqual({
      oomKills: { controller: 'memory', file: 'memory.oom_control' },
      pidsRefused: { controller: 'pids', file: 'pids.events' },
      cpuNs: { controller: 'cpu', file: 'cpuacct.usage' },
      shmemBytes: { controller: 'memory', file: 'memory.stat' },
    });
    expect(counterFiles(2)).toEqual({
      oomKills: { controller: 'memory', file: 'memory.events' },
      pidsRefused: { controller: 'pids', file: 'pids.events' },
      cpuNs: { controller: 'cpu', file: 'cpu.stat' },
      shmemBytes: { controller: 'memory', file: 'memory.stat' },
    });
  });
});

describe('counters', () => {
  it('reads keyed numbers exactly', () => {
    const text = 'oom_kill_disable 0\nunder_oom 0\noom_kill 3\n';
    expect(keyedNumber(text, 'oom_kill')).toBe(3);
    expect(keyedNumber(text, 'oom')).toBeUndefined();
    expect(keyedNumber('max x\n', 'max')).toBeUndefined();
    expect(keyedNumber('  max   7  \n', 'max')).toBe(7);
    expect(keyedNumber('max 7x\nmax x7\n', 'max')).toBeUndefined();
    expect(keyedNumber('max\n', 'max')).toBeUndefined();
  });

  it('parses v1 and v2 counter files', () => {
    expect(parseCounter(1, 'oomKills', 'oom_kill_disable 0\nunder_oom 0\noom_kill 1\n')).toBe(1);
    expect(parseCounter(2, 'oomKills', 'low 0\nhigh 0\nmax 9\noom 2\noom_kill 2\n')).toBe(2);
    expect(parseCounter(1, 'pidsRefused', 'max 5\n')).toBe(5);
    expect(parseCounter(1, 'cpuNs', '13388122810\n')).toBe(13388122810);
    expect(parseCounter(1, 'cpuNs', 'garbage')).toBe(0);
    expect(parseCounter(1, 'cpuNs', '12x\n')).toBe(0);
    expect(parseCounter(1, 'cpuNs', 'x12\n')).toBe(0);
    expect(parseCounter(1, 'cpuNs', '  42\n')).toBe(42);
    expect(parseCounter(2, 'cpuNs', 'usage_usec 2500\nuser_usec 2000\n')).toBe(2_500_000);
    expect(parseCounter(1, 'shmemBytes', 'cache 10\nrss 20\nshmem 4096\ntotal_shmem 8192\n')).toBe(4096);
    expect(parseCounter(2, 'shmemBytes', '')).toBe(0);
    expect(parseCounter(1, 'oomKills', '')).toBe(0);
    expect(parseCounter(2, 'cpuNs', '')).toBe(0);
  });
});

describe('which limit hit', () => {
  it('says nothing for a run within its limits', () => {
    expect(limitHit('the program', quiet, limits)).toBeUndefined();
    expect(limitHit('the program', { ...quiet, cpuNs: 9_999_999_999, shmemBytes: limits.tmpBytes - 64 * 1024 - 1 }, limits)).toBeUndefined();
  });

  it('names each limit in a sentence', () => {
    expect(limitHit('the program', { ...quiet, oomKills: 1 }, limits)).toEqual({ kind: 'memory', message: 'killed: the program used its 1 GiB of memory' });
    expect(limitHit('the build', { ...quiet, pidsRefused: 2 }, limits)).toEqual({ kind: 'processes', message: 'killed: the build reached its limit of 64 processes and threads' });
    expect(limitHit('the program', { ...quiet, cpuNs: 10_000_000_000 }, limits)).toEqual({ kind: 'cpu', message: 'killed: the program used its 10 s of CPU time' });
    expect(limitHit('the program', { ...quiet, shmemBytes: limits.tmpBytes }, limits)).toEqual({ kind: 'tmp', message: 'killed: the program filled its 64 MiB of /tmp and /dev/shm' });
  });

  it('puts memory first, then processes, CPU and /tmp', () => {
    const all: CgroupCounters = { oomKills: 1, pidsRefused: 1, cpuNs: 1e12, shmemBytes: 1e12 };
    expect(limitHit('x', all, limits)?.kind).toBe('memory');
    expect(limitHit('x', { ...all, oomKills: 0 }, limits)?.kind).toBe('processes');
    expect(limitHit('x', { ...all, oomKills: 0, pidsRefused: 0 }, limits)?.kind).toBe('cpu');
    expect(limitHit('x', { ...quiet, shmemBytes: 1e12 }, limits)?.kind).toBe('tmp');
  });

  it('counts /tmp as full within a tmpfs page margin', () => {
    expect(tmpFull(limits.tmpBytes - 64 * 1024, limits)).toBe(true);
    expect(tmpFull(limits.tmpBytes - 64 * 1024 - 1, limits)).toBe(false);
  });
});

describe('rlimits', () => {
  it('always caps file size and core dumps; without a cgroup also memory, processes and CPU', () => {
    expect(rlimitArgs(limits, true)).toEqual(['--fsize=33554432', '--core=0']);
    expect(rlimitArgs({ ...limits, cpuMs: 1500 }, false)).toEqual(['--fsize=33554432', '--core=0', '--as=1073741824', '--nproc=64', '--cpu=2:3']);
    expect(rlimitArgs({ ...limits, cpuMs: 10 }, false)).toContain('--cpu=1:2');
  });

  it('reads SIGXCPU as the CPU limit and SIGXFSZ as the file size limit', () => {
    expect(rlimitHit('the program', 'SIGXCPU', limits)).toEqual({ kind: 'cpu', message: 'killed: the program used its 10 s of CPU time' });
    expect(rlimitHit('the build', 'SIGXFSZ', limits)).toEqual({ kind: 'file', message: 'killed: the build wrote a file larger than its limit of 32 MiB' });
    expect(rlimitHit('the program', 'SIGKILL', limits)).toBeUndefined();
    expect(rlimitHit('the program', null, limits)).toBeUndefined();
  });
});

describe('formatting', () => {
  it('writes sizes and durations as limits are said', () => {
    expect(formatBytes(2 ** 30)).toBe('1 GiB');
    expect(formatBytes(1.5 * 2 ** 30)).toBe('1.5 GiB');
    expect(formatBytes(64 * 2 ** 20)).toBe('64 MiB');
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(1024)).toBe('1 KiB');
    expect(formatBytes(2 ** 50)).toBe('1024 TiB');
    expect(formatBytes(1000 * 2 ** 20 + 1)).toBe('1000 MiB');
    expect(formatSeconds(10_000)).toBe('10 s');
    expect(formatSeconds(1_500)).toBe('1.5 s');
    expect(formatSeconds(90_000)).toBe('90 s');
  });
});
