import { describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MachineInfo, Recording } from '../../demos/protocol.ts';
import { createFakeClock } from '../engine/clock.ts';
import { createRun } from '../engine/run.ts';
import { createRecorder, formatRecording, isRecordable } from './recorder.ts';
import { parseCpuModel, parseOsRelease } from './machine-info.ts';

const machine: MachineInfo = { cpuModel: 'CPU', cpuCount: 2, os: 'OS', kernel: 'k', arch: 'x64', memoryBytes: 1, toolchains: { go: '1.22' } };

function finishedRun(outcome: 'ok' | 'error', files?: Record<string, string>) {
  const run = createRun({ runId: 'r1', demo: 'my-demo', params: { n: 1 }, dedupKey: 'k', clock: createFakeClock(), ...(files ? { files } : {}) });
  run.emit({ type: 'queued', position: 0 });
  run.emit({ type: 'stdout', text: 'hi\n' });
  run.emit({ type: 'end', outcome, durationMs: 1 });
  return run;
}

describe('recordings', () => {
  it('writes ok runs atomically, one event per line, and reads them back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rec-test-'));
    const recorder = createRecorder({ dir, machine: async () => machine, now: () => new Date('2026-01-02T03:04:05Z') });
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

  it('also writes the newest run of a recording variant to its own file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rec-test-'));
    const defaults = { n: 1 };
    const recorder = createRecorder({ dir, machine: async () => machine, variantsOf: () => ({ names: ['n'], defaults }) });
    await recorder.record(finishedRun('ok'));
    expect((await readdir(dir)).sort()).toEqual(['my-demo--1.json', 'my-demo.json']);
    // A run of another variant does not replace the default one that param-less slides replay.
    defaults.n = 2;
    await rm(join(dir, 'my-demo.json'));
    expect(await recorder.record(finishedRun('ok'))).toBe(join(dir, 'my-demo--1.json'));
    expect((await readdir(dir)).sort()).toEqual(['my-demo--1.json']);
    expect((await recorder.read('my-demo--1'))?.demo).toBe('my-demo');
    expect(await recorder.read('my-demo--../x')).toBeUndefined();
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
});
