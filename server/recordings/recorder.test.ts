import { describe, expect, it } from 'vitest';
import { link, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MachineInfo, Recording } from '../../demos/protocol.ts';
import { createFakeClock } from '../engine/clock.ts';
import { createRun } from '../engine/run.ts';
import { z } from 'zod';
import { defineDemo } from '../../demos/define-demo.ts';
import { createRecorder, formatRecording, isRecordable, isValidDemoId, recordableKey, recordingFromRun } from './recorder.ts';
import { parseCpuModel, parseOsRelease } from './machine-info.ts';
import { makeTempDir } from '../../tests/support/temp-dir.ts';

const machine: MachineInfo = { cpuModel: 'CPU', cpuCount: 2, os: 'OS', kernel: 'k', arch: 'x64', memoryBytes: 1, toolchains: { go: '1.22' } };

const myDemo = defineDemo({
  id: 'my-demo',
  title: 'My demo',
  params: z.object({ n: z.number().int().default(1), view: z.enum(['a', 'b']).default('a') }),
  result: z.object({}),
  displayParams: ['view'],
  requires: [],
  timeoutMs: 1000,
});
const keyOf = (_demo: string, params: Record<string, unknown>) => recordableKey(myDemo, params as never);

function finishedRun(outcome: 'ok' | 'error', files?: Record<string, string>, params: Record<string, number | string> = { n: 1 }) {
  const run = createRun({ runId: 'r1', demo: 'my-demo', params, dedupKey: 'k', clock: createFakeClock(), ...(files ? { files } : {}) });
  run.emit({ type: 'queued', position: 0 });
  run.emit({ type: 'stdout', text: 'hi\n' });
  run.emit({ type: 'end', outcome, durationMs: 1 });
  return run;
}

