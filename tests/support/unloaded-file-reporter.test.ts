import { describe, expect, it } from 'vitest';
import { markUnloadedFiles, type TestFileTask } from './unloaded-file-reporter.ts';

describe('markUnloadedFiles', () => {
  it('turns a file that failed without tests into one failed test with its error', () => {
    const unloaded: TestFileTask = { id: 'f1', name: 'demos/x.test.ts', tasks: [], result: { state: 'fail', errors: [{ message: 'release list entry 1: bad' }] } };
    expect(markUnloadedFiles([unloaded])).toBe(1);
    expect(unloaded.tasks).toEqual([
      expect.objectContaining({ type: 'test', name: 'demos/x.test.ts loads', mode: 'run', file: unloaded, suite: unloaded, result: { state: 'fail', errors: [{ message: 'release list entry 1: bad' }] } }),
    ]);
  });

  it('gives a failure without an error message of its own one that names the file', () => {
    const unloaded: TestFileTask = { id: 'f2', name: 'a.test.ts', tasks: [], result: { state: 'fail' } };
    markUnloadedFiles([unloaded]);
    expect(unloaded.tasks).toEqual([expect.objectContaining({ result: { state: 'fail', errors: [{ message: 'a.test.ts did not load' }] } })]);
  });

  it('leaves files that loaded alone, passing or failing, and files not run', () => {
    const passed: TestFileTask = { id: 'p', name: 'p.test.ts', tasks: [{ type: 'test' }], result: { state: 'pass' } };
    const failed: TestFileTask = { id: 'q', name: 'q.test.ts', tasks: [{ type: 'test' }], result: { state: 'fail' } };
    const empty: TestFileTask = { id: 'e', name: 'e.test.ts', tasks: [], result: { state: 'pass' } };
    const notRun: TestFileTask = { id: 'n', name: 'n.test.ts', tasks: [] };
    expect(markUnloadedFiles([passed, failed, empty, notRun])).toBe(0);
    expect([passed, failed, empty, notRun].map((file) => file.tasks.length)).toEqual([1, 1, 0, 0]);
  });
});
