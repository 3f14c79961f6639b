/**
 * Reasons 3 and 4 against the real Go toolchain: goroutines in C hold threads, `for {}`
 * hangs only without async preemption, the cgo pointer rules panic with the installed
 * Go's wording, and edited code that misbehaves is stopped by the runner's limits.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../demos/protocol.ts';
import { openEngine } from '../../server/engine/open-engine.ts';
import { runDemoToEnd } from '../../server/engine/run-to-end.ts';
import type { Engine } from '../../server/engine/engine.ts';
import { skipIfMissing } from '../support/toolchains.ts';
import { testCacheDir } from '../support/test-paths.ts';

const rootDir = resolve(import.meta.dirname, '../..');

/** goroot is the installed Go's GOROOT ('' without Go: every test below then skips). */
function goRoot(): string {
  try {
    return execFileSync('go', ['env', 'GOROOT']).toString().trim();
  } catch {
    return '';
  }
}
const goroot = goRoot();

let opened: Promise<Engine> | undefined;
/** engine opens the real engine once (no recordings: tests must not overwrite them). */
function engine(): Promise<Engine> {
  opened ??= openEngine({ rootDir, cacheDir: testCacheDir, record: false, log: () => undefined }).then((o) => o.engine);
  return opened;
}
afterAll(async () => {
  await (await opened)?.close();
});

type ErrorEvent = Extract<RunEvent, { type: 'error' }>;

/** runDemo runs a demo once through the engine the server uses. */
async function runDemo(id: string, params: Record<string, unknown>, files?: Record<string, string>) {
  const { events, end } = await runDemoToEnd(await engine(), id, params as never, files ? { files } : {});
  const result = events.find((e): e is Extract<RunEvent, { type: 'result' }> => e.type === 'result')?.data;
  const errors = events.filter((e): e is ErrorEvent => e.type === 'error');
  // The fatal error (if any) is the last error event, right before `end`.
  const error = end.outcome === 'ok' ? undefined : errors.at(-1);
  return { events, error, errors, result, end };
}

function program(body: string, imports = '"fmt"'): string {
  return `package main\n\n/*\n#include <unistd.h>\n*/\nimport "C"\n\nimport (\n\t${imports}\n)\n\nfunc main() {\n${body}\n}\n`;
}

describe('threads-in-c', () => {
  beforeEach((ctx) => skipIfMissing(ctx, 'go', 'cc'));
  it('gives many more threads to goroutines in C sleep than in time.Sleep', async () => {
    const { result, error } = await runDemo('threads-in-c', { n: 100, gomaxprocs: 2 });
    expect(error).toBeUndefined();
    const modes = (result as { modes: Record<string, { peakThreads: number }> }).modes;
    console.log('threads-in-c n=100 GOMAXPROCS=2:', JSON.stringify(modes));
    // ~104 on a quiet machine; a loaded one may sample before the last threads start.
    expect(modes.c?.peakThreads).toBeGreaterThanOrEqual(80);
    expect(modes.go?.peakThreads).toBeLessThan(20);
  });

  it('crashes with thread exhaustion under debug.SetMaxThreads, as a result', async () => {
    const { result, error, events } = await runDemo('threads-in-c', { n: 100, variant: 'max-threads', maxThreads: 50 });
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ crashed: true, fatal: 'fatal error: thread exhaustion' });
    expect(String((result as { runtimeMessage?: string }).runtimeMessage)).toContain('50-thread limit');
    expect(events.some((e) => e.type === 'error')).toBe(false);
  });
});

