/**
 * The go-releases widget's state, kept apart from its drawing: events in, a view model
 * out (rows, changes, headline, chart bars). Pure, so the same numbers show live, in a
 * replay and in tests. While samples stream in, the table is recomputed with the same
 * summary the runner uses; once the result arrives (parsed by the widget shell) it is
 * taken as it is.
 */
import type { RunEventBody } from '../protocol.ts';
import { releaseFiguresClock } from './bench-line.ts';
import { minorLabel, parseGoVersion, type PlannedRelease } from './release-list.ts';
import type { GoReleasesResult } from './result.ts';
import { formatHeadline, headlineOf, summarizeReleases, type ReleaseSample } from './summary.ts';
import { talk2018Benchstat } from './talk-2018.ts';
import { machineLine } from '../stats/machine-line.ts';
import { isReleaseVariant } from './variants.ts';

/** ReleasesViewState accumulates one run's events. */
export type ReleasesViewState = {
  samples: ReleaseSample[];
  /** Releases seen so far (from samples and progress), with why one is missing. */
  releases: Map<string, { source: 'listed' | 'installed'; missing?: string }>;
  result: GoReleasesResult | null;
  status: string;
  /** 0..1 over the run phase, when known. */
  fraction: number | null;
};

/** createReleasesViewState starts an empty state. */
export function createReleasesViewState(): ReleasesViewState {
  return { samples: [], releases: new Map(), result: null, status: '', fraction: null };
}

function noteRelease(state: ReleasesViewState, version: string, missing?: string): void {
  if (!parseGoVersion(version)) return;
  const known = state.releases.get(version);
  const entry = { source: known?.source ?? ('listed' as const), ...(missing ? { missing } : known?.missing ? { missing: known.missing } : {}) };
  state.releases.set(version, entry);
}

/** applyReleasesEvent folds one event into the state (in place, returning it). */
export function applyReleasesEvent(state: ReleasesViewState, event: RunEventBody): ReleasesViewState {
  switch (event.type) {
    case 'status':
      state.status = event.message;
      break;
    case 'progress':
      state.status = event.message;
      if (event.step === 'run' && event.fraction !== undefined) state.fraction = event.fraction;
      if (event.source) noteRelease(state, event.source);
      break;
    case 'sample': {
      const [release, variant] = event.key.split('/');
      const nsPerCall = event.values.nsPerCall;
      if (!release || !variant || !isReleaseVariant(variant) || nsPerCall === undefined) break;
      noteRelease(state, release);
      state.samples.push({ release, variant, round: event.values.round ?? 0, nsPerCall, cpuSharePct: event.values.cpuSharePct ?? null });
      break;
    }
    case 'error':
      if (event.source && (event.code === 'toolchain-missing' || event.code === 'build-failed')) {
        noteRelease(state, event.source, event.message.replace(`${event.source}: `, ''));
      }
      break;
    default:
      break;
  }
  return state;
}

/** setReleasesResult takes the run's result (parsed by the widget shell with the manifest's schema) as it is. */
export function setReleasesResult(state: ReleasesViewState, result: GoReleasesResult): ReleasesViewState {
  state.result = result;
  state.fraction = null;
  return state;
}

/** ChartBar is one bar of the chart: a release today or one of slide 6's 2018 figures. */
export type ChartBar = {
  label: string;
  kind: 'today' | 'talk2018' | 'missing';
  medianNs: number | null;
  lowNs: number | null;
  highNs: number | null;
  /** The change from the bar before it, when significant (or 2018's own change). */
  changeLabel: string | null;
  faster: boolean;
};

/** ReleasesView is everything the widget draws. */
export type ReleasesView = {
  headline: string | null;
  rows: GoReleasesResult['releases'];
  changes: GoReleasesResult['changes'];
  bars: ChartBar[];
  talk2018Label: string;
  benchstat: string | null;
  statsNote: string | null;
  /** Which intervals stayed wider than the run's target, and why (null when none, or before the result). */
  wideNote: string | null;
  status: string;
  fraction: number | null;
  /** Which batches counted (those at full clock), once the result says; null when every batch did. */
  fullClockLine: string | null;
  /** The machine-speed check's line, and whether it flags the run. */
  machine: { line: string; flagged: boolean } | null;
};

