/**
 * Interleaved rounds: how to compare several programs on a machine whose speed drifts.
 * Each round runs every program once, in a fresh process, one after another; a program's
 * figure is the median over rounds of its per-process medians, and a comparison ("cgo is
 * 12× C") is the median over rounds of the ratio taken within each round. Both programs of
 * a round ran seconds apart, under the same conditions, so a slow phase that inflates a
 * whole round (or several) inflates both sides of its ratio alike and leaves the median
 * ratio where it was; running all of one program and then all of the other would not.
 *
 * Pure. Keys are strings (runtime ids, Go releases …); rounds are numbered from 1.
 */
import { median } from './stats.ts';

/** RoundSlot is one process to start: which key, in which round. */
export interface RoundSlot<K extends string> {
  round: number;
  key: K;
}

/**
 * roundRobinOrder lists the processes of `rounds` rounds over `keys`: round 1 runs every
 * key once in the given order, then round 2 the same, and so on. A key listed in `after`
 * runs right after the key it names (when both are present), so a pair that is compared
 * (a harness and its standalone check) runs back to back in every round.
 */
export function roundRobinOrder<K extends string>(keys: readonly K[], rounds: number, after: Partial<Record<K, K>> = {}): RoundSlot<K>[] {
  const present = new Set(keys);
  const followers = (key: K): K[] => keys.filter((k) => after[k] === key);
  const order: K[] = [];
  const place = (key: K): void => {
    order.push(key);
    for (const f of followers(key)) place(f);
  };
  for (const key of keys) {
    const leader = after[key];
    // Stryker disable next-line ConditionalExpression: a Set of keys never has undefined, so the first test only narrows the type
    if (leader === undefined || !present.has(leader)) place(key);
  }
  const slots: RoundSlot<K>[] = [];
  for (let round = 1; round <= rounds; round++) for (const key of order) slots.push({ round, key });
  return slots;
}

/** RoundFigures holds one figure per (round, key): e.g. a process's median ns per call. */
export type RoundFigures<K extends string> = ReadonlyMap<number, Partial<Record<K, number>>>;

/** rowsInOrder lists a table's rows by round number (not by when they were added). */
function rowsInOrder<K extends string>(table: RoundFigures<K>): Array<Partial<Record<K, number>>> {
  return [...table.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
}

const isFiniteNumber = (v: number | undefined): v is number => Number.isFinite(v);

/** figuresOf lists a key's figures, one per round that has it, in round order. */
export function figuresOf<K extends string>(table: RoundFigures<K>, key: K): number[] {
  return rowsInOrder(table).map((row) => row[key]).filter(isFiniteNumber);
}

/** medianOverRounds is the median of a key's per-round figures (the median of per-process medians). */
export function medianOverRounds<K extends string>(table: RoundFigures<K>, key: K): number {
  return median(figuresOf(table, key));
}

/** ratiosPerRound lists key ÷ base for every round that has both (positive base), in round order. */
export function ratiosPerRound<K extends string>(table: RoundFigures<K>, key: K, base: K): number[] {
  const ratios: number[] = [];
  for (const row of rowsInOrder(table)) {
    const a = row[key];
    const b = row[base];
    if (isFiniteNumber(a) && isFiniteNumber(b) && b > 0) ratios.push(a / b);
  }
  return ratios;
}

/** medianRatio is the median of the per-round ratios key ÷ base; NaN when no round has both. */
export function medianRatio<K extends string>(table: RoundFigures<K>, key: K, base: K): number {
  return median(ratiosPerRound(table, key, base));
}