describe('preemption', () => {
  beforeEach((ctx) => skipIfMissing(ctx, 'go', 'cc'));
  it('hangs only with asyncpreemptoff=1, and a C loop never starves the ticker', async () => {
    const { result, error } = await runDemo('preemption', { scenario: 'all', seconds: 2 });
    expect(error).toBeUndefined();
    const byId = Object.fromEntries((result as { scenarios: Array<{ id: string; hung: boolean; ticks: number }> }).scenarios.map((s) => [s.id, s]));
    console.log('preemption:', JSON.stringify(byId));
    expect(byId['go-loop']).toMatchObject({ hung: false });
    expect(byId['go-loop']?.ticks).toBeGreaterThanOrEqual(10);
    expect(byId['go-loop-asyncpreemptoff']).toMatchObject({ hung: true, ticks: 0 });
    expect(byId['c-loop']).toMatchObject({ hung: false });
    expect(byId['c-loop']?.ticks).toBeGreaterThanOrEqual(10);
  });
});

describe('pointer-rules', () => {
  beforeEach((ctx) => skipIfMissing(ctx, 'go', 'cc'));
  it('panics with the installed Go wording', async () => {
    const { result, error } = await runDemo('pointer-rules', { variant: 'original' });
    expect(error).toBeUndefined();
    const { verdict, panic } = result as { verdict: string; panic: string };
    expect(verdict).toBe('panic');
    console.log('pointer-rules original:', panic);
    // The message must be the one this Go's runtime source spells (it builds it from a
    // literal and the kind name: "… unpinned Go " + "pointer").
    const message = panic.replace(/^panic: runtime error: /, '');
    const stem = message.slice(0, message.lastIndexOf(' ') + 1);
    const source = readFileSync(join(goroot, 'src/runtime/cgocall.go'), 'utf8');
    expect(source).toContain(`"${stem}"`);
  });

  it('runs clean with runtime.Pinner and with cgo.Handle', async () => {
    for (const variant of ['pinner', 'handle']) {
      const { result, error } = await runDemo('pointer-rules', { variant });
      expect(error).toBeUndefined();
      expect(result).toMatchObject({ verdict: 'clean', exitCode: 0 });
      expect(String((result as { stdout: string }).stdout)).toContain('sum: 313');
    }
  });

  it('is silent with a Go pointer in C memory, fatal under GOEXPERIMENT=cgocheck2', async () => {
    const silent = await runDemo('pointer-rules', { variant: 'c-malloc' });
    expect(silent.result).toMatchObject({ verdict: 'clean' });
    const checked = await runDemo('pointer-rules', { variant: 'c-malloc', cgocheck2: true });
    expect(checked.error).toBeUndefined();
    expect(checked.result).toMatchObject({ verdict: 'fatal' });
    console.log('pointer-rules c-malloc cgocheck2:', (checked.result as { fatal: string }).fatal);
    expect(String((checked.result as { fatal: string }).fatal)).toMatch(/Go pointer stored into non-Go memory/);
  });
});

