/**
 * The FFI table from the outside: `npm run bench` really builds and runs a few harnesses
 * and prints the table with each row's machine-speed check (Markdown and JSON), an unknown
 * runtime is refused naming it (exit 2 from the CLI, a bad request naming it from the
 * engine, which HTTP answers with 400), before anything is built.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FfiResult } from '../../demos/ffi-overhead/summary.ts';
import { EngineError } from '../../server/engine/engine.ts';
import { openEngine } from '../../server/engine/open-engine.ts';

const root = resolve(import.meta.dirname, '../..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const run = promisify(execFile);
let cache = '';

/** bench runs `npm run bench` (server/cli/bench.ts) and returns how it ended. */
async function bench(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(tsx, ['server/cli/bench.ts', '--cache', cache, ...args], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  cache = await mkdtemp(join(tmpdir(), 'ffi-cli-'));
});
afterAll(async () => {
  if (cache) await rm(cache, { recursive: true, force: true });
});

const few = ['--only', 'c-direct,c-so,go-cgo', '--batches-per-process', '1', '--processes', '2', '--batch-us', '10000'];

describe('npm run bench', () => {
  it('prints the Markdown table with the machine-speed check of every row', async () => {
    const { code, stdout, stderr } = await bench([...few, '--markdown']);
    expect(code, stderr).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^\| runtime \| 2018 ns \| median ns \|.*\| GHz \| x C \.so \|.*\| procs×batches \|/);
    // One batch in each of two processes: both make the figure, or only the one at full clock.
    expect(lines.find((l) => l.startsWith('| cgo |'))).toMatch(/\| \d+\.\d\dx? \|.*\| [12]×1 \| [012]\/2 \|/);
    expect(stdout).toMatch(/^- machine check: \d+\.\d\d GHz effective clock/m);
    expect(stdout).toContain('- median: median over 2 interleaved rounds');
  });

  it('gives the new fields in JSON', async () => {
    const { code, stdout } = await bench([...few, '--json']);
    expect(code).toBe(0);
    const { result } = JSON.parse(stdout) as { result: FfiResult };
    expect(result.rounds).toBe(2);
    // A round counts in a ratio when both rows have a batch in it that the figures use.
    expect(result.cgo.ratioToCSoByRound.length).toBeLessThanOrEqual(2);
    expect(result.fullClock).toMatchObject({ batches: 6, minGHz: expect.any(Number), referenceGHz: expect.any(Number) });
    expect(result.machineSpeed).toMatchObject({ flagged: expect.any(Boolean), cpuCount: expect.any(Number) });
    for (const row of result.rows) {
      expect(row.fullClock).toMatchObject({ processes: 2, batches: 2 });
      expect(row.processes).toBeGreaterThanOrEqual(1);
      expect(row.machine.rateGHz).toBeGreaterThan(0.1);
      expect(row.flag === null || /^machine slowed down: figures inflated ≈ \d+ %$/.test(row.flag)).toBe(true);
    }
  });

  it('refuses an unknown runtime with exit 2, naming it, before building anything', async () => {
    const { code, stderr } = await bench(['--only', 'c-so,cobol']);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown runtime cobol');
  });
});

describe('the engine behind the HTTP API', () => {
  it('refuses an unknown runtime as a bad request naming it (HTTP: 400)', async () => {
    const { engine } = await openEngine({ cacheDir: cache, record: false, log: () => undefined });
    try {
      let caught: unknown;
      try {
        engine.start({ demo: 'ffi-overhead', params: { runtimes: ['c-so', 'cobol'] } });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(EngineError);
      expect((caught as EngineError).issues.join('\n')).toContain('unknown runtime "cobol"');
      expect((caught as EngineError).status ?? 400).toBe(400);
      expect(engine.runs()).toEqual([]);
    } finally {
      await engine.close();
    }
  });
});
