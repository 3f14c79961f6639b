/**
 * Hostile programs, sent through the real server as the pointer-rules editor sends them
 * (the speaker's token, POST /api/runs with main.go), one for each way an attacker tried:
 * leave the run, persist after it, write where a later run reads, reach the server, take
 * memory across many processes, fill /tmp and /dev/shm, fork-bomb, blow up the compiler.
 * Each ends killed or refused with a clear message; after each, the next run is clean
 * (nothing left in its /tmp, nothing of the hostile one running) and the server serves.
 * Last, a server killed with SIGKILL during a run leaves nothing running, and the next
 * start sweeps what it left.
 *
 * The programs name their processes `<tag>-…` (prctl; the tag is new for each run of this
 * file, so another checkout's suite running at the same time is not counted) so the host's /proc can be
 * searched for survivors. Needs go and cc, and the sandbox the doctor reports (in CI,
 * as root on cgroup v1: whole-run limits).
 */
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunEvent } from '../../demos/protocol.ts';
import { appDirName, readLayout } from '../../server/sandbox/cgroups.ts';
import { tempRootPath } from '../../server/sandbox/temp-root.ts';
import { testCacheDir } from '../support/test-paths.ts';
import { skipIfMissing } from '../support/toolchains.ts';

const rootDir = resolve(import.meta.dirname, '../..');

