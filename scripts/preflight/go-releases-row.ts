/**
 * goReleasesRow: are the Go releases the go-releases slide compares in the project's cache
 * (so its Run starts at once and works offline)? A release not there would be downloaded
 * on stage (65–145 MB each): a warning, with the command that fetches it now. Pure.
 */
import type { PlannedRelease } from '../../demos/go-releases/release-list.ts';
import type { FetchOutcome } from '../../server/toolchains/go-release-cache.ts';
import type { PreflightRow } from './table.ts';

/** goReleasesCheckName is the row's name. */
export const goReleasesCheckName = 'go-releases toolchains cached';

/** ReleaseState is one planned release: there (cached or installed), fetched now, or not. */
export type ReleaseState = { release: PlannedRelease; state: 'installed' | 'cached' | 'fetched' | 'not cached' | 'missing'; reason?: string };

/** releaseStates pairs the planned releases with what the cache (and a fetch, if any) said. */
// Stryker disable next-line ArrayDeclaration: a made-up outcome names no release, so it is never found
export function releaseStates(planned: readonly PlannedRelease[], cached: ReadonlySet<string>, fetched: readonly FetchOutcome[] = []): ReleaseState[] {
  return planned.map((release): ReleaseState => {
    if (release.missing) return { release, state: 'missing', reason: release.missing };
    if (release.source === 'installed') return { release, state: 'installed' };
    const outcome = fetched.find((item) => item.version === release.version);
    if (outcome) return outcome.ok ? { release, state: outcome.cached ? 'cached' : 'fetched' } : { release, state: 'missing', reason: outcome.reason };
    return { release, state: cached.has(release.version) ? 'cached' : 'not cached' };
  });
}

/** goReleasesRow sums the states up: go when all are there, warn naming what is not. */
export function goReleasesRow(states: readonly ReleaseState[], ms: number): PreflightRow {
  const list = states.map((s) => `${s.release.version} ${s.state}${s.reason ? ` (${s.reason})` : ''}`).join(', ');
  const notCached = states.filter((s) => s.state === 'not cached');
  const missing = states.filter((s) => s.state === 'missing');
  if (notCached.length === 0 && missing.length === 0) return { check: goReleasesCheckName, verdict: 'go', ms, detail: list };
  const mb = Math.round(notCached.reduce((sum, s) => sum + (s.release.zipBytes ?? 0), 0) / 1e6);
  const advice = notCached.length > 0 ? `; Run would download ${notCached.length} (${mb} MB) on stage: fetch now with npm run preflight -- --fetch` : '';
  return { check: goReleasesCheckName, verdict: 'warn', ms, detail: `${list}${advice}` };
}
