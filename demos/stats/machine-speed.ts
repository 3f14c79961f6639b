/**
 * The machine-speed sentinel's arithmetic: is this machine, right now, as fast as it can
 * be? A benchmark harness calls one C function, `spin(n)` (n dependent integer adds the
 * compiler cannot fold or vectorize: one add per clock cycle on any current core), through
 * its own FFI right before and after its timed batches, and times it by its CPU clock. The
 * adds per nanosecond are then an effective clock rate in GHz, measured in the same process
 * as the figures it vouches for. A host that throttles the virtual CPU, a laptop on
 * battery or a hot chip lowers it; nothing inside the harness could see that otherwise.
 *
 * Three signs that wall-clock figures are inflated, each with its threshold:
 *   - the rate is more than 10 % below the best rate seen on this machine (in this run or
 *     its recent quiet runs): the CPU itself ran slower;
 *   - the harness had the CPU for under 95 % of its batches' wall time: other processes
 *     took turns on its core;
 *   - the hypervisor stole more than 2 % of the CPU time (`steal` in /proc/stat).
 * What inflates a figure depends on the clock it was timed by (FigureClock), which each
 * demo declares: a wall-clock figure (the FFI table's medians) is inflated by a slower
 * clock and by time spent waiting for a core, so its estimate is (best ÷ rate) ÷ CPU
 * share − 1; a CPU-time figure (go-releases, work-per-call: each batch timed by the CPU
 * time of the thread that made the calls) leaves the waiting out, so only the slower
 * clock counts, best ÷ rate − 1, and a low CPU share flags the run as busy without being
 * counted as inflation. The line says which was counted.
 *
 * Pure: no I/O (the /proc/stat text and the readings come from the caller). Used by every
 * demo that times something (the FFI table, Go release sweeps, work per call).
 */

/** SpinReading is one timed call of `spin(adds)`. */
export interface SpinReading {
  adds: number;
  /** Monotonic wall time of the call. */
  wallNs: number;
  /** CPU time of the calling thread (or process) during the call, when the harness can read it. */
  cpuNs?: number;
}

/** MachineSpeedThresholds say when a figure is flagged. */
export interface MachineSpeedThresholds {
  /** Flag when the rate is more than this far below the best rate, in %. */
  slowdownPct: number;
  /** Flag when the harness had the CPU for less than this share of the wall time, in %. */
  cpuSharePct: number;
  /** Flag when more than this share of the CPU time was stolen by the hypervisor, in %. */
  stealPct: number;
}

/** machineSpeedThresholds are the default thresholds (see the module comment). */
export const machineSpeedThresholds: MachineSpeedThresholds = { slowdownPct: 10, cpuSharePct: 95, stealPct: 2 };

/**
 * spinRateGHz is Σ adds ÷ Σ ns over the readings: the effective clock rate in GHz. Each
 * reading counts by its CPU time when it has one (time spent waiting for the CPU is not
 * the CPU's speed: the CPU share says that, separately), else by its wall time; never by
 * more than its wall time, since a process-wide CPU clock (Go, JavaScript runtimes) also
 * counts other threads that ran meanwhile. NaN when there is nothing to go on.
 */
export function spinRateGHz(readings: readonly SpinReading[]): number {
  let adds = 0;
  let ns = 0;
  for (const r of readings) {
    if (!(r.adds > 0) || !(r.wallNs > 0)) continue;
    const cpuNs = r.cpuNs ?? 0;
    const cpu = cpuNs > 0 ? Math.min(cpuNs, r.wallNs) : r.wallNs;
    adds += r.adds;
    ns += cpu;
  }
  // Stryker disable next-line ConditionalExpression,EqualityOperator: ns is 0 only when no reading counted, and then adds is 0 too: 0 / 0 is NaN as well
  return ns > 0 ? adds / ns : NaN;
}

/** spinAddsFor sizes a spin to last about `targetMs` at `rateGHz` (a default rate when unknown). */
export function spinAddsFor(rateGHz: number, targetMs: number, defaultRateGHz = 2.6): number {
  const rate = Number.isFinite(rateGHz) && rateGHz > 0 ? rateGHz : defaultRateGHz;
  return Math.max(1_000_000, Math.min(2_000_000_000, Math.round(rate * targetMs * 1e6)));
}

/** CpuTimes are the counters of the aggregate `cpu` line of /proc/stat, in clock ticks. */
export interface CpuTimes {
  /** The sum of every field (user … guest_nice excluded: guest time is already in user). */
  total: number;
  idle: number;
  steal: number;
}

/**
 * parseProcStat reads the aggregate `cpu` line of /proc/stat: user nice system idle iowait
 * irq softirq steal [guest guest_nice]. Guest time is counted in user and nice already,
 * so it is left out of the total. Undefined when the line is missing or malformed.
 */
export function parseProcStat(text: string): CpuTimes | undefined {
  const line = text.split('\n').find((l) => /^cpu\s/.test(l));
  if (!line) return undefined;
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  if (fields.length < 4 || fields.some((v) => !Number.isFinite(v) || v < 0)) return undefined;
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
  return { total: user + nice + system + idle + iowait + irq + softirq + steal, idle: idle + iowait, steal };
}