describe('recordings', () => {
  it('writes ok runs atomically, one event per line, and reads them back', async () => {
    const dir = await makeTempDir('rec-test-');
    const recorder = createRecorder({ dir, keyOf, machine: async () => machine, now: () => new Date('2026-01-02T03:04:05Z') });
    const file = await recorder.record(finishedRun('ok'));
    expect(file).toBe(join(dir, 'my-demo.json'));
    expect(await readdir(dir)).toEqual(['my-demo.json']);
    const text = await readFile(file!, 'utf8');
    expect(text.split('\n').filter((line) => line.includes('"seq"'))).toHaveLength(3);
    const recording = JSON.parse(text) as Recording;
    expect(recording).toMatchObject({ format: 1, demo: 'my-demo', params: { n: 1 }, recordedAt: '2026-01-02T03:04:05.000Z', machine, outcome: 'ok' });
    expect(recording.events.map((event) => event.seq)).toEqual([1, 2, 3]);
    expect(await recorder.read('my-demo')).toEqual(recording);
    expect(await recorder.read('../etc/passwd')).toBeUndefined();
    expect(await recorder.read('other')).toBeUndefined();
  });

  it('replaces a recording by renaming a complete new file over it, never rewriting it in place', async () => {
    const dir = await makeTempDir('rec-test-');
    const recorder = createRecorder({ dir, keyOf, machine: async () => machine });
    const file = (await recorder.record(finishedRun('ok')))!;
    // A second name for the first file: a write in place would change what it holds,
    // a rename puts a new file under the name and leaves the old one whole.
    await link(file, join(dir, 'first-copy'));
    const before = await readFile(file, 'utf8');
    await recorder.record(finishedRun('ok'));
    expect((await stat(file)).ino).not.toBe((await stat(join(dir, 'first-copy'))).ino);
    expect(await readFile(join(dir, 'first-copy'), 'utf8')).toBe(before);
    expect((await readdir(dir)).sort()).toEqual(['first-copy', 'my-demo.json']);
  });

  it('removes its temp file and keeps the old recording when the rename fails', async () => {
    const dir = await makeTempDir('rec-test-');
    const recorder = createRecorder({ dir, keyOf, machine: async () => machine });
    // A folder where the recording should go: the rename of the written temp file fails.
    await mkdir(join(dir, 'my-demo.json'));
    await expect(recorder.record(finishedRun('ok'))).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['my-demo.json']);
  });

  it('writes each run to its own key only, never over another key', async () => {
    const dir = await makeTempDir('rec-test-');
    const recorder = createRecorder({ dir, keyOf, machine: async () => machine });
    await recorder.record(finishedRun('ok'));
    expect(await recorder.record(finishedRun('ok', undefined, { n: 2 }))).toBe(join(dir, 'my-demo--n-2.json'));
    expect((await readdir(dir)).sort()).toEqual(['my-demo--n-2.json', 'my-demo.json']);
    expect((await recorder.read('my-demo--n-2'))?.params).toEqual({ n: 2 });
    expect((await recorder.read('my-demo'))?.params).toEqual({ n: 1 });
    expect(await recorder.read('my-demo--../x')).toBeUndefined();
  });

  it('does not record a run whose display-only params are not at their defaults', async () => {
    const dir = await makeTempDir('rec-test-');
    const recorder = createRecorder({ dir, keyOf, machine: async () => machine });
    expect(await recorder.record(finishedRun('ok', undefined, { n: 1, view: 'b' }))).toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
    expect(keyOf('my-demo', { n: 1, view: 'a' })).toBe('my-demo');
  });

  it('carries the machine-speed check, and does not write a flagged run over a quiet recording unless forced', async () => {
    const dir = await makeTempDir('rec-test-');
    const logged: string[] = [];
    const recorder = createRecorder({ dir, keyOf, machine: async () => machine, log: (m) => logged.push(m) });
    const check = (flagged: boolean) => ({
      rateGHz: flagged ? 1.9 : 3.6, bestRateGHz: 3.7, slowdownPct: flagged ? 49 : 3, cpuSharePct: 99.8, stealPct: 0, inflatedPct: flagged ? 95 : null,
      loadAvg: 0.3, cpuCount: 2, flagged, reasons: flagged ? ['clock 1.90 GHz, 49 % below the best 3.70 GHz'] : [],
    });
    const timed = (flagged: boolean) => {
      const run = createRun({ runId: flagged ? 'slow' : 'quiet', demo: 'my-demo', params: {}, dedupKey: 'k', clock: createFakeClock() });
      run.emit({ type: 'result', data: { machineSpeed: check(flagged) } });
      run.emit({ type: 'end', outcome: 'ok', durationMs: 1 });
      return run;
    };
    expect(await recorder.record(timed(false))).toBe(join(dir, 'my-demo.json'));
    expect((await recorder.read('my-demo'))?.machineSpeed).toEqual(check(false));
    expect(await recorder.record(timed(true))).toBeUndefined();
    expect(logged).toEqual([expect.stringMatching(/^my-demo \(slow\) not recorded over .*my-demo\.json: clock 1\.90 GHz, 49 % below the best 3\.70 GHz, while the recording there was measured on a quiet machine; use --force to save it anyway$/)]);
    expect((await recorder.read('my-demo'))?.machineSpeed?.flagged).toBe(false);
    expect(await recorder.record(timed(true), { force: true })).toBe(join(dir, 'my-demo.json'));
    expect((await recorder.read('my-demo'))?.machineSpeed?.flagged).toBe(true);
  });

  it('skips failed runs and runs of edited code', async () => {
    expect(isRecordable(finishedRun('error'))).toBe(false);
    expect(isRecordable(finishedRun('ok', { 'main.go': 'x' }))).toBe(false);
    expect(isRecordable(finishedRun('ok'))).toBe(true);
  });

  it('formatRecording is valid JSON', () => {
    const run = finishedRun('ok');
    const recording: Recording = { format: 1, demo: 'd', params: {}, recordedAt: 'x', machine, outcome: 'ok', events: [...run.events] };
    expect(JSON.parse(formatRecording(recording))).toEqual(recording);
    expect(JSON.parse(formatRecording({ ...recording, events: [] }))).toEqual({ ...recording, events: [] });
  });

  it('parses /proc/cpuinfo and /etc/os-release', () => {
    expect(parseCpuModel('processor\t: 0\nmodel name\t: AMD EPYC 7B13\nflags\t: x')).toBe('AMD EPYC 7B13');
    expect(parseOsRelease('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"')).toBe('Debian GNU/Linux 12 (bookworm)');
    expect(parseOsRelease('NAME=Alpine\nVERSION=3.20')).toBe('Alpine 3.20');
  });

  it('writes nothing for a run it must not keep, and says so', async () => {
    const dir = await makeTempDir('rec-test-');
    const recorder = createRecorder({ dir, keyOf, machine: async () => machine });
    expect(await recorder.record(finishedRun('error'))).toBeUndefined();
    expect(await recorder.record(finishedRun('ok', { 'main.go': 'x' }))).toBeUndefined();
    const badKey = createRecorder({ dir, keyOf: () => '../escape', machine: async () => machine });
    expect(await badKey.record(finishedRun('ok'))).toBeUndefined();
    const noKey = createRecorder({ dir, keyOf: () => undefined, machine: async () => machine });
    expect(await noKey.record(finishedRun('ok'))).toBeUndefined();
    const running = createRun({ runId: 'r2', demo: 'my-demo', params: { n: 1 }, dedupKey: 'k', clock: createFakeClock() });
    expect(await recorder.record(running)).toBeUndefined();
    const oddDemo = createRun({ runId: 'r3', demo: 'My_Demo', params: { n: 1 }, dedupKey: 'k', clock: createFakeClock() });
    oddDemo.emit({ type: 'end', outcome: 'ok', durationMs: 1 });
    expect(await recorder.record(oddDemo)).toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
  });

  it('demo ids for file names: kebab-case, at most 100 characters', () => {
    expect(isValidDemoId('a-1-b')).toBe(true);
    expect(isValidDemoId('a'.repeat(100))).toBe(true);
    expect(isValidDemoId('a'.repeat(101))).toBe(false);
    for (const id of ['', 'A', 'a--b', '-a', 'a-', 'a_b', 'a/b', 'x.json']) expect(isValidDemoId(id), id).toBe(false);
  });

  it('recordingFromRun copies the run and its events', () => {
    const run = finishedRun('ok');
    const recording = recordingFromRun(run, machine, '2026-01-01T00:00:00.000Z');
    expect(recording).toEqual({ format: 1, demo: 'my-demo', params: { n: 1 }, recordedAt: '2026-01-01T00:00:00.000Z', machine, outcome: 'ok', events: [...run.events] });
    expect(recording.events).not.toBe(run.events);
    const unfinished = createRun({ runId: 'r9', demo: 'my-demo', params: {}, dedupKey: 'k', clock: createFakeClock() });
    expect(recordingFromRun(unfinished, machine, 'x').outcome).toBe('error');
  });

  it('reads no file outside its folder, whatever key it is asked for', async () => {
    const parent = await makeTempDir('rec-test-');
    const dir = join(parent, 'recordings');
    await mkdir(dir);
    await writeFile(join(parent, 'outside.json'), JSON.stringify({ format: 1 }));
    const recorder = createRecorder({ dir, keyOf, machine: async () => machine });
    expect(await recorder.read('../outside')).toBeUndefined();
  });

  it('refuses to replace a quiet recording without a log to tell', async () => {
    const dir = await makeTempDir('rec-test-');
    const recorder = createRecorder({ dir, keyOf, machine: async () => machine });
    const timed = (flagged: boolean) => {
      const run = createRun({ runId: 'r', demo: 'my-demo', params: {}, dedupKey: 'k', clock: createFakeClock() });
      const machineSpeed = { rateGHz: 3, bestRateGHz: 3.7, slowdownPct: flagged ? 40 : 1, cpuSharePct: 99, stealPct: 0, inflatedPct: null, loadAvg: 0.1, cpuCount: 2, flagged, reasons: flagged ? ['slow'] : [] };
      run.emit({ type: 'result', data: { machineSpeed } });
      run.emit({ type: 'end', outcome: 'ok', durationMs: 1 });
      return run;
    };
    await recorder.record(timed(false));
    expect(await recorder.record(timed(true))).toBeUndefined();
    expect((await recorder.read('my-demo'))?.machineSpeed?.flagged).toBe(false);
  });
});

