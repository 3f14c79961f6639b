import { describe, expect, it } from 'vitest';
import manifest from './manifest.ts';
import { ffiDefaultRuntimeIds, ffiRowLabel, ffiRuntimeIds, ffiRuntimes } from './runtimes.ts';

describe('ffi-overhead manifest', () => {
  it('has a default for every param', () => {
    expect(manifest.params.parse({})).toEqual({ runtimes: [...ffiDefaultRuntimeIds], batchesPerProcess: 20, batchUs: 2000, processes: 5, quickProcesses: 11, view: 'table' });
  });

  it('runs at least 16 table rows and both standalone checks by default, the extra JDK row only on request', () => {
    const rows = ffiDefaultRuntimeIds.filter((id) => ffiRuntimes[id].group !== 'fidelity');
    expect(rows.length).toBeGreaterThanOrEqual(16);
    expect(ffiDefaultRuntimeIds).toEqual(expect.arrayContaining(['c-so-noplt', 'bun-ffi', 'deno-ffi', 'go-cgo-noescape', 'go-cgo-nocallback', 'c-so-loop', 'go-cgo-loop']));
    expect(ffiDefaultRuntimeIds).not.toContain('java-jni-other');
    expect(manifest.params.parse({ runtimes: ['java-jni-other'] }).runtimes).toEqual(['java-jni-other']);
  });

  it('accepts a subset of runtimes and the ratio view', () => {
    expect(manifest.params.parse({ runtimes: ['c-so', 'go-cgo'], view: 'ratio', batchesPerProcess: 3 })).toMatchObject({
      runtimes: ['c-so', 'go-cgo'], view: 'ratio', batchesPerProcess: 3, batchUs: 2000,
    });
  });

  it('rejects unknown runtimes, empty lists and out-of-range numbers', () => {
    for (const bad of [
      { runtimes: ['cobol'] },
      { runtimes: [] },
      { runtimes: 'c-so' },
      { batchesPerProcess: 0 },
      { batchesPerProcess: 2.5 },
      { batchesPerProcess: 401 },
      { batchUs: 99 },
      { batchUs: 1_000_001 },
      { processes: 0 },
      { processes: 21 },
      { quickProcesses: 0 },
      { quickProcesses: 41 },
      { view: 'pie' },
    ]) {
      expect(manifest.params.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('names the JDK in the Java rows’ labels, from a version number or a JVM’s version line', () => {
    expect(ffiRowLabel('java-jni', '25.0.3')).toBe('Java 25 JNI wrapper + call');
    expect(ffiRowLabel('java-ffm', 'OpenJDK 64-Bit Server VM 25.0.3+9-LTS')).toBe('Java 25 FFM downcall');
    expect(ffiRowLabel('java-jni-other', '17.0.15')).toBe('Java 17 JNI wrapper + call (other JDK)');
    expect(ffiRowLabel('java-jni', '1.8.0_392')).toBe('Java 8 JNI wrapper + call');
    expect(ffiRowLabel('java-jni')).toBe('Java JNI wrapper + call');
    expect(ffiRowLabel('go-cgo', 'go1.26.8')).toBe('cgo');
  });

  it('names an unknown runtime in its error', () => {
    const parsed = manifest.params.safeParse({ runtimes: ['c-so', 'cobol'] });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.message)).toEqual([expect.stringMatching(/^unknown runtime "cobol" \(known: c-direct, c-so, /)]);
  });

  it('describes every runtime it accepts', () => {
    for (const id of ffiRuntimeIds) {
      expect(ffiRuntimes[id].id).toBe(id);
      expect(ffiRuntimes[id].label.length).toBeGreaterThan(2);
      expect(ffiRuntimes[id].toolchains.length).toBeGreaterThan(0);
    }
  });
});
