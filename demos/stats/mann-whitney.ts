/**
 * The Mann-Whitney U test, as benchstat uses it to say whether two sets of benchmark
 * samples differ ("~" when they may not; a p-value otherwise). Pure: no I/O.
 *
 * Method (as in golang.org/x/perf's statistics): U counts the pairs (a, b) with a < b,
 * a tie counting ½. Without ties and with both samples of at most `exactLimit` values, the
 * p-value comes from U's exact distribution under the null hypothesis (every ordering of
 * the pooled samples equally likely); otherwise from the normal approximation with the
 * tie correction and the continuity correction. Two-sided.
 */

/** MannWhitneyResult is the outcome of one test. */
export type MannWhitneyResult = {
  n1: number;
  n2: number;
  /** U of the first sample: pairs (a from the first, b from the second) with a < b, ties ½. */
  u: number;
  /** Two-sided p-value: the chance of a U at least this extreme if both came from one distribution. */
  p: number;
  method: 'exact' | 'normal';
};

/** exactLimit is the largest sample size for which the exact distribution is used. */
export const exactLimit = 50;

/** rankSum returns the first sample's rank sum (tied values share their mean rank) and the tie group sizes. */
function rankSum(first: readonly number[], second: readonly number[]): { r1: number; ties: number[] } {
  const pooled = [...first.map((value) => ({ value, first: true })), ...second.map((value) => ({ value, first: false }))].sort((a, b) => a.value - b.value);
  let r1 = 0;
  const ties: number[] = [];
  for (let i = 0; i < pooled.length; ) {
    let j = i;
    while (j < pooled.length && pooled[j]!.value === pooled[i]!.value) j++;
    const meanRank = (i + 1 + j) / 2; // ranks i+1 … j share their mean
    for (let k = i; k < j; k++) if (pooled[k]!.first) r1 += meanRank;
    ties.push(j - i);
    i = j;
  }
  return { r1, ties };
}

/**
 * exactCdf returns P(U ≤ u) for samples of n1 and n2 values without ties, from the
 * recurrence p(n1, n2, u) = n1/(n1+n2)·p(n1−1, n2, u−n2) + n2/(n1+n2)·p(n1, n2−1, u)
 * (is the largest pooled value from the first sample or the second?), in probabilities so
 * nothing overflows.
 */
function exactCdf(u: number, n1: number, n2: number): number {
  // table[a][b] is the distribution of U for samples of a and b values, indexed by U.
  const table: number[][][] = [];
  for (let a = 0; a <= n1; a++) {
    table.push([]);
    for (let b = 0; b <= n2; b++) {
      if (a === 0 || b === 0) {
        table[a]!.push([1]);
        continue;
      }
      const dist = new Array<number>(a * b + 1).fill(0);
      const fromFirst = table[a - 1]![b]!;
      const fromSecond = table[a]![b - 1]!;
      for (let k = 0; k < fromFirst.length; k++) dist[k + b]! += (a / (a + b)) * fromFirst[k]!;
      for (let k = 0; k < fromSecond.length; k++) dist[k]! += (b / (a + b)) * fromSecond[k]!;
      table[a]!.push(dist);
    }
  }
  const dist = table[n1]![n2]!;
  let sum = 0;
  // Stryker disable next-line ArithmeticOperator: u ≤ n1·n2 = dist.length − 1, so the cap never binds (it guards the index)
  for (let k = 0; k <= Math.min(Math.floor(u), dist.length - 1); k++) sum += dist[k]!;
  return sum;
}

/** normalCdf is Φ(z), via the complementary error function (Numerical Recipes' erfc, |error| < 1.2e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  const tail = erfc / 2;
  // Stryker disable next-line ArithmeticOperator,EqualityOperator: for z ≥ 0 the caller's p = min(1, 2Φ) is 1 whether Φ is 1 − tail or 1 + tail (tail ≤ ½ there); at z = 0 both branches give ½
  return z >= 0 ? 1 - tail : tail;
}

/**
 * mannWhitney compares two samples. Undefined when either is empty or when every value
 * is equal (there is nothing to rank; benchstat says the same).
 */
export function mannWhitney(first: readonly number[], second: readonly number[]): MannWhitneyResult | undefined {
  const a = first.filter(Number.isFinite);
  const b = second.filter(Number.isFinite);
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return undefined;
  const { r1, ties } = rankSum(a, b);
  if (ties.length === 1) return undefined;
  // U of the first sample counts pairs where its value is the larger; "a < b" pairs are the rest.
  const uLarger = r1 - (n1 * (n1 + 1)) / 2;
  const u = n1 * n2 - uLarger;
  const uSmall = Math.min(u, n1 * n2 - u);
  const hasTies = ties.some((size) => size > 1);
  if (!hasTies && n1 <= exactLimit && n2 <= exactLimit) {
    return { n1, n2, u, p: Math.min(1, 2 * exactCdf(uSmall, n1, n2)), method: 'exact' };
  }
  const n = n1 + n2;
  const tieTerm = ties.reduce((sum, size) => sum + (size ** 3 - size), 0);
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  const z = (uSmall - (n1 * n2) / 2 + 0.5) / sigma; // +0.5: continuity correction towards the mean
  return { n1, n2, u, p: Math.min(1, 2 * normalCdf(z)), method: 'normal' };
}
