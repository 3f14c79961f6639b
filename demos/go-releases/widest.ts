/**
 * The widest 95 % interval of each variant over a sweep's releases, for the benchmark
 * script's report (which release and variant keep the sweep from its ±3 % goal). Pure.
 */
import type { GoReleasesResult } from './result.ts';
import { releaseVariants, type ReleaseVariant } from './variants.ts';

/** WidestCell is a variant's widest interval and the release it belongs to. */
export type WidestCell = { variant: ReleaseVariant; release: string; plusMinusPct: number | null; samples: number };

/** widestByVariant picks, for each variant measured, the release with the widest ± (no interval at all counts as widest). */
export function widestByVariant(rows: GoReleasesResult['releases']): WidestCell[] {
  const widest: WidestCell[] = [];
  for (const variant of releaseVariants) {
    let best: WidestCell | undefined;
    for (const row of rows) {
      const stats = row.variants[variant];
      if (!stats) continue;
      const cell = { variant, release: row.version, plusMinusPct: stats.plusMinusPct, samples: stats.samples };
      if (!best || (cell.plusMinusPct ?? Infinity) > (best.plusMinusPct ?? Infinity)) best = cell;
    }
    if (best) widest.push(best);
  }
  return widest;
}

/** formatWidth renders a width as benchstat does ("±2.4 %"), or "no interval" below 6 samples. */
export function formatWidth(cell: Pick<WidestCell, 'plusMinusPct'>): string {
  return cell.plusMinusPct === null ? 'no interval' : `±${cell.plusMinusPct.toFixed(1)} %`;
}
