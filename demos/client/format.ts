/**
 * Small formatting helpers shared by every demo widget. Pure: no DOM, no I/O, so widgets
 * and tests agree on how a duration or a size reads on a slide.
 */

/**
 * formatNs renders a duration given in nanoseconds with a unit a reader can compare at a
 * glance: "1.23 ns", "45.6 ns", "1.20 µs", "3.40 ms", "2.10 s". Three significant digits,
 * because the talk's figures are medians of noisy runs and more digits would be false
 * precision.
 */
export function formatNs(durationNs: number): string {
  if (!Number.isFinite(durationNs)) return '–';
  const abs = Math.abs(durationNs);
  if (abs < 1e3) return `${significant(durationNs)} ns`;
  if (abs < 1e6) return `${significant(durationNs / 1e3)} µs`;
  if (abs < 1e9) return `${significant(durationNs / 1e6)} ms`;
  return `${significant(durationNs / 1e9)} s`;
}

/** formatMs renders milliseconds the same way formatNs renders nanoseconds. */
export function formatMs(durationMs: number): string {
  return formatNs(durationMs * 1e6);
}

/** formatBytes renders a byte count in binary units: "512 B", "8.00 KiB", "1.50 MiB". */
export function formatBytes(sizeBytes: number): string {
  if (!Number.isFinite(sizeBytes)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = sizeBytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${significant(value)} ${units[unit]}`;
}

/** formatCount renders a large count with thin grouping: 1 000 000 reads better on a slide than 1000000. */
export function formatCount(count: number): string {
  if (!Number.isFinite(count)) return '–';
  return Math.round(count).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}

/** formatRatio renders a ratio like "12.3×". */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–';
  return `${significant(ratio)}×`;
}

/**
 * formatDate renders an ISO timestamp as a short, unambiguous day: "2026-11-27". The badge
 * says when a recording was made; the time of day would only add noise. An unparsable
 * input is returned unchanged rather than hidden.
 */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toISOString().slice(0, 10);
}

/** significant keeps three significant digits without switching to exponent notation. */
function significant(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
