import { describe, expect, it } from 'vitest';
import { buildLimits, editedGoBuild, editedGoProgram, goPath, programLimits } from './edited-go.ts';

const input = { go: '/usr/local/go/bin/go', goroot: '/usr/local/go', workDir: '/tmp/cgo-deck-0/1-a/demo-x', cacheDir: '/p/.cache/edited-go/data', cgocheck2: false, cold: false };

describe('edited Go in the sandbox', () => {
  it('builds with the work folder and the cache writable, nothing else of the host', () => {
    const step = editedGoBuild(input);
    expect(step.cmd).toBe('/usr/local/go/bin/go');
    expect(step.args).toEqual(['build', '-o', 'prog', 'main.go']);
    expect(step.options.cwd).toBe('/src');
    expect(step.options.sandbox).toEqual({
      step: 'the build',
      mounts: [
        { host: input.workDir, dest: '/src', writable: true },
        { host: input.cacheDir, dest: '/cache', writable: true },
      ],
      limits: buildLimits(false),
    });
    expect(step.options.env).toEqual({
      PATH: '/usr/local/go/bin:/usr/bin:/bin',
      HOME: '/tmp',
      TMPDIR: '/tmp',
      GOENV: 'off',
      GOPATH: '/tmp/go',
      GOCACHE: '/cache',
      GOPROXY: 'off',
      GOTOOLCHAIN: 'local',
      GOFLAGS: '-buildvcs=false',
      CGO_ENABLED: '1',
    });
    expect(step.options.timeoutMs).toBe(45_000);
    expect(step.options.outputCapBytes).toBe(65_536);
    expect(step.options.source).toBe('go build');
  });

  it('gives a cold build longer and asks for cgocheck2 when wanted', () => {
    const step = editedGoBuild({ ...input, cold: true, cgocheck2: true });
    expect(step.options.timeoutMs).toBe(240_000);
    expect(step.options.sandbox?.limits.cpuMs).toBe(480_000);
    expect(step.options.env?.GOEXPERIMENT).toBe('cgocheck2');
    expect(editedGoBuild(input).options.sandbox?.limits.cpuMs).toBe(90_000);
  });

  it('shows a GOROOT outside /usr at its own path, read-only', () => {
    const step = editedGoBuild({ ...input, go: '/opt/go/bin/go', goroot: '/opt/go' });
    expect(step.options.sandbox?.mounts.at(-1)).toEqual({ host: '/opt/go', dest: '/opt/go' });
    expect(editedGoBuild({ ...input, goroot: '/usr' }).options.sandbox?.mounts).toHaveLength(2);
    expect(editedGoBuild({ ...input, goroot: '' }).options.sandbox?.mounts).toHaveLength(2);
    expect(editedGoBuild({ ...input, goroot: '/usrx/go' }).options.sandbox?.mounts).toHaveLength(3);
  });

  it('puts Go\'s bin folder first on PATH', () => {
    expect(goPath('/usr/local/go/bin/go', '/usr/local/go')).toBe('/usr/local/go/bin:/usr/bin:/bin');
    expect(goPath('/usr/bin/go', '/usr/lib/go-1.22')).toBe('/usr/lib/go-1.22/bin:/usr/bin:/bin');
    expect(goPath('go', '/opt/go')).toBe('/opt/go/bin:/usr/bin:/bin');
    expect(goPath('go', '')).toBe('/usr/bin:/bin');
    expect(goPath('/go', '')).toBe('/:/usr/bin:/bin');
  });

  it('runs the program with its folder read-only, in /tmp, without the cache', () => {
    const step = editedGoProgram(input.workDir);
    expect(step.cmd).toBe('/src/prog');
    expect(step.args).toEqual([]);
    expect(step.options.source).toBe('main.go');
    expect(step.options.cwd).toBe('/tmp');
    expect(step.options.sandbox).toEqual({ step: 'the program', mounts: [{ host: input.workDir, dest: '/src' }], limits: programLimits });
    expect(step.options.env).toEqual({ PATH: '/usr/bin:/bin', HOME: '/tmp', TMPDIR: '/tmp', GOTRACEBACK: 'single' });
    expect(step.options.timeoutMs).toBe(10_000);
  });

  it('limits builds and programs as measured', () => {
    expect(buildLimits(false)).toEqual({ memoryBytes: 2 ** 30, maxProcesses: 256, cpuMs: 90_000, tmpBytes: 512 * 2 ** 20, fileBytes: 256 * 2 ** 20 });
    expect(programLimits).toEqual({ memoryBytes: 2 ** 30, maxProcesses: 64, cpuMs: 10_000, tmpBytes: 64 * 2 ** 20, fileBytes: 64 * 2 ** 20 });
  });
});