function signed(pct: number): string {
  const rounded = Math.round(pct);
  return `${rounded < 0 ? '−' : '+'}${Math.abs(rounded)} %`;
}

/** ViewData is what the view draws from: the run's result, or the same figures computed live. */
type ViewData = Pick<GoReleasesResult, 'releases' | 'changes'> & { headlineText: string | null };

/** liveSummary recomputes rows, changes and the headline from the samples so far. */
function liveSummary(state: ReleasesViewState): ViewData {
  const planned: PlannedRelease[] = [...state.releases]
    .map(([version, info]) => ({ version, minor: parseGoVersion(version)!.minor, source: info.source, ...(info.missing ? { missing: info.missing } : {}) }))
    .sort((a, b) => a.minor - b.minor);
  const summary = summarizeReleases(planned, state.samples);
  const headline = headlineOf(summary);
  return {
    releases: summary.rows.map((row) => ({ ...row, variants: Object.fromEntries(Object.entries(row.variants)) })),
    changes: summary.changes,
    headlineText: headline ? formatHeadline(headline) : null,
  };
}

/**
 * fullClockLine says on the slide which batches the figures come from: "At full clock
 * (≥ 3.31 GHz, within 10 % of the best): 791 of 7 008 batches counted (11 %)".
 */
export function fullClockLine(tally: NonNullable<GoReleasesResult['fullClock']>): string {
  const share = tally.total > 0 ? Math.round((tally.kept / tally.total) * 100) : 0;
  const count = (n: number): string => n.toLocaleString('en-US').replace(/,/g, '\u202f');
  const within = Math.round((1 - tally.thresholdGHz / tally.referenceGHz) * 100);
  return `At full clock (≥ ${tally.thresholdGHz.toFixed(2)} GHz, within ${within} % of the best): ${count(tally.kept)} of ${count(tally.total)} batches counted (${share} %)`;
}

/** releasesView turns the state into what to draw. */
export function releasesView(state: ReleasesViewState): ReleasesView {
  const { result } = state;
  const data: ViewData = result ? { releases: result.releases, changes: result.changes, headlineText: result.headline?.text ?? null } : liveSummary(state);
  const bars: ChartBar[] = [
    { label: '2018 before', kind: 'talk2018', medianNs: talk2018Benchstat.oldNs, lowNs: null, highNs: null, changeLabel: null, faster: false },
    { label: '2018 after', kind: 'talk2018', medianNs: talk2018Benchstat.newNs, lowNs: null, highNs: null, changeLabel: signed(talk2018Benchstat.deltaPct), faster: talk2018Benchstat.deltaPct < 0 },
  ];
  for (const row of data.releases) {
    const cgo = row.variants.cgo;
    const change = data.changes.find((c) => c.variant === 'cgo' && c.to === row.version);
    bars.push({
      label: minorLabel(row.minor),
      kind: row.missing || !cgo ? 'missing' : 'today',
      medianNs: cgo?.medianNs ?? null,
      lowNs: cgo?.lowNs ?? null,
      highNs: cgo?.highNs ?? null,
      changeLabel: change?.significant ? signed(change.deltaPct) : null,
      faster: (change?.deltaPct ?? 0) < 0,
    });
  }
  return {
    headline: data.headlineText,
    rows: data.releases,
    changes: data.changes,
    bars,
    talk2018Label: talk2018Benchstat.label,
    benchstat: result?.benchstat ?? null,
    statsNote: result?.statsNote ?? null,
    wideNote: result?.precision?.note ?? null,
    status: state.status,
    fraction: state.fraction,
    fullClockLine: result?.fullClock ? fullClockLine(result.fullClock) : null,
    machine: machineLine(result?.machineSpeed ?? null, state.samples.map((s) => s.cpuSharePct), releaseFiguresClock),
  };
}