/** CpuTimesDelta is what the counters did between two readings. */
export interface CpuTimesDelta {
  totalTicks: number;
  stealTicks: number;
}

/** cpuTimesDelta is after − before (zeros when a counter went backwards, e.g. after a CPU went offline). */
export function cpuTimesDelta(before: CpuTimes, after: CpuTimes): CpuTimesDelta {
  const totalTicks = after.total - before.total;
  const stealTicks = after.steal - before.steal;
  return totalTicks > 0 && stealTicks >= 0 ? { totalTicks, stealTicks } : { totalTicks: 0, stealTicks: 0 };
}

/** stealPct is the share of CPU time stolen over the deltas, in %; NaN without ticks. */
export function stealPct(deltas: readonly CpuTimesDelta[]): number {
  const total = deltas.reduce((s, d) => s + d.totalTicks, 0);
  const steal = deltas.reduce((s, d) => s + d.stealTicks, 0);
  return total > 0 ? (steal / total) * 100 : NaN;
}

/**
 * FigureClock is the clock a demo's figures are timed by: `wall` (monotonic wall time: a
 * slower clock and time spent waiting for a core both inflate the figures) or `cpu` (the
 * CPU time of the thread or process that made the calls: only a slower clock does).
 */
export type FigureClock = 'wall' | 'cpu';

/** figureClocks are the FigureClock values, for schemas. */
export const figureClocks = ['wall', 'cpu'] as const satisfies readonly FigureClock[];

/** MachineSpeedInput is what is known about one measurement's conditions; NaN = unknown. */
export interface MachineSpeedInput {
  /** The clock the figures this check vouches for are timed by; `wall` when not said. */
  clock?: FigureClock;
  rateGHz: number;
  /** The best rate seen on this machine: this run's and its recent quiet runs'. */
  bestRateGHz: number;
  /** Share of the batches' wall time the harness had the CPU, in %. */
  cpuSharePct: number;
  stealPct: number;
}

/** MachineSpeedCheck is the verdict on one measurement; null = not measured. */
export type MachineSpeedCheck = {
  rateGHz: number | null;
  bestRateGHz: number | null;
  /** (1 − rate ÷ best) × 100, never negative. */
  slowdownPct: number | null;
  cpuSharePct: number | null;
  stealPct: number | null;
  /**
   * Estimated inflation of the figures, never negative: ((best ÷ rate) ÷ CPU share − 1) ×
   * 100 for wall-clock figures, (best ÷ rate − 1) × 100 for CPU-time figures.
   */
  inflatedPct: number | null;
  /** The clock the figures are timed by, which says what `inflatedPct` counts; absent (checks made before it was said) = `wall`. */
  clock?: FigureClock;
  flagged: boolean;
  /** Why it is flagged, one short phrase per sign (empty when not flagged). */
  reasons: string[];
};

const orNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** clockReasonStart begins the reason a slower clock gives, which is what a CPU-time figure's inflation counts. */
const clockReasonStart = 'clock ';

/** checkMachineSpeed applies the thresholds to one measurement's conditions. */
export function checkMachineSpeed(input: MachineSpeedInput, thresholds: MachineSpeedThresholds = machineSpeedThresholds): MachineSpeedCheck {
  const { rateGHz: rate, bestRateGHz: best, cpuSharePct: share, stealPct: steal, clock = 'wall' } = input;
  const haveRate = Number.isFinite(rate) && rate > 0 && Number.isFinite(best) && best > 0;
  const slowdown = haveRate ? Math.max(0, (1 - rate / best) * 100) : NaN;
  const speedFactor = haveRate ? Math.max(1, best / rate) : 1;
  // Time spent waiting for a core is in a wall-clock figure only. NaN > 0 is false; an
  // infinite share gives 100 / ∞ = 0, so the factor 1.
  const shareFactor = clock === 'wall' && share > 0 ? Math.max(1, 100 / share) : 1;
  const known = clock === 'wall' ? haveRate || Number.isFinite(share) : haveRate;
  const inflated = known ? (speedFactor * shareFactor - 1) * 100 : NaN;
  const reasons: string[] = [];
  if (slowdown > thresholds.slowdownPct) reasons.push(`${clockReasonStart}${rate.toFixed(2)} GHz, ${Math.round(slowdown)} % below the best ${best.toFixed(2)} GHz`);
  if (share < thresholds.cpuSharePct) reasons.push(`had the CPU ${Math.round(share)} % of the time`);
  if (steal > thresholds.stealPct) reasons.push(`${steal.toFixed(1)} % of CPU time stolen by the host`);
  return {
    rateGHz: orNull(rate),
    bestRateGHz: orNull(best),
    slowdownPct: orNull(slowdown),
    cpuSharePct: orNull(share),
    stealPct: orNull(steal),
    inflatedPct: orNull(inflated),
    clock,
    flagged: reasons.length > 0,
    reasons,
  };
}

