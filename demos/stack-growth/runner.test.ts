/**
 * The stack-growth runner against a fake context: canned program output in, events out.
 * No Go needed; the integration test runs the real program.
 */
import { describe, expect, it } from 'vitest';
import type { DemoContext, ExecOptions, ExecResult } from '../../server/demos/demo-context.ts';
import runner from '../../server/demos/runners/stack-growth.ts';

const output = [
  '{"event":"start","startingStackBytes":2048}',
  '{"event":"sample","depth":0,"anchorAddr":4096,"heapAddr":999,"inUseBytes":152}',
  '{"event":"moved","depth":6,"fromAddr":4096,"toAddr":8192,"inUseBytes":1112}',
  'garbage',
  '{"event":"sample","depth":100,"anchorAddr":8192,"heapAddr":999,"inUseBytes":16152}',
  '{"event":"done","depth":100,"moves":1}',
];

function fakeContext(lines: string[], exitCode = 0): { ctx: DemoContext<{ depth: number; samples: number; pauseMs: number }>; events: unknown[]; calls: string[][] } {
  const events: unknown[] = [];
  const calls: string[][] = [];
  const ctx = {
    runId: 'r1',
    params: { depth: 100, samples: 10, pauseMs: 0 },
    files: undefined,
    signal: new AbortController().signal,
    toolchains: { go: { found: true, version: '1.26.8' } },
    rootDir: '/project',
    status: (phase: string, message: string) => events.push({ type: 'status', phase, message }),
    progress: (message: string, extra?: object) => events.push({ type: 'progress', message, ...extra }),
    sample: (key: string, values: Record<string, number>) => events.push({ type: 'sample', key, values }),
    result: (data: unknown) => events.push({ type: 'result', data }),
    error: (code: string, message: string) => events.push({ type: 'error', code, message }),
    stdout: () => undefined,
    stderr: () => undefined,
    build: async () => ({ ok: true, outDir: '/cache/x', cached: true, durationMs: 1, log: '' }),
    tempDir: async () => '/tmp/x',
    exec: async (cmd: string, args: string[], options: ExecOptions = {}): Promise<ExecResult> => {
      calls.push([cmd, ...args]);
      for (const line of lines) options.onStdoutLine?.(line);
      return { exitCode, signal: null, timedOut: false, cancelled: false, truncated: false, stdout: lines.join('\n'), stderr: exitCode ? 'boom' : '', durationMs: 5 };
    },
  } as unknown as DemoContext<{ depth: number; samples: number; pauseMs: number }>;
  return { ctx, events, calls };
}

describe('stack-growth runner', () => {
  it('turns the program’s lines into samples and a result, with argument arrays', async () => {
    const { ctx, events, calls } = fakeContext(output);
    await runner.run(ctx);
    expect(calls).toEqual([['/cache/x/stackgrowth', '-depth', '100', '-every', '10', '-pause', '0ms']]);
    const samples = events.filter((e) => (e as { type: string }).type === 'sample');
    expect(samples).toEqual([
      { type: 'sample', key: 'depth', values: { depth: 0, inUseBytes: 152, anchorAddr: 4096, heapAddr: 999 } },
      { type: 'sample', key: 'moved', values: { depth: 6, fromAddr: 4096, toAddr: 8192, inUseBytes: 1112 } },
      { type: 'sample', key: 'depth', values: { depth: 100, inUseBytes: 16152, anchorAddr: 8192, heapAddr: 999 } },
    ]);
    expect(events).toContainEqual({ type: 'error', code: 'internal', message: '1 output lines were not understood' });
    const result = events.find((e) => (e as { type: string }).type === 'result') as { data: Record<string, unknown> };
    expect(result.data).toMatchObject({
      goVersion: 'go1.26.8',
      startingStackBytes: 2048,
      moveCount: 1,
      moves: [{ depth: 6, fromAddr: '0x1000', toAddr: '0x2000', inUseBytes: 1112 }],
      heapAddr: '0x3e7',
      heapAddrStable: true,
      bytesPerFrame: 160,
    });
  });

  it('fails with the program’s stderr when it crashes', async () => {
    const { ctx } = fakeContext(output.slice(0, 2), 2);
    await expect(runner.run(ctx)).rejects.toMatchObject({ code: 'program-crashed', extra: { detail: 'boom' } });
  });
});
