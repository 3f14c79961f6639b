/**
 * preemption runner: builds native/preemption once (cached) and runs it with
 * GOMAXPROCS=1 in up to three scenarios, streaming every tick the ticker gets through.
 *
 *   go-loop                   `for {}`, today's defaults: async preemption rescues the ticker
 *   go-loop-asyncpreemptoff   `for {}` with GODEBUG=asyncpreemptoff=1: the 2018 scheduler;
 *                             the ticker starves, the program never exits, the runner kills
 *                             it after `seconds` + 2 s. That is a result ("hung, killed
 *                             after N s"), not a server error.
 *   c-loop                    a C `for (;;)` via cgo, also with asyncpreemptoff=1, to show
 *                             the ticker survives without async preemption: the goroutine is
 *                             in a "syscall" and sysmon hands its P to another M.
 *
 * Samples: key = scenario id, values { tick, elapsedMs, lateMs } (lateMs: how long after
 * its due time the tick was seen).
 * Result: { goVersion, seconds, scenarios: [{ id, label, godebug, hung, ticks,
 *   firstTickMs?, maxLateMs?, killedAfterS?, exitCode }] }
 */
import { join } from 'node:path';
import type { DemoResult } from '../../../demos/define-demo.ts';

/** ScenarioResult is one busy loop's line of the result. */
type ScenarioResult = DemoResult<typeof manifest>['scenarios'][number];
import manifest from '../../../demos/preemption/manifest.ts';
import { RunError, defineDemoRunner } from '../demo-context.ts';
import { buildGo } from '../native-build.ts';

/** Ticker period of the program, in ms (its -every flag). */
const everyMs = 100;
/** Grace after the program's own deadline before a silent program counts as hung. */
const graceMs = 2000;

interface Scenario { id: 'go-loop' | 'go-loop-asyncpreemptoff' | 'c-loop'; label: string; loop: 'go' | 'c'; godebug: string }

const scenarios: Scenario[] = [
  { id: 'go-loop', label: 'for {} (Go), default GODEBUG', loop: 'go', godebug: '' },
  { id: 'go-loop-asyncpreemptoff', label: 'for {} (Go), GODEBUG=asyncpreemptoff=1', loop: 'go', godebug: 'asyncpreemptoff=1' },
  { id: 'c-loop', label: 'for (;;) in C via cgo, GODEBUG=asyncpreemptoff=1', loop: 'c', godebug: 'asyncpreemptoff=1' },
];

export default defineDemoRunner({
  manifest,
  async run(ctx) {
    const { scenario, seconds } = ctx.params;
    const src = join(ctx.rootDir, 'native/preemption');
    // The toolchain report says "1.26.8"; Go itself says "go1.26.8", as the slides do.
    const goVersion = `go${(ctx.toolchains.go?.version ?? '?').replace(/^go/, '')}`;

    ctx.status('building', 'go build native/preemption (cgo)');
    const bin = await buildGo(ctx, { name: 'preemption', dir: src, inputs: ['main.go'], output: 'preemption', packages: ['main.go'] });

    const chosen = scenario === 'all' ? scenarios : scenarios.filter((s) => s.id === scenario);
    const results: ScenarioResult[] = [];
    for (const s of chosen) {
      ctx.status('running', `${s.label}, GOMAXPROCS=1, ticker every ${everyMs} ms`);
      ctx.progress(`started: ${s.label}`, { step: s.id });
      let ticks = 0;
      let firstTickMs: number | undefined;
      let maxLateMs = 0;
      const res = await ctx.exec(bin, ['-loop', s.loop, '-seconds', String(seconds), '-every', `${everyMs}ms`], {
        // GODEBUG is always set (maybe empty) so the server's own environment cannot decide.
        env: { GOMAXPROCS: '1', GODEBUG: s.godebug },
        timeoutMs: seconds * 1000 + graceMs,
        outputCapBytes: 256 * 1024,
        streamOutput: false,
        source: s.id,
        onStdoutLine: (line) => {
          let parsed: unknown;
          try {
            parsed = JSON.parse(line);
          } catch {
            return;
          }
          const { event, tick, elapsedMs } = (parsed ?? {}) as Record<string, unknown>;
          if (event !== 'tick' || typeof tick !== 'number' || typeof elapsedMs !== 'number') return;
          ticks = tick;
          firstTickMs ??= elapsedMs;
          const lateMs = Math.max(0, elapsedMs - tick * everyMs);
          maxLateMs = Math.max(maxLateMs, lateMs);
          ctx.sample(s.id, { tick, elapsedMs, lateMs }, s.label);
        },
      });
      if (res.cancelled) throw new RunError('cancelled', 'cancelled');
      const hung = res.timedOut;
      const entry: ScenarioResult = {
        id: s.id,
        label: s.label,
        godebug: s.godebug,
        hung,
        ticks,
        maxLateMs: Math.round(maxLateMs * 10) / 10,
        exitCode: res.exitCode,
      };
      if (firstTickMs !== undefined) entry.firstTickMs = firstTickMs;
      if (hung) {
        entry.killedAfterS = Math.round(res.durationMs / 100) / 10;
        ctx.progress(`${s.label}: hung after ${ticks} tick${ticks === 1 ? '' : 's'}, killed after ${entry.killedAfterS} s`, { step: s.id });
      } else if (res.exitCode !== 0) {
        throw new RunError('program-crashed', `${s.id} exited with ${res.exitCode ?? res.signal}`, { source: s.id, detail: res.stderr.slice(0, 4096) });
      } else {
        ctx.progress(`${s.label}: ${ticks} ticks in ${seconds} s, at most ${entry.maxLateMs} ms late`, { step: s.id });
      }
      results.push(entry);
    }
    ctx.result({ goVersion, seconds, everyMs, gomaxprocs: 1, scenarios: results });
  },
});
