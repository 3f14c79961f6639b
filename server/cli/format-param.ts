/**
 * How the demo CLI's `--list` shows a demo's params: one short phrase per param with its
 * default and what it accepts, e.g. `n=100 (1–500)`, `variant=compare (compare|max-threads)`.
 * Pure.
 */
import type { JsonValue, ParamSpec } from '../../demos/protocol.ts';

/** formatParam renders one param: `name=default (accepted values)`. */
export function formatParam(spec: ParamSpec): string {
  const value = spec.default === undefined ? '' : `=${formatValue(spec.default)}`;
  const accepted = acceptedValues(spec);
  return `${spec.name}${value}${accepted ? ` (${accepted})` : ''}`;
}

/** formatParams renders a demo's params on one line, or "no params". */
export function formatParams(specs: readonly ParamSpec[]): string {
  return specs.length === 0 ? 'no params' : specs.map(formatParam).join(', ');
}

/** listShown is how many items of a long list default are shown before "… (N items)". */
const listShown = 3;

// A string as typed on the command line (`--param k=v`); a long list by its first items.
function formatValue(value: JsonValue): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const items = value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
    return items.length > listShown + 1 ? `${items.slice(0, listShown).join(',')},… (${items.length} items)` : items.join(',');
  }
  return JSON.stringify(value);
}

function acceptedValues(spec: ParamSpec): string {
  if (spec.choices) return spec.choices.join('|');
  if (spec.kind === 'boolean') return 'true|false';
  const unit = spec.kind === 'list' ? ' items' : '';
  if (spec.min !== undefined && spec.max !== undefined) return `${spec.min}–${spec.max}${unit}`;
  if (spec.min !== undefined) return `≥ ${spec.min}${unit}`;
  if (spec.max !== undefined) return `≤ ${spec.max}${unit}`;
  return spec.kind === 'list' ? 'a list' : '';
}