/**
 * machineFlagText is the flag shown beside a flagged figure: "machine slowed down: figures
 * inflated ≈ 23 %", or, for CPU-time figures that only a busy machine flagged (nothing
 * counted as inflation), "machine busy: CPU-time figures, not inflated by it".
 */
export function machineFlagText(check: Pick<MachineSpeedCheck, 'flagged' | 'inflatedPct' | 'clock'>): string | undefined {
  if (!check.flagged) return undefined;
  if (check.clock === 'cpu' && !((check.inflatedPct ?? 0) >= 1)) return 'machine busy: CPU-time figures, not inflated by it';
  const pct = Math.max(1, Math.round(check.inflatedPct ?? 0));
  return `machine slowed down: figures inflated ≈ ${pct} %`;
}

/** MachineSpeedFigures are the figures a sentinel line shows (a MachineSpeedCheck or a run's MachineSpeedSummary). */
export type MachineSpeedFigures = Pick<MachineSpeedCheck, 'rateGHz' | 'bestRateGHz' | 'cpuSharePct' | 'stealPct' | 'inflatedPct' | 'clock' | 'flagged' | 'reasons'>;

/**
 * machineSpeedLine is the sentinel's one-line report, the same on the slide, in the
 * terminal and beside a recording: "machine check: 3.61 GHz effective clock (best 3.70),
 * CPU 99.6 %, steal 0.0 % — quiet", or "— slowed down: figures inflated ≈ 23 %" (or the
 * reason itself when it inflates nothing measurable, e.g. a high load average). For
 * CPU-time figures it says that only the clock was counted, and names what flagged the
 * run without inflating them: "— slowed down: figures inflated ≈ 23 % (the clock alone:
 * figures are CPU time); busy: had the CPU 70 % of the time, not counted", or "— busy:
 * had the CPU 70 % of the time (not counted as inflation: figures are CPU time)".
 */
export function machineSpeedLine(m: MachineSpeedFigures): string {
  const parts: string[] = [];
  if (m.rateGHz !== null) parts.push(`${m.rateGHz.toFixed(2)} GHz effective clock${m.bestRateGHz !== null ? ` (best ${m.bestRateGHz.toFixed(2)})` : ''}`);
  if (m.cpuSharePct !== null) parts.push(`CPU ${m.cpuSharePct.toFixed(m.cpuSharePct >= 99.95 ? 0 : 1)} %`);
  if (m.stealPct !== null) parts.push(`steal ${m.stealPct.toFixed(1)} %`);
  if (parts.length === 0) return 'machine speed not checked: figures unverified';
  return `machine check: ${parts.join(', ')} — ${m.clock === 'cpu' ? cpuTimeVerdict(m) : wallClockVerdict(m)}`;
}

/** wallClockVerdict: the inflation when there is some to speak of, else the reasons of the flag. */
function wallClockVerdict(m: MachineSpeedFigures): string {
  const inflating = (m.inflatedPct ?? 0) >= 1;
  // Stryker disable next-line Regex: the flag text starts with "machine " and has it nowhere else
  return !m.flagged ? 'quiet' : inflating || m.reasons.length === 0 ? machineFlagText(m)!.replace(/^machine /, '') : `flagged: ${m.reasons.join('; ')}`;
}

/**
 * cpuTimeVerdict: what inflates CPU-time figures is the slower clock alone; the other
 * reasons (a shared core, steal, load) flag the run as busy and are said to be not counted.
 */
function cpuTimeVerdict(m: MachineSpeedFigures): string {
  if (!m.flagged) return 'quiet';
  const busy = m.reasons.filter((r) => !r.startsWith(clockReasonStart));
  if ((m.inflatedPct ?? 0) >= 1) {
    const inflated = `slowed down: figures inflated ≈ ${Math.round(m.inflatedPct!)} % (the clock alone: figures are CPU time)`;
    return busy.length > 0 ? `${inflated}; busy: ${busy.join('; ')}, not counted` : inflated;
  }
  return busy.length > 0 ? `busy: ${busy.join('; ')} (not counted as inflation: figures are CPU time)` : machineFlagText(m)!.replace(/^machine /, '');
}

/**
 * quietRateGHz is the highest rate among checks whose process had the CPU to itself (CPU
 * share and steal within the thresholds): what a speed history may remember. A rate
 * measured while sharing the core is not the machine's best, it is the neighbour's effect.
 */
export function quietRateGHz(checks: readonly MachineSpeedCheck[], thresholds: MachineSpeedThresholds = machineSpeedThresholds): number {
  return bestRate(
    checks
      // An unknown CPU share is no proof of a quiet core; an unknown steal (no /proc/stat) is no sign of a busy host.
      .filter((c) => (c.cpuSharePct ?? 0) >= thresholds.cpuSharePct && (c.stealPct ?? 0) <= thresholds.stealPct)
      .map((c) => c.rateGHz ?? NaN),
  );
}

/** bestRate is the highest finite positive rate of those given; NaN when none. */
export function bestRate(rates: readonly number[]): number {
  const good = rates.filter((r) => Number.isFinite(r) && r > 0);
  return good.length > 0 ? Math.max(...good) : NaN;
}
