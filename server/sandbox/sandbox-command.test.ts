import { describe, expect, it } from 'vitest';
import { bwrapArgs, joinFailedExitCode, joinScript, systemPaths, systemView, wrapperCommand, type BwrapPlan } from './sandbox-command.ts';

const plan: BwrapPlan = {
  system: [
    { kind: 'dir', path: '/usr' },
    { kind: 'symlink', path: '/bin', target: 'usr/bin' },
  ],
  mounts: [
    { fd: 3, dest: '/src', writable: true },
    { fd: 4, dest: '/cache', writable: false },
  ],
  tmpBytes: 1024,
  cwd: '/src',
  env: { PATH: '/usr/bin', HOME: '/tmp' },
  uid: 65534,
  gid: 65533,
};

/** after returns the values following each occurrence of `option`. */
function after(args: string[], option: string, count = 1): string[][] {
  const found: string[][] = [];
  args.forEach((arg, index) => {
    if (arg === option) found.push(args.slice(index + 1, index + 1 + count));
  });
  return found;
}

describe('bwrapArgs', () => {
  const args = bwrapArgs(plan);

  it('unshares every namespace, dies with the server and has no terminal', () => {
    expect(args.slice(0, 3)).toEqual(['--unshare-all', '--die-with-parent', '--new-session']);
    expect(args).not.toContain('--share-net');
  });

  it('shows the system read-only and its links as links', () => {
    expect(after(args, '--ro-bind', 2)).toEqual([['/usr', '/usr']]);
    expect(after(args, '--symlink', 2)).toEqual([['usr/bin', '/bin']]);
    expect(after(args, '--proc')).toEqual([['/proc']]);
    expect(after(args, '--dev')).toEqual([['/dev']]);
  });

  it('gives private size-capped /tmp and /dev/shm', () => {
    expect(after(args, '--tmpfs')).toEqual([['/tmp'], ['/dev/shm']]);
    expect(after(args, '--size')).toEqual([['1024'], ['1024']]);
    // --size applies to the very next --tmpfs
    expect(args[args.indexOf('--tmpfs') - 2]).toBe('--size');
    expect(args[args.lastIndexOf('--tmpfs') - 2]).toBe('--size');
  });

  it('binds the step\'s folders by descriptor, writable only when asked', () => {
    expect(after(args, '--bind-fd', 2)).toEqual([['3', '/src']]);
    expect(after(args, '--ro-bind-fd', 2)).toEqual([['4', '/cache']]);
  });

  it('makes / and /dev read-only after every mount', () => {
    expect(after(args, '--remount-ro')).toEqual([['/dev'], ['/']]);
    const lastMount = Math.max(args.lastIndexOf('--ro-bind-fd'), args.lastIndexOf('--bind-fd'), args.lastIndexOf('--tmpfs'));
    expect(args.indexOf('--remount-ro')).toBeGreaterThan(lastMount);
  });

  it('runs as the given uid in the given folder with only the given environment', () => {
    expect(after(args, '--uid')).toEqual([['65534']]);
    expect(after(args, '--gid')).toEqual([['65533']]);
    expect(after(args, '--chdir')).toEqual([['/src']]);
    expect(args.filter((arg) => arg === '--clearenv')).toHaveLength(1);
    expect(args.indexOf('--clearenv')).toBeLessThan(args.indexOf('--setenv'));
    expect(after(args, '--setenv', 2)).toEqual([['PATH', '/usr/bin'], ['HOME', '/tmp']]);
    expect(args.at(-1)).toBe('/tmp');
  });

  it('floors sizes', () => {
    expect(after(bwrapArgs({ ...plan, tmpBytes: 10.9 }), '--size')).toEqual([['10'], ['10']]);
  });
});

describe('wrapperCommand', () => {
  const paths = { sh: '/bin/sh', setpriv: '/usr/bin/setpriv', prlimit: '/usr/bin/prlimit', bwrap: '/usr/bin/bwrap' };

  it('joins the cgroups first, then drops privileges, sets rlimits and starts bubblewrap', () => {
    const { file, args } = wrapperCommand({
      procsFiles: ['/cg/memory/x/cgroup.procs', '/cg/pids/x/cgroup.procs'],
      dropTo: { uid: 65534, gid: 65534 },
      paths,
      rlimits: ['--fsize=10', '--core=0'],
      bwrap: ['--unshare-all'],
      command: '/src/prog',
      args: ['a b', '$(x)'],
    });
    expect(file).toBe('/bin/sh');
    expect(args).toEqual([
      '-c', joinScript, 'sandbox-join', '/cg/memory/x/cgroup.procs', '/cg/pids/x/cgroup.procs', '--',
      '/usr/bin/setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--',
      '/usr/bin/prlimit', '--fsize=10', '--core=0', '--',
      '/usr/bin/bwrap', '--unshare-all', '--',
      '/src/prog', 'a b', '$(x)',
    ]);
  });

  it('puts a wall-time backstop between bubblewrap and the command', () => {
    const { args } = wrapperCommand({ procsFiles: [], paths, rlimits: [], bwrap: ['--x'], backstop: { timeout: '/usr/bin/timeout', seconds: 14.2 }, command: '/src/prog', args: ['a'] });
    expect(args).toEqual(['--', '/usr/bin/bwrap', '--x', '--', '/usr/bin/timeout', '--signal=KILL', '15', '/src/prog', 'a']);
    expect(wrapperCommand({ procsFiles: [], paths, rlimits: [], bwrap: [], backstop: { timeout: 't', seconds: 0 }, command: 'c', args: [] }).args).toEqual(['--', '/usr/bin/bwrap', '--', 't', '--signal=KILL', '1', 'c']);
  });

  it('starts prlimit directly when there is no cgroup and no one to drop to', () => {
    const { file, args } = wrapperCommand({ procsFiles: [], paths, rlimits: ['--core=0'], bwrap: [], command: 'true', args: [] });
    expect(file).toBe('/usr/bin/prlimit');
    expect(args).toEqual(['--core=0', '--', '/usr/bin/bwrap', '--', 'true']);
  });

  it('drops privileges without a cgroup too', () => {
    const { file, args } = wrapperCommand({ procsFiles: [], dropTo: { uid: 1, gid: 2 }, paths, rlimits: [], bwrap: [], command: 'true', args: [] });
    expect(file).toBe('/usr/bin/setpriv');
    expect(args.slice(0, 4)).toEqual(['--reuid=1', '--regid=2', '--clear-groups', '--']);
  });

  it('has a join script that writes its own pid before anything else runs', () => {
    expect(joinScript).toContain('echo $$ > "$1"');
    expect(joinScript).toContain(`exit ${joinFailedExitCode}`);
    expect(joinScript.endsWith('exec "$@"')).toBe(true);
  });
});

describe('systemView', () => {
  it('keeps links as links and folders as folders, drops the rest', () => {
    expect(
      systemView([
        { path: '/usr', isDirectory: true },
        { path: '/lib', symlinkTarget: 'usr/lib', isDirectory: false },
        { path: '/lib32', isDirectory: false },
      ]),
    ).toEqual([
      { kind: 'dir', path: '/usr' },
      { kind: 'symlink', path: '/lib', target: 'usr/lib' },
    ]);
  });
});

describe('systemPaths', () => {
  it('offers the system folders and their links, and nothing of /etc, /home, /root or the project', () => {
    expect(systemPaths).toEqual(['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']);
  });
});
