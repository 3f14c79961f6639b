/**
 * The order in which a sweep runs its binaries: rounds, each a fresh shuffle of every
 * release. Interleaving puts a slow moment of the machine (another process, a host-side
 * neighbour, heat) into one round of every release instead of into all rounds of one;
 * shuffling keeps a release from always running first (cold caches) or right after the
 * same neighbour. Pure: the random source is a parameter, seeded, so a run's order can
 * be replayed from the seed it reports.
 */

/** createRandom returns a seeded generator of numbers in [0, 1) (mulberry32: small, fast, good enough to shuffle). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** shuffled returns a Fisher-Yates shuffled copy. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  // Stryker disable next-line EqualityOperator: at i = 0 the only choice is j = 0, a swap of the first item with itself
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/**
 * planRounds returns `rounds` rounds, each holding every item once in a shuffled order.
 * A round never starts with the item the previous round ended with, so no binary runs
 * twice in a row (its second run would find the caches it warmed).
 */
export function planRounds<T>(items: readonly T[], rounds: number, random: () => number): T[][] {
  const plan: T[][] = [];
  for (let r = 0; r < rounds; r++) {
    const round = shuffled(items, random);
    const last = plan[plan.length - 1]?.[items.length - 1];
    if (round.length > 1 && round[0] === last) [round[0], round[1]] = [round[1]!, round[0]!];
    plan.push(round);
  }
  return plan;
}
