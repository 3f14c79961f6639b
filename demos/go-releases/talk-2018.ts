/**
 * Slide 6 of the 2018 talk: benchstat comparing Go's BenchmarkCgoCall before and after one
 * runtime change. The go-releases chart shows these two figures beside today's, marked as
 * measured in 2018 on another machine: the change is comparable, the nanoseconds are not.
 * Pure data.
 */

/** talk2018Benchstat holds slide 6's line `CgoCall-4 63.1ns ± 3% 57.1ns ± 0% -9.43%`. */
export const talk2018Benchstat = {
  benchmark: 'CgoCall-4',
  oldNs: 63.1,
  oldPlusMinusPct: 3,
  newNs: 57.1,
  newPlusMinusPct: 0,
  deltaPct: -9.43,
  label: 'measured in 2018 on another machine: compare the change, not the ns',
  source: 'slide 6 of “Why cgo is slow” (CapitalGo 2018): benchstat before and after one Go runtime change',
} as const;
