import { describe, expect, it } from 'vitest';
import { addFfiSample, createFfiRunState } from './run-state.ts';

describe('run state of the FFI demo', () => {
  it('keeps each batch’s adjacent sentinel reading in step with its figures, and the closing reading after the last batch', () => {
    const state = createFfiRunState(['c-so']);
    const spin = (ghz: number) => addFfiSample(state, 'c-so', { round: 2, spinAdds: ghz * 1e5, spinNs: 1e5, spinCpuNs: 1e5 });
    spin(3.7);
    addFfiSample(state, 'c-so', { round: 2, iterations: 1000, durationNs: 2500, nsPerCall: 2.5, cpuNs: 2500, clockGHz: 3.7 });
    spin(2);
    const p = () => state.processes['c-so']![0]!;
    // A reading with no batch after it (yet) is the closing one.
    expect(p().closingGHz).toBe(2);
    addFfiSample(state, 'c-so', { round: 2, iterations: 1000, durationNs: 4000, nsPerCall: 4 });
    expect(p().closingGHz).toBeNaN();
    spin(3.6);
    expect(p()).toMatchObject({ round: 2, nsPerCall: [2.5, 4], cpuNsPerCall: [2.5, NaN], cpuShare: [1, NaN], clockGHz: [3.7, NaN], closingGHz: 3.6 });
    expect(p().spins).toHaveLength(3);
  });
});
