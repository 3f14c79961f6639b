/**
 * The engine with the real process runner: a hanging program is killed at the run's
 * timeout, a crashing program is reported, cancel kills a running process, and the
 * queue goes on. Test-only demos, defined here (they are not registered anywhere).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readFileSync } from 'node:fs';
import { RunError, defineDemoRunner } from '../demos/demo-context.ts';
import { createEngine, type AnyDemo } from './engine.ts';
import { runDemoToEnd } from './run-to-end.ts';
import { liveProcessGroupCount } from '../process/process-runner.ts';
import { testCacheDir } from '../../tests/support/test-paths.ts';

const pids: number[] = [];
/** unwound lists the demos whose function got past its exec (the process had ended). */
const unwound: string[] = [];
const manifest = (id: string, timeoutMs: number) => ({ id, title: id, params: z.object({}), result: z.record(z.string(), z.unknown()), requires: [], timeoutMs });

const demos: AnyDemo[] = [
  defineDemoRunner({
    manifest: manifest('hang', 1_500),
    run: async (ctx) => {
      await ctx.exec('sh', ['-c', 'echo $$; exec sleep 100'], { onStdoutLine: (line) => pids.push(Number(line)) });
      unwound.push('hang');
      throw new RunError('program-crashed', 'sleep ended early');
    },
  }),
  defineDemoRunner({
    manifest: manifest('crash', 10_000),
    run: async (ctx) => {
      const result = await ctx.exec('sh', ['-c', 'echo about to crash; kill -SEGV $$']);
      if (result.signal) throw new RunError('program-crashed', `sh was killed by ${result.signal}`, { source: 'sh', detail: result.stdout });
      ctx.result({ exit: result.exitCode });
    },
  }),
  defineDemoRunner({
    manifest: manifest('echo', 10_000),
    run: async (ctx) => {
      const dir = await ctx.tempDir();
      const result = await ctx.exec('sh', ['-c', 'pwd; echo done'], { cwd: dir });
      ctx.result({ exit: result.exitCode, out: result.stdout });
    },
  }),
];

function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * cancelGraceMs is how long the engine waits for a stopped demo to unwind. Far longer than
 * killing a process group takes even on a loaded 2-core machine: a run that ends before
 * it has ended because its process died, not because the engine gave up waiting.
 */
const cancelGraceMs = 60_000;

describe('engine with real processes', () => {
  const engine = createEngine({ demos, rootDir: process.cwd(), cacheDir: testCacheDir, detectToolchains: async () => [], log: () => undefined, cancelGraceMs });

  it('kills a hanging program at the run timeout; the next run works', async () => {
    unwound.length = 0;
    const { events, end } = await runDemoToEnd(engine, 'hang');
    expect(end.outcome).toBe('timeout');
    // The demo's exec returned (its process was killed) before the run ended.
    expect(unwound).toEqual(['hang']);
    expect(end.durationMs).toBeLessThan(cancelGraceMs);
    expect(events.filter((e) => e.type === 'error')).toMatchObject([{ code: 'timeout' }]);
    expect(pids).toHaveLength(1);
    expect(alive(pids[0]!)).toBe(false);
    expect(liveProcessGroupCount()).toBe(0);
    const next = await runDemoToEnd(engine, 'echo');
    expect(next.end.outcome).toBe('ok');
    expect(next.events.filter((e) => e.type === 'stdout').map((e) => (e as { text: string }).text).at(-1)).toBe('done\n');
  });

  it('reports a crashing program (SIGSEGV) as program-crashed', async () => {
    const { events, end } = await runDemoToEnd(engine, 'crash');
    expect(end.outcome).toBe('error');
    expect(events).toContainEqual(expect.objectContaining({ type: 'stdout', text: 'about to crash\n', source: 'sh' }));
    expect(events.at(-2)).toMatchObject({ type: 'error', code: 'program-crashed', message: 'sh was killed by SIGSEGV', source: 'sh' });
  });

  it('cancel kills the running process and ends the run as cancelled', async () => {
    pids.length = 0;
    const controller = new AbortController();
    const promise = runDemoToEnd(engine, 'hang', {}, { signal: controller.signal });
    while (pids.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    unwound.length = 0;
    controller.abort();
    const { end, events } = await promise;
    expect(end.outcome).toBe('cancelled');
    expect(events.some((e) => e.type === 'error')).toBe(false);
    // Ended once the killed process let the demo unwind, not at the end of the grace period.
    expect(unwound).toEqual(['hang']);
    expect(end.durationMs).toBeLessThan(cancelGraceMs);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive(pids[0]!)).toBe(false);
  });
});