function has(cmd: string): boolean {
  try {
    execFileSync(cmd, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const toolchains = has('go') || existsSync('/usr/local/go/bin/go');
const goroot = toolchains ? execFileSync('go', ['env', 'GOROOT']).toString().trim() : '';

interface Server {
  child: ChildProcess;
  base: string;
  token: string;
  output: () => string;
}

async function startServer(recordings: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', '0', '--recordings', recordings, '--cache', testCacheDir], { cwd: rootDir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const match = /^Deck and demos: (http:\/\/\S+\/)#token=(\S+)$/m.exec(output);
    if (match && /^Edited code: /m.test(output)) return { child, base: match[1]!, token: decodeURIComponent(match[2]!), output: () => output };
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stopServer(server: Server | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  await once(server.child, 'exit');
}

/** runEdited starts a run of edited main.go as the speaker and returns all its events (the stream closes after `end`). */
async function runEdited(server: Server, source: string): Promise<{ events: RunEvent[]; error?: Extract<RunEvent, { type: 'error' }>; result?: Record<string, unknown>; out: string }> {
  const start = await fetch(`${server.base}api/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
    body: JSON.stringify({ demo: 'pointer-rules', files: { 'main.go': source } }),
  });
  expect(start.status, await start.clone().text()).toBe(202);
  const { runId } = (await start.json()) as { runId: string };
  const text = await (await fetch(`${server.base}api/runs/${runId}/events`)).text();
  const events = text
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice(6)) as RunEvent);
  expect(events.at(-1)?.type).toBe('end');
  const errors = events.filter((e): e is Extract<RunEvent, { type: 'error' }> => e.type === 'error' && e.code !== 'output-truncated');
  const result = events.find((e): e is Extract<RunEvent, { type: 'result' }> => e.type === 'result')?.data as Record<string, unknown> | undefined;
  const out = events.filter((e) => e.type === 'stdout' || e.type === 'stderr').map((e) => (e as { text: string }).text).join('');
  return { events, ...(errors.at(-1) ? { error: errors.at(-1)! } : {}), ...(result ? { result } : {}), out };
}

/** tag names this file's hostile processes: `h` and 4 random letters (prctl names hold 15 bytes). */
const tag = `h${Math.random().toString(36).slice(2, 6).padEnd(4, '0')}`;

/** hostileProcesses lists host processes named by one of this file's hostile programs. */
function hostileProcesses(): string[] {
  const found: string[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const comm = readFileSync(`/proc/${name}/comm`, 'utf8').trim();
      const state = readFileSync(`/proc/${name}/status`, 'utf8');
      if (comm.startsWith(`${tag}-`) && !/^State:\s+Z/m.test(state)) found.push(`${name} ${comm}`);
    } catch {
      // gone
    }
  }
  return found;
}

async function noHostileProcessesLeft(): Promise<void> {
  for (let i = 0; i < 40 && hostileProcesses().length > 0; i++) await new Promise((r) => setTimeout(r, 50));
  expect(hostileProcesses()).toEqual([]);
}

/** A clean program: it says what it finds in its /tmp and /dev/shm (nothing, in a fresh run). */
const cleanProgram = `package main

/*
#include <unistd.h>
*/
import "C"

import (
	"fmt"
	"os"
)

func main() {
	for _, dir := range []string{"/tmp", "/dev/shm"} {
		entries, _ := os.ReadDir(dir)
		for _, entry := range entries {
			fmt.Println("found", dir+"/"+entry.Name())
		}
	}
	fmt.Println("clean")
}
`;

/** expectCleanNextRun runs the clean program: nothing of the run before is left, and the server serves. */
async function expectCleanNextRun(server: Server): Promise<void> {
  const next = await runEdited(server, cleanProgram);
  expect(next.error).toBeUndefined();
  expect(next.result).toMatchObject({ verdict: 'clean' });
  expect(next.out).toBe('clean\n');
  expect((await fetch(`${server.base}api/health`)).status).toBe(200);
  await noHostileProcessesLeft();
}

/** cgo wraps C code (and Go imports and a main body) into a program. */
function cgo(c: string, imports: string[], body: string): string {
  return `package main\n\n/*\n#include <stdlib.h>\n#include <string.h>\n#include <unistd.h>\n#include <signal.h>\n#include <sys/prctl.h>\n${c}\n*/\nimport "C"\n\nimport (\n${imports.map((name) => `\t"${name}"`).join('\n')}\n)\n\nfunc main() {\n${body}\n}\n`;
}

let server: Server;
let recordings = '';
let sandboxLine = '';
beforeAll(async () => {
  if (!toolchains) return;
  recordings = await mkdtemp(join(tmpdir(), 'hostile-recordings-'));
  server = await startServer(recordings);
  sandboxLine = /^Edited code: (.*)$/m.exec(server.output())?.[1] ?? '';
});
afterAll(async () => {
  await stopServer(server);
  if (recordings) await rm(recordings, { recursive: true, force: true });
});

/**
 * needSandbox skips only where the doctor reports go, cc or bwrap missing; where they are
 * there but the server refuses edited code, the test fails with the server's reason.
 */
async function needSandbox(ctx: TestContext): Promise<void> {
  await skipIfMissing(ctx, 'go', 'cc', 'bwrap');
  if (!sandboxLine.startsWith('sandboxed')) throw new Error(`bwrap is installed but the server refuses edited code: ${sandboxLine || server.output()}`);
}

/** needWholeRunLimits is needSandbox for the limits that count the whole run (a cgroup per run: root). */
async function needWholeRunLimits(ctx: TestContext): Promise<void> {
  await needSandbox(ctx);
  if (!/whole-run limits/.test(sandboxLine)) throw new Error(`whole-run limits need a cgroup per run (run the tests as root): ${sandboxLine}`);
}

describe('hostile programs through the server', () => {
  it('a clean program runs clean (and fills the sandbox build cache once)', async (ctx) => {
    await needSandbox(ctx);
    await expectCleanNextRun(server);
  });

  it('leave the run: a child in a session of its own dies with the run', async (ctx) => {
    await needSandbox(ctx);
    const program = cgo(
      `static void escape(void) {
  if (fork() == 0) {
    setsid();
    if (fork() == 0) { prctl(PR_SET_NAME, "${tag}-escape"); for (;;) pause(); }
    _exit(0);
  }
}`,
      ['fmt', 'time'],
      '\tC.escape()\n\tfmt.Println("escaped")\n\ttime.Sleep(time.Hour)',
    );
    const run = await runEdited(server, program);
    expect(run.out).toContain('escaped');
    expect(run.error).toMatchObject({ code: expect.stringMatching(/^(timeout|limit-exceeded)$/), message: expect.stringMatching(/^killed/) });
    await expectCleanNextRun(server);
  });

  it('persist after it: nothing outside its private /tmp and /dev/shm is writable, and those go with the run', async (ctx) => {
    await needSandbox(ctx);
    const program = cgo(
      '',
      ['fmt', 'os'],
      `\tfor _, path := range []string{"/src/persist", "/persist", "/usr/persist", "/dev/persist", "/proc/persist", "/tmp/persist", "/dev/shm/persist"} {
\t\tif err := os.WriteFile(path, []byte("hostile-persist"), 0o644); err != nil {
\t\t\tfmt.Println("refused", path)
\t\t} else {
\t\t\tfmt.Println("wrote", path)
\t\t}
\t}`,
    );
    const run = await runEdited(server, program);
    for (const path of ['/src/persist', '/persist', '/usr/persist', '/dev/persist', '/proc/persist']) expect(run.out).toContain(`refused ${path}\n`);
    expect(run.out).toContain('wrote /tmp/persist\n');
    expect(run.out).toContain('wrote /dev/shm/persist\n');
    await expectCleanNextRun(server);
  });

  it('write where a later run reads: the Go build cache and Go itself are out of reach', async (ctx) => {
    await needSandbox(ctx);
    const realCache = join(tempRootPath(), 'edited-go-cache');
    const targets = ['/cache/hostile', `${realCache}/hostile`, `${goroot}/src/runtime/hostile.go`, `${goroot}/pkg/hostile`, '/src/prog'];
    const program = cgo(
      '',
      ['fmt', 'os', 'path/filepath'],
      `\tfor _, path := range []string{${targets.map((t) => JSON.stringify(t)).join(', ')}} {
\t\t_ = os.MkdirAll(filepath.Dir(path), 0o755)
\t\tif err := os.WriteFile(path, []byte("hostile-cache-marker"), 0o644); err != nil {
\t\t\tfmt.Println("refused", path)
\t\t} else {
\t\t\tfmt.Println("wrote", path)
\t\t}
\t}`,
    );
    const run = await runEdited(server, program);
    for (const path of ['/cache/hostile', `${goroot}/src/runtime/hostile.go`, `${goroot}/pkg/hostile`, '/src/prog']) expect(run.out).toContain(`refused ${path}\n`);
    // The real cache's path names only a folder in the program's own private /tmp.
    expect(existsSync(join(realCache, 'hostile'))).toBe(false);
    expect(existsSync(join(goroot, 'src/runtime/hostile.go'))).toBe(false);
    // The same program, edited by a space, builds from the same cache and runs the same.
    const again = await runEdited(server, `${program} `);
    expect(again.out).toBe(run.out);
    await expectCleanNextRun(server);
  });

  it('reach the server: no network, and the speaker token is nowhere to be read', async (ctx) => {
    await needSandbox(ctx);
    const port = new URL(server.base).port;
    const lan = Object.values(networkInterfaces()).flat().find((item) => item && !item.internal && item.family === 'IPv4')?.address;
    const targets = [`127.0.0.1:${port}`, `[::1]:${port}`, ...(lan ? [`${lan}:${port}`] : [])];
    const runsBefore = ((await (await fetch(`${server.base}api/runs`)).json()) as unknown[]).length;
    const program = cgo(
      '',
      ['fmt', 'net', 'os', 'path/filepath', 'strings', 'time'],
      `\tfor _, target := range []string{${targets.map((t) => JSON.stringify(t)).join(', ')}} {
\t\tconn, err := net.DialTimeout("tcp", target, 2*time.Second)
\t\tif err != nil {
\t\t\tfmt.Println("refused", target)
\t\t\tcontinue
\t\t}
\t\tfmt.Fprintf(conn, "POST /api/runs HTTP/1.0\\r\\nHost: 127.0.0.1\\r\\nContent-Type: application/json\\r\\nContent-Length: 24\\r\\n\\r\\n{\\"demo\\":\\"pointer-rules\\"}")
\t\tfmt.Println("reached", target)
\t}
\tfiles, _ := filepath.Glob("/proc/*/environ")
\tcmdlines, _ := filepath.Glob("/proc/*/cmdline")
\tfor _, file := range append(files, cmdlines...) {
\t\tdata, _ := os.ReadFile(file)
\t\tif strings.Contains(strings.ToLower(string(data)), "token") {
\t\t\tfmt.Println("found in", file, strings.ReplaceAll(string(data), "\\x00", " "))
\t\t}
\t}
\tfmt.Println("done")`,
    );
    const run = await runEdited(server, program);
    for (const target of targets) expect(run.out).toContain(`refused ${target}\n`);
    expect(run.out).not.toContain('reached');
    expect(run.out).toContain('done');
    expect(JSON.stringify(run.events)).not.toContain(server.token);
    const runsAfter = (await (await fetch(`${server.base}api/runs`)).json()) as unknown[];
    expect(runsAfter.length).toBe(runsBefore + 1);
    await expectCleanNextRun(server);
  });

  it('take memory across many processes: the run\'s memory counts them all', async (ctx) => {
    await needWholeRunLimits(ctx);
    const program = cgo(
      `static char *volatile kept;
static void hog(void) {
  for (int i = 0; i < 8; i++) {
    if (fork() == 0) {
      prctl(PR_SET_NAME, "${tag}-memory");
      size_t n = (size_t)200 << 20;
      kept = malloc(n); // kept where the compiler cannot drop it
      if (kept) memset(kept, 1, n);
      for (;;) pause();
    }
  }
}`,
      ['time'],
      '\tC.hog()\n\ttime.Sleep(time.Minute)',
    );
    const run = await runEdited(server, program);
    expect(run.error).toMatchObject({ code: 'limit-exceeded', message: 'killed: the program used its 1 GiB of memory' });
    await expectCleanNextRun(server);
  });

  it('fill /tmp and /dev/shm: stopped at their size, which is memory of the run', async (ctx) => {
    await needWholeRunLimits(ctx);
    const program = cgo(
      '',
      ['fmt', 'os', 'time'],
      `\tfor _, dir := range []string{"/tmp", "/dev/shm"} {
\t\tfor i := 0; ; i++ {
\t\t\tif err := os.WriteFile(fmt.Sprintf("%s/fill-%d", dir, i), make([]byte, 1<<20), 0o644); err != nil {
\t\t\t\tfmt.Println(dir, "full after", i, "MiB")
\t\t\t\tbreak
\t\t\t}
\t\t}
\t}
\ttime.Sleep(time.Minute)`,
    );
    const run = await runEdited(server, program);
    expect(run.error).toMatchObject({ code: 'limit-exceeded', message: 'killed: the program filled its 64 MiB of /tmp and /dev/shm' });
    await expectCleanNextRun(server);
  });

  it('fork bomb: stopped at the run\'s process limit', async (ctx) => {
    await needWholeRunLimits(ctx);
    const program = cgo(`static void bomb(void) { prctl(PR_SET_NAME, "${tag}-bomb"); for (;;) fork(); }`, [], '\tC.bomb()');
    const run = await runEdited(server, program);
    expect(run.error).toMatchObject({ code: 'limit-exceeded', message: 'killed: the program reached its limit of 64 processes and threads' });
    await expectCleanNextRun(server);
  });

  it('blow up the compiler: a macro bomb in the C preamble stops at the build\'s memory', async (ctx) => {
    await needWholeRunLimits(ctx);
    const defines = ['#define A0 1,', ...Array.from({ length: 30 }, (_, i) => `#define A${i + 1} A${i} A${i}`)].join('\n');
    const program = `package main\n\n/*\n${defines}\nstatic int bomb[] = { A30 };\n*/\nimport "C"\n\nfunc main() {}\n`;
    const run = await runEdited(server, program);
    expect(run.error).toMatchObject({ code: 'limit-exceeded', message: 'killed: the build used its 1 GiB of memory', source: 'go build' });
    expect(run.events.some((e) => e.type === 'status' && e.phase === 'running')).toBe(false);
    await expectCleanNextRun(server);
  });

  it('leaves no cgroup of a finished run behind', async (ctx) => {
    await needWholeRunLimits(ctx);
    const layout = readLayout();
    if (layout.version === 0) throw new Error(`whole-run limits without a cgroup tree: ${layout.reason}`);
    const appDir = join(layout.version === 1 ? layout.dirs.pids : layout.dir, appDirName);
    const instances = readdirSync(appDir).filter((name) => name.startsWith(`${server.child.pid}-`));
    expect(instances).toHaveLength(1);
    const steps = readdirSync(join(appDir, instances[0]!), { withFileTypes: true }).filter((entry) => entry.isDirectory());
    expect(steps).toEqual([]);
  });
});

describe('a server killed with SIGKILL during a run', () => {
  it('leaves nothing running, and the next start removes its temp folder and cgroups', async (ctx) => {
    await needSandbox(ctx);
    const doomed = await startServer(recordings);
    const program = cgo(`static void name(void) { prctl(PR_SET_NAME, "${tag}-orphan"); }`, ['fmt', 'time'], '\tC.name()\n\tfmt.Println("running")\n\ttime.Sleep(time.Hour)');
    const start = await fetch(`${doomed.base}api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${doomed.token}` },
      body: JSON.stringify({ demo: 'pointer-rules', files: { 'main.go': program } }),
    });
    expect(start.status).toBe(202);
    for (let i = 0; i < 1200 && hostileProcesses().length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(hostileProcesses()).toHaveLength(1);
    const pid = doomed.child.pid!;
    const tempRoot = tempRootPath();
    const leftBehind = readdirSync(tempRoot).filter((name) => name.startsWith(`${pid}-`));
    expect(leftBehind).toHaveLength(1);
    doomed.child.kill('SIGKILL');
    await once(doomed.child, 'exit');
    await noHostileProcessesLeft();

    const next = await startServer(recordings);
    try {
      expect(readdirSync(tempRoot).filter((name) => name.startsWith(`${pid}-`))).toEqual([]);
      expect(next.output()).toContain(join(tempRoot, leftBehind[0]!));
      const layout = readLayout();
      if (layout.version !== 0 && process.getuid?.() === 0) {
        const appDir = join(layout.version === 1 ? layout.dirs.pids : layout.dir, appDirName);
        expect(readdirSync(appDir).filter((name) => name.startsWith(`${pid}-`))).toEqual([]);
      }
      await expectCleanNextRun(next);
    } finally {
      await stopServer(next);
    }
  });
});
