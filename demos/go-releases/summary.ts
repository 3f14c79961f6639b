/**
 * The go-releases sweep, summarised the benchstat way: for each release and variant the
 * median of its per-process samples with the 95 % confidence interval of that median,
 * and between neighbouring releases the change of the median with the Mann-Whitney U
 * test's p-value (significant below α = 0.05, else benchstat's "~"). Pure: the runner
 * computes the result with it, the widget recomputes it while samples stream in.
 *
 * A sample is one process's median ns per call of one variant (a binary run once per
 * round prints several batches; their median is the process's figure), so samples are
 * independent runs, as benchstat's are.
 */
import { median, medianInterval } from '../stats/stats.ts';
import { mannWhitney } from '../stats/mann-whitney.ts';
import { minorLabel, type PlannedRelease } from './release-list.ts';
import { releaseVariants, type ReleaseVariant } from './variants.ts';

/** alpha is benchstat's significance level. */
export const alpha = 0.05;

/** ReleaseSample is one process's figure for one variant. */
export type ReleaseSample = { release: string; variant: ReleaseVariant; round: number; nsPerCall: number; cpuSharePct?: number | null };

/** VariantStats is one cell of the table: a release's variant over all rounds. */
export type VariantStats = {
  samples: number;
  medianNs: number;
  /** 95 % confidence interval of the median, or null with too few samples (n < 6). */
  lowNs: number | null;
  highNs: number | null;
  /** benchstat's ± : the larger distance from the median to the interval's ends, in %. */
  plusMinusPct: number | null;
};

/** ReleaseRow is one release of the sweep. */
export type ReleaseRow = {
  version: string;
  minor: number;
  source: 'listed' | 'installed';
  /** Why it could not be measured (then `variants` is empty). */
  missing: string | null;
  variants: Partial<Record<ReleaseVariant, VariantStats>>;
};

/** ReleaseChange compares one variant between two neighbouring measured releases. */
export type ReleaseChange = {
  variant: ReleaseVariant;
  from: string;
  to: string;
  /** (median of `to` ÷ median of `from` − 1) × 100. */
  deltaPct: number;
  /** Mann-Whitney two-sided p-value; null when it cannot be computed (identical samples). */
  p: number | null;
  significant: boolean;
};

/** ReleasesSummary is the whole table. */
export type ReleasesSummary = { rows: ReleaseRow[]; changes: ReleaseChange[] };

/** variantStats summarises one cell's samples. */
export function variantStats(values: readonly number[]): VariantStats {
  const medianNs = median(values);
  const interval = medianInterval(values, 0.95);
  return {
    samples: values.length,
    medianNs,
    lowNs: interval ? interval.lo : null,
    highNs: interval ? interval.hi : null,
    plusMinusPct: interval ? (Math.max(medianNs - interval.lo, interval.hi - medianNs) / medianNs) * 100 : null,
  };
}

/** compareSamples is one change between two releases' samples of a variant. */
export function compareSamples(variant: ReleaseVariant, from: string, fromValues: readonly number[], to: string, toValues: readonly number[]): ReleaseChange {
  const test = mannWhitney(fromValues, toValues);
  const p = test ? test.p : null;
  return { variant, from, to, deltaPct: (median(toValues) / median(fromValues) - 1) * 100, p, significant: p !== null && p < alpha };
}

/**
 * summarizeReleases builds the table from the planned rows (oldest first) and the samples
 * so far. Changes are between neighbouring rows that both have samples of the variant.
 */
export function summarizeReleases(planned: readonly PlannedRelease[], samples: readonly ReleaseSample[]): ReleasesSummary {
  const valuesOf = (release: string, variant: ReleaseVariant): number[] =>
    samples.filter((s) => s.release === release && s.variant === variant).map((s) => s.nsPerCall);
  const rows: ReleaseRow[] = planned.map((plan) => {
    const variants: ReleaseRow['variants'] = {};
    if (!plan.missing) {
      for (const variant of releaseVariants) {
        const values = valuesOf(plan.version, variant);
        if (values.length > 0) variants[variant] = variantStats(values);
      }
    }
    return { version: plan.version, minor: plan.minor, source: plan.source, missing: plan.missing ?? null, variants };
  });
  const changes: ReleaseChange[] = [];
  for (const variant of releaseVariants) {
    const measured = rows.filter((row) => row.variants[variant]);
    for (let i = 1; i < measured.length; i++) {
      const from = measured[i - 1]!.version;
      const to = measured[i]!.version;
      changes.push(compareSamples(variant, from, valuesOf(from, variant), to, valuesOf(to, variant)));
    }
  }
  return { rows, changes };
}

/** Headline is the stage answer: the newest release's plain cgo call and its change. */
export type Headline = { version: string; minor: number; medianNs: number; change: ReleaseChange | null; previousMinor: number | null };

/** headlineOf picks the newest measured release's plain cgo call and its change from the one before. */
export function headlineOf(summary: ReleasesSummary): Headline | null {
  const measured = summary.rows.filter((row) => row.variants.cgo);
  const newest = measured[measured.length - 1];
  if (!newest) return null;
  const previous = measured[measured.length - 2];
  const change = summary.changes.find((c) => c.variant === 'cgo' && c.to === newest.version) ?? null;
  return { version: newest.version, minor: newest.minor, medianNs: newest.variants.cgo!.medianNs, change, previousMinor: previous ? previous.minor : null };
}

/** formatSignedPct renders a change as the slides do: "−31 %", "+4 %" (a real minus sign). */
export function formatSignedPct(pct: number): string {
  const rounded = Math.round(pct);
  if (rounded === 0) return `${pct < 0 ? '−' : '+'}${Math.abs(pct).toFixed(1)} %`;
  // Stryker disable next-line EqualityOperator: `rounded` is not 0 here, so < 0 and <= 0 agree
  return `${rounded < 0 ? '−' : '+'}${Math.abs(rounded)} %`;
}

/** formatP renders a p-value the way benchstat prints it: "p = 0.002". */
export function formatP(p: number | null): string {
  if (p === null) return 'p = n/a';
  return `p = ${p < 0.001 ? p.toExponential(0) : p.toFixed(3)}`;
}

/** formatNsShort renders the headline's ns: whole ns from 10 up, else one decimal. */
function formatNsShort(ns: number): string {
  return ns >= 10 ? `${Math.round(ns)} ns` : `${ns.toFixed(1)} ns`;
}

/**
 * formatHeadline is the sentence a speaker reads off the slide: "Go 1.26: 28 ns, −31 % vs
 * 1.25" when the change is significant, "Go 1.26: 28 ns, no significant change vs 1.25"
 * when it is not, "Go 1.26: 28 ns" alone.
 */
export function formatHeadline(headline: Headline): string {
  const head = `Go ${minorLabel(headline.minor)}: ${formatNsShort(headline.medianNs)}`;
  if (!headline.change || headline.previousMinor === null) return head;
  const vs = minorLabel(headline.previousMinor);
  return headline.change.significant ? `${head}, ${formatSignedPct(headline.change.deltaPct)} vs ${vs}` : `${head}, no significant change vs ${vs}`;
}
