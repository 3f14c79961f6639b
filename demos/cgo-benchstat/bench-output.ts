/**
 * Reading `go test -bench` output and summarising it the way benchstat does. Pure.
 *
 * A result line is `BenchmarkName-P <tab> iterations <tab> 12.34 ns/op [more metrics]`,
 * where P is GOMAXPROCS; header lines are `goos: linux`, `cpu: …`, `pkg: …`.
 *
 * benchstat (golang.org/x/perf) reports for each benchmark the median and a 95 %
 * confidence interval for it, from order statistics (distribution-free), printed as
 * `median ± x%` where x is the larger distance from the median to either end of the
 * interval; with fewer than 6 samples it cannot reach 95 % and prints `± ∞`.
 */
import { median, medianInterval } from '../stats/stats.ts';

/** BenchResult is one result line. */
export type BenchResult = { name: string; procs: number; iterations: number; nsPerOp: number };

/** parseBenchLine parses one result line, or returns undefined. */
export function parseBenchLine(line: string): BenchResult | undefined {
  const m = /^Benchmark(\S+?)(?:-(\d+))?\s+(\d+)\s+([\d.]+(?:e[+-]?\d+)?) ns\/op\b/.exec(line.trim());
  if (!m?.[1]) return undefined;
  return { name: m[1], procs: m[2] ? Number(m[2]) : 1, iterations: Number(m[3]), nsPerOp: Number(m[4]) };
}

/** parseBenchHeader reads `key: value` header lines (goos, goarch, pkg, cpu). */
export function parseBenchHeader(line: string): [string, string] | undefined {
  const m = /^(goos|goarch|pkg|cpu):\s*(.+)$/.exec(line.trim());
  return m?.[1] && m[2] ? [m[1], m[2]] : undefined;
}

/** BenchSummary is one benchmark's row, as benchstat would print it. */
export type BenchSummary = {
  name: string;
  procs: number;
  samples: number;
  medianNs: number;
  /** Confidence interval of the median (ns), or null when there are too few samples. */
  lowNs: number | null;
  highNs: number | null;
  /** benchstat's ± column: max distance from the median to the interval, in %; null = ∞. */
  plusMinusPct: number | null;
};

/** summarizeBench groups results by name and computes each row. */
export function summarizeBench(results: readonly BenchResult[], confidence = 0.95): BenchSummary[] {
  const groups = new Map<string, BenchResult[]>();
  for (const r of results) groups.set(r.name, [...(groups.get(r.name) ?? []), r]);
  return [...groups].map(([name, rs]) => {
    const values = rs.map((r) => r.nsPerOp);
    const m = median(values);
    const ci = medianInterval(values, confidence);
    return {
      name,
      procs: rs[0]?.procs ?? 1,
      samples: values.length,
      medianNs: m,
      lowNs: ci ? ci.lo : null,
      highNs: ci ? ci.hi : null,
      plusMinusPct: ci ? (Math.max(m - ci.lo, ci.hi - m) / m) * 100 : null,
    };
  });
}
