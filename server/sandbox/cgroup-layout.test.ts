import { describe, expect, it } from 'vitest';
import { chooseCgroupLayout, ownDir, parseMountinfo, parseProcCgroup } from './cgroup-layout.ts';

/** This machine's kind: v1 for everything, a v2 mount holding only hugetlb. */
const hybridCgroup = `9:name=systemd:/
8:pids:/
7:blkio:/
4:memory:/process_api/abc
2:cpuacct:/
1:cpu:/
0::/
`;
const hybridMounts = `31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
`;

/** A systemd machine with only cgroup v2. */
const pureV2Cgroup = '0::/user.slice/user-1000.slice/session-2.scope\n';
const pureV2Mounts = '35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n';

describe('cgroup layout', () => {
  it('parses /proc/self/cgroup lines', () => {
    expect(parseProcCgroup('4:memory:/a/b\n2:cpu,cpuacct:/\n0::/x\nnot a line\n')).toEqual([
      { hierarchyId: 4, controllers: ['memory'], path: '/a/b' },
      { hierarchyId: 2, controllers: ['cpu', 'cpuacct'], path: '/' },
      { hierarchyId: 0, controllers: [], path: '/x' },
    ]);
  });

  it('reads two-digit hierarchy ids and lines with spaces or a CR around them, and nothing that does not start with the id', () => {
    expect(parseProcCgroup('  12:pids:/a\r\njunk3:memory:/b\n')).toEqual([{ hierarchyId: 12, controllers: ['pids'], path: '/a' }]);
    expect(parseMountinfo('  51 31 0:41 / /ro ro - cgroup cgroup rw,pids\r\n')).toEqual([{ version: 1, mountPoint: '/ro', root: '/', controllers: ['pids'] }]);
  });

  it('takes a mount whose super-options are left out', () => {
    expect(parseMountinfo('41 31 0:38 / /u rw - cgroup2 cgroup2\n52 31 0:42 / /v1 rw - cgroup cgroup\n')).toEqual([
      { version: 2, mountPoint: '/u', root: '/', controllers: [] },
      { version: 1, mountPoint: '/v1', root: '/', controllers: [] },
    ]);
  });

  it('parses cgroup mounts from mountinfo, with their roots, controllers and escapes', () => {
    const mounts = parseMountinfo(`${hybridMounts}50 31 0:40 /docker/x /sys/fs/cgroup/my\\040dir rw shared:1 - cgroup cgroup rw,cpu,cpuacct\nshort line\n51 31 0:41 / /ro ro - cgroup cgroup ro,pids\n52 31 0:42 / /cut rw - cgroup\n`);
    expect(mounts).toContainEqual({ version: 1, mountPoint: '/ro', root: '/', controllers: ['pids'] });
    expect(mounts.some((mount) => mount.mountPoint === '/cut')).toBe(false);
    expect(mounts).toContainEqual({ version: 1, mountPoint: '/sys/fs/cgroup/memory', root: '/', controllers: ['memory'] });
    expect(mounts).toContainEqual({ version: 2, mountPoint: '/sys/fs/cgroup/unified', root: '/', controllers: [] });
    expect(mounts).toContainEqual({ version: 1, mountPoint: '/sys/fs/cgroup/my dir', root: '/docker/x', controllers: ['cpu', 'cpuacct'] });
    expect(mounts.some((mount) => mount.mountPoint === '/sys/fs/cgroup')).toBe(false); // the tmpfs
    expect(mounts).toHaveLength(8);
  });

  it('finds this process\'s own folder below a mount, minus the mount\'s root', () => {
    expect(ownDir({ mountPoint: '/sys/fs/cgroup/memory', root: '/' }, '/process_api/abc')).toBe('/sys/fs/cgroup/memory/process_api/abc');
    expect(ownDir({ mountPoint: '/sys/fs/cgroup/memory/', root: '/' }, '/')).toBe('/sys/fs/cgroup/memory');
    expect(ownDir({ mountPoint: '/cg', root: '/docker/x' }, '/docker/x/inner')).toBe('/cg/inner');
    expect(ownDir({ mountPoint: '/cg', root: '/docker/x' }, '/docker/x')).toBe('/cg');
    expect(ownDir({ mountPoint: '/cg', root: '/docker/x/' }, '/docker/x/inner')).toBe('/cg/inner');
    expect(ownDir({ mountPoint: '/cg', root: '/docker/x' }, '/docker/xy')).toBeUndefined();
    expect(ownDir({ mountPoint: '/cg', root: '/' }, '/a/../b')).toBeUndefined();
    expect(ownDir({ mountPoint: '/cg', root: '/' }, '/')).toBe('/cg');
    expect(ownDir({ mountPoint: '/cg', root: '/docker/x' }, '/other/docker/x/inner')).toBeUndefined();
    expect(ownDir({ mountPoint: '/cg', root: '/' }, 'relative/path')).toBeUndefined();
  });

  it('picks v1 where its mounts hold memory, pids and cpuacct (not the hugetlb-only v2 mount)', () => {
    const asked: string[] = [];
    const layout = chooseCgroupLayout(hybridCgroup, hybridMounts, (dir) => (asked.push(dir), ['hugetlb']));
    expect(layout).toEqual({
      version: 1,
      dirs: { memory: '/sys/fs/cgroup/memory/process_api/abc', pids: '/sys/fs/cgroup/pids', cpu: '/sys/fs/cgroup/cpuacct' },
    });
    expect(asked).toEqual([]);
  });

  it('finds v1 controllers mounted together (cpu,cpuacct)', () => {
    const layout = chooseCgroupLayout('3:cpu,cpuacct:/a\n2:memory:/a\n1:pids:/a\n', '1 0 0:1 / /cg/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n2 0 0:2 / /cg/memory rw - cgroup cgroup rw,memory\n3 0 0:3 / /cg/pids rw - cgroup cgroup rw,pids\n', () => undefined);
    expect(layout).toEqual({ version: 1, dirs: { memory: '/cg/memory/a', pids: '/cg/pids/a', cpu: '/cg/cpu,cpuacct/a' } });
  });

  it('picks v2 where it is the real hierarchy and offers the controllers', () => {
    const layout = chooseCgroupLayout(pureV2Cgroup, pureV2Mounts, (dir) => (dir === '/sys/fs/cgroup/user.slice/user-1000.slice/session-2.scope' ? ['cpuset', 'cpu', 'io', 'memory', 'pids'] : undefined));
    expect(layout).toEqual({ version: 2, dir: '/sys/fs/cgroup/user.slice/user-1000.slice/session-2.scope' });
  });

  it('takes the v2 line and mount for v2, wherever the v1 ones stand', () => {
    const cgroup = '4:memory:/v1-path\n0::/v2-path\n';
    const mounts = '35 31 0:32 / /m rw - cgroup cgroup rw,memory\n41 31 0:38 / /u rw - cgroup2 cgroup2 rw\n';
    const asked: string[] = [];
    const layout = chooseCgroupLayout(cgroup, mounts, (dir) => (asked.push(dir), ['memory', 'pids', 'cpu']));
    expect(layout).toEqual({ version: 2, dir: '/u/v2-path' });
    expect(asked).toEqual(['/u/v2-path']);
  });

  it('does not use v1 controllers this process lists but no mount shows (a container)', () => {
    const layout = chooseCgroupLayout('4:memory:/a\n3:pids:/a\n2:cpuacct:/a\n', '39 31 0:36 / /p rw - cgroup cgroup rw,pids\n', () => undefined);
    expect(layout).toEqual({ version: 0, reason: 'no cgroup hierarchy holds memory, cpuacct for this process' });
  });

  it('needs both the v2 line and the v2 mount', () => {
    const reason = 'no cgroup hierarchy holds memory, pids, cpuacct for this process';
    expect(chooseCgroupLayout('0::/x\n', '', () => ['memory', 'pids', 'cpu'])).toEqual({ version: 0, reason });
    expect(chooseCgroupLayout('', '41 31 0:38 / /u rw - cgroup2 cgroup2 rw\n', () => ['memory', 'pids', 'cpu'])).toEqual({ version: 0, reason });
  });

  it('says why there is no usable hierarchy', () => {
    const hugetlbOnly = chooseCgroupLayout('0::/\n', '41 31 0:38 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n', () => ['hugetlb']);
    expect(hugetlbOnly).toEqual({ version: 0, reason: expect.stringMatching(/cgroup v1 lacks memory, pids, cpuacct and the v2 hierarchy at \/sys\/fs\/cgroup\/unified offers hugetlb here, not memory, pids, cpu/) });
    const none = chooseCgroupLayout('', '', () => undefined);
    expect(none).toEqual({ version: 0, reason: 'no cgroup hierarchy holds memory, pids, cpuacct for this process' });
    const partial = chooseCgroupLayout('4:memory:/\n0::/\n', '35 31 0:32 / /m rw - cgroup cgroup rw,memory\n41 31 0:38 / /u rw - cgroup2 cgroup2 rw\n', () => undefined);
    expect(partial).toEqual({ version: 0, reason: 'cgroup v1 lacks pids, cpuacct and the v2 hierarchy at /u offers no controllers here, not memory, pids, cpu' });
    const some = chooseCgroupLayout('0::/\n', '41 31 0:38 / /u rw - cgroup2 cgroup2 rw\n', () => ['hugetlb', 'memory']);
    expect(some).toEqual({ version: 0, reason: 'cgroup v1 lacks memory, pids, cpuacct and the v2 hierarchy at /u offers hugetlb, memory here, not pids, cpu' });
    const hidden = chooseCgroupLayout('0::/elsewhere\n', '41 31 0:38 /mine /u rw - cgroup2 cgroup2 rw\n', () => ['memory', 'pids', 'cpu']);
    expect(hidden).toEqual({ version: 0, reason: "this process's cgroup /elsewhere is not visible under /u" });
  });
});