describe('pointer-rules with bad edited code', () => {
  beforeEach((ctx) => skipIfMissing(ctx, 'go', 'cc'));
  it('reports compile errors as diagnostics and runs nothing', async () => {
    const original = readFileSync(join(rootDir, 'native/pointer-rules/original/main.go'), 'utf8');
    const lines = original.split('\n');
    const at = lines.findIndex((l) => l.includes('data := []byte("cgo")'));
    lines[at] = '\tdata := []byte("cgo"'; // unbalanced paren: a syntax error on this line
    const { error, events } = await runDemo('pointer-rules', {}, { 'main.go': lines.join('\n') });
    expect(error?.code).toBe('build-failed');
    expect(error?.diagnostics?.[0]).toMatchObject({ file: 'main.go', severity: 'error' });
    expect(error?.diagnostics?.map((d) => d.line)).toContain(at + 1);
    expect(events.some((e) => e.type === 'status' && e.phase === 'running')).toBe(false);
  });

  it('kills an endless loop at the limit', async () => {
    const { error } = await runDemo('pointer-rules', {}, { 'main.go': program('\tfor {\n\t}', '_ "fmt"') });
    // Wall time and CPU time are both 10 s: whichever is noticed first ends it.
    expect(error?.code).toMatch(/^(timeout|limit-exceeded)$/);
    expect(error?.message).toMatch(/^killed after 10 s|^killed: the program used its 10 s of CPU time$/);
  });

  it('cuts a flood of output with a notice', async () => {
    const { events } = await runDemo('pointer-rules', {}, { 'main.go': program('\tfor {\n\t\tfmt.Println("flood flood flood flood flood flood")\n\t}') });
    expect(events.some((e) => e.type === 'error' && e.code === 'output-truncated')).toBe(true);
    const truncations = events.filter((e) => e.type === 'error' && e.code === 'output-truncated');
    expect(truncations).toHaveLength(1);
  });

  it('stops an endless allocation and a fork bomb at their limits, saying which', async () => {
    const hog = program('\tvar keep [][]byte\n\tfor {\n\t\tkeep = append(keep, make([]byte, 1<<20))\n\t\tkeep[len(keep)-1][0] = 1\n\t}\n\tfmt.Println(len(keep))');
    const oom = await runDemo('pointer-rules', {}, { 'main.go': hog });
    expect(oom.error).toMatchObject({ code: 'limit-exceeded', message: 'killed: the program used its 1 GiB of memory' });
    const bomb = program('\tfor {\n\t\tC.fork()\n\t}', '_ "fmt"');
    const forked = await runDemo('pointer-rules', {}, { 'main.go': bomb });
    expect(forked.error).toMatchObject({ code: 'limit-exceeded', message: 'killed: the program reached its limit of 64 processes and threads' });
    // And the engine goes on serving.
    const after = await runDemo('pointer-rules', { variant: 'pinner' });
    expect(after.result).toMatchObject({ verdict: 'clean' });
  });

  it('runs edited code as an unprivileged user without the server environment', async () => {
    process.env.R34_SERVER_SECRET = 'do-not-leak';
    try {
      const probe = program('\tfmt.Println("uid", os.Getuid(), "secret", os.Getenv("R34_SERVER_SECRET") != "")', '"fmt"\n\t"os"');
      const { result } = await runDemo('pointer-rules', {}, { 'main.go': probe });
      const stdout = String((result as { stdout: string }).stdout);
      expect(stdout).toContain('secret false');
      if (process.getuid?.() === 0) expect(stdout).not.toContain('uid 0');
    } finally {
      delete process.env.R34_SERVER_SECRET;
    }
  });

  it('builds edited code in the sandbox: gcc cannot read the server\'s files', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const secretDir = await mkdtemp(join(tmpdir(), 'r34-secret-'));
    const secret = join(secretDir, 'secret.txt');
    await writeFile(secret, 'server-only\n', { mode: 0o600 });
    try {
      const thief = `package main\n\n/*\n__asm__(".section .rodata\\n.global stolen\\nstolen: .incbin \\"${secret}\\"\\n.byte 0\\n.text");\nextern char stolen;\n*/\nimport "C"\n\nimport "fmt"\n\nfunc main() { fmt.Println(C.GoString(&C.stolen)) }\n`;
      const { error, result } = await runDemo('pointer-rules', {}, { 'main.go': thief });
      expect(result).toBeUndefined();
      expect(error?.code).toBe('build-failed');
      expect(JSON.stringify(error)).not.toContain('server-only');
      // (Built as the server, this program prints the file: the sandbox does not show it.)
      expect(error?.detail ?? '').toMatch(/Permission denied|file not found/i);
    } finally {
      await rm(secretDir, { recursive: true, force: true });
    }
  });

  it('refuses unknown file names and huge files', async () => {
    const unknown = await runDemo('pointer-rules', {}, { 'go.mod': 'module x' });
    expect(unknown.error?.code).toBe('bad-request');
    const huge = await runDemo('pointer-rules', {}, { 'main.go': `package main\n//${'x'.repeat(70_000)}\n` });
    expect(huge.error?.code).toBe('bad-request');
  });
});
