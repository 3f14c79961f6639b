import { describe, expect, it } from 'vitest';
import { createRandom, planRounds, shuffled } from './shuffled-rounds.ts';

describe('createRandom', () => {
  it('is deterministic per seed and stays in [0, 1)', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(createRandom(43)()).not.toBe(xs[0]);
  });

  it('is mulberry32: a seed reported by an old run replays its order', () => {
    // Reference values of mulberry32 (also computed by an independent implementation).
    const one = createRandom(1);
    expect([one(), one(), one()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
    const answer = createRandom(42);
    expect([answer(), answer(), answer()]).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
  });
});

describe('planRounds', () => {
  const releases = ['go1.10.8', 'go1.20.14', 'go1.25.14', 'go1.26.8'];

  it('runs every release once per round', () => {
    const plan = planRounds(releases, 12, createRandom(1));
    expect(plan).toHaveLength(12);
    for (const round of plan) expect([...round].sort()).toEqual([...releases].sort());
  });

  it('shuffles: rounds differ and no release always goes first', () => {
    const plan = planRounds(releases, 40, createRandom(7));
    expect(new Set(plan.map((round) => round.join())).size).toBeGreaterThan(10);
    const firsts = new Set(plan.map((round) => round[0]));
    expect(firsts.size).toBe(releases.length);
    // Each release leads roughly a quarter of the rounds (not 0, not all).
    for (const release of releases) expect(plan.filter((round) => round[0] === release).length).toBeGreaterThan(3);
  });

  it('never runs the same binary twice in a row across a round boundary', () => {
    for (let seed = 0; seed < 50; seed++) {
      const plan = planRounds(releases, 10, createRandom(seed));
      for (let r = 1; r < plan.length; r++) expect(plan[r]![0]).not.toBe(plan[r - 1]![releases.length - 1]);
    }
  });

  it('replays the same order from the same seed', () => {
    expect(planRounds(releases, 5, createRandom(99))).toEqual(planRounds(releases, 5, createRandom(99)));
  });

  it('handles one release and leaves its input alone', () => {
    expect(planRounds(['go1.26.8'], 3, createRandom(1))).toEqual([['go1.26.8'], ['go1.26.8'], ['go1.26.8']]);
    const input = [1, 2, 3];
    shuffled(input, createRandom(3));
    expect(input).toEqual([1, 2, 3]);
  });
});
