import { describe, expect, it } from 'vitest';
import { readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isRecordingTempName, removeStaleTempFiles, staleAfterMs } from './temp-files.ts';
import { createRecorder } from './recorder.ts';
import { createRun } from '../engine/run.ts';
import { createFakeClock } from '../engine/clock.ts';
import { makeTempDir } from '../../tests/support/temp-dir.ts';

describe('recording temp files', () => {
  it('knows the temp names of write-file-atomic and of the older recorder, nothing else', () => {
    for (const name of ['ffi-overhead.json.1234567890', 'threads-in-c--variant-max.json.1', '.ffi-overhead.json.a1b2c3d4.tmp']) expect(isRecordingTempName(name), name).toBe(true);
    for (const name of ['ffi-overhead.json', 'ffi-overhead.json.tmp', 'README.md', '.ffi-overhead.json.xyz.tmp', 'ffi-overhead.json.12a', '../x.json.1']) {
      expect(isRecordingTempName(name), name).toBe(false);
    }
  });

  it('removes orphaned temp files old enough, keeps fresh ones (another server writing) and everything else', async () => {
    const dir = await makeTempDir('rec-temp-');
    const old = (Date.now() - staleAfterMs - 60_000) / 1000;
    for (const name of ['a.json.123', '.b.json.abc.tmp', 'c.json.456', 'a.json', 'notes.txt']) await writeFile(join(dir, name), 'x');
    for (const name of ['a.json.123', '.b.json.abc.tmp', 'a.json', 'notes.txt']) await utimes(join(dir, name), old, old);
    expect((await removeStaleTempFiles(dir)).sort()).toEqual(['.b.json.abc.tmp', 'a.json.123']);
    expect((await readdir(dir)).sort()).toEqual(['a.json', 'c.json.456', 'notes.txt']);
    expect(await removeStaleTempFiles(join(dir, 'missing'))).toEqual([]);
  });

  it('is swept by the recorder before its first write', async () => {
    const dir = await makeTempDir('rec-temp-');
    await writeFile(join(dir, 'd.json.99'), '{"half": ');
    const old = (Date.now() - 2 * staleAfterMs) / 1000;
    await utimes(join(dir, 'd.json.99'), old, old);
    const recorder = createRecorder({ dir, keyOf: (demo) => demo, machine: async () => ({ cpuModel: 'c', cpuCount: 1, os: 'o', kernel: 'k', arch: 'x64', memoryBytes: 1, toolchains: {} }) });
    const run = createRun({ runId: 'r', demo: 'd', params: {}, dedupKey: 'k', clock: createFakeClock() });
    run.emit({ type: 'end', outcome: 'ok', durationMs: 1 });
    expect(await recorder.record(run)).toBe(join(dir, 'd.json'));
    expect((await readdir(dir)).sort()).toEqual(['d.json']);
  });
});
