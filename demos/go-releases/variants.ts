/**
 * The cgo call variants the go-releases benchmark times (native/go-releases), in report
 * order, with what each measures. Pure data.
 */

/** releaseVariants lists the variant ids the benchmark binary prints. */
export const releaseVariants = ['cgo', 'noescape', 'nocallback', 'callback'] as const;

/** ReleaseVariant is one variant id. */
export type ReleaseVariant = (typeof releaseVariants)[number];

/** releaseVariantInfo says what each variant times and since which minor it exists. */
export const releaseVariantInfo: Record<ReleaseVariant, { label: string; sinceMinor: number }> = {
  cgo: { label: 'Go → C: a plain cgo call', sinceMinor: 0 },
  noescape: { label: 'Go → C, declared #cgo noescape', sinceMinor: 24 },
  nocallback: { label: 'Go → C, declared #cgo nocallback', sinceMinor: 24 },
  callback: { label: 'Go → C → Go: a cgo call whose C calls back into Go', sinceMinor: 0 },
};

/** isReleaseVariant narrows a value (a string read from a line or a sample key) to a variant id. */
export function isReleaseVariant(name: unknown): name is ReleaseVariant {
  return (releaseVariants as readonly unknown[]).includes(name);
}
