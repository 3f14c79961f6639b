import { describe, expect, it } from 'vitest';
import manifest from './manifest.ts';
import { ffiRuntimeIds, ffiRuntimes } from './runtimes.ts';

describe('ffi-overhead manifest', () => {
  it('has a default for every param', () => {
    expect(manifest.params.parse({})).toEqual({ runtimes: [...ffiRuntimeIds], batches: 9, batchMs: 30, processes: 3, view: 'table' });
  });

  it('accepts a subset of runtimes and the ratio view', () => {
    expect(manifest.params.parse({ runtimes: ['c-so', 'go-cgo'], view: 'ratio', batches: 3 })).toMatchObject({
      runtimes: ['c-so', 'go-cgo'], view: 'ratio', batches: 3, batchMs: 30,
    });
  });

  it('rejects unknown runtimes, empty lists and out-of-range numbers', () => {
    for (const bad of [
      { runtimes: ['cobol'] },
      { runtimes: [] },
      { runtimes: 'c-so' },
      { batches: 0 },
      { batches: 2.5 },
      { batchMs: 1 },
      { batchMs: 100_000 },
      { processes: 0 },
      { processes: 11 },
      { view: 'pie' },
    ]) {
      expect(manifest.params.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('describes every runtime it accepts', () => {
    for (const id of ffiRuntimeIds) {
      expect(ffiRuntimes[id].id).toBe(id);
      expect(ffiRuntimes[id].label.length).toBeGreaterThan(2);
      expect(ffiRuntimes[id].toolchains.length).toBeGreaterThan(0);
    }
  });
});
