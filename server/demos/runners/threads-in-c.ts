/**
 * threads-in-c runner: builds native/threads once (cached) and runs it with N goroutines
 * blocked in C `sleep` and then in `time.Sleep`, streaming the OS thread count each
 * process reads from its own /proc/self/status.
 *
 * Samples: key "c" | "go", values { elapsedMs, threads, goroutines }.
 * Result (variant "compare"):
 *   { variant, n, gomaxprocs, goVersion, modes: { c: { peakThreads, finalThreads }, go: {…} } }
 * Result (variant "max-threads"): the crash is the expected outcome, not an error:
 *   { variant, n, gomaxprocs, maxThreads, crashed, fatal?, runtimeMessage?, peakThreads, exitCode }
 */
import { join } from 'node:path';
import manifest from '../../../demos/threads-in-c/manifest.ts';
import { RunError, defineDemoRunner, type DemoContext } from '../demo-context.ts';
import { buildGo } from '../native-build.ts';

/** How long every goroutine blocks, and over how long they are started. */
const holdMs = 3000;
const rampMs = 1000;
const intervalMs = 50;

interface ModeFigures { peakThreads: number; finalThreads: number; samples: number }

/** readSamples returns an onStdoutLine handler that turns the program's JSON lines into samples. */
function readSamples(ctx: DemoContext<unknown>, key: 'c' | 'go', figures: ModeFigures): (line: string) => void {
  return (line) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return; // not a sample line; it is still in the captured stdout
    }
    if (parsed === null || typeof parsed !== 'object') return;
    const { event, elapsedMs, threads, goroutines } = parsed as Record<string, unknown>;
    if (typeof elapsedMs !== 'number' || typeof threads !== 'number') return;
    figures.peakThreads = Math.max(figures.peakThreads, threads);
    figures.finalThreads = threads;
    if (event === 'sample' || event === 'start' || event === 'done') {
      figures.samples += 1;
      ctx.sample(key, { elapsedMs, threads, goroutines: typeof goroutines === 'number' ? goroutines : 0 });
    }
  };
}

export default defineDemoRunner({
  manifest,
  async run(ctx) {
    const { n, gomaxprocs, variant, maxThreads } = ctx.params;
    const src = join(ctx.rootDir, 'native/threads');
    // The toolchain report says "1.26.8"; Go itself says "go1.26.8", as the slides do.
    const goVersion = `go${(ctx.toolchains.go?.version ?? '?').replace(/^go/, '')}`;

    ctx.status('building', 'go build native/threads (cgo)');
    const bin = await buildGo(ctx, { name: 'threads', dir: src, inputs: ['main.go'], output: 'threads', packages: ['main.go'], timeoutMs: 120_000 });
    const env = { GOMAXPROCS: String(gomaxprocs) };

    if (variant === 'compare') {
      const modes: Record<string, ModeFigures> = {};
      for (const mode of ['c', 'go'] as const) {
        const figures: ModeFigures = { peakThreads: 0, finalThreads: 0, samples: 0 };
        modes[mode] = figures;
        ctx.status('running', mode === 'c'
          ? `${n} goroutines in C sleep(), GOMAXPROCS=${gomaxprocs}`
          : `${n} goroutines in time.Sleep, GOMAXPROCS=${gomaxprocs}`);
        const res = await ctx.exec(bin, ['-n', String(n), '-mode', mode, '-hold', `${holdMs}ms`, '-ramp', `${rampMs}ms`, '-interval', `${intervalMs}ms`], {
          env,
          timeoutMs: holdMs + rampMs + 15_000,
          outputCapBytes: 1024 * 1024,
          streamOutput: false,
          onStdoutLine: readSamples(ctx, mode, figures),
          source: `threads -mode ${mode}`,
        });
        if (res.cancelled) throw new RunError('cancelled', 'cancelled');
        if (res.timedOut) throw new RunError('timeout', `the ${mode} run did not finish in time`, { source: 'threads' });
        if (res.exitCode !== 0) {
          throw new RunError('program-crashed', `threads -mode ${mode} exited with ${res.exitCode ?? res.signal}`, {
            source: 'threads',
            detail: res.stderr.slice(0, 4096),
          });
        }
      }
      ctx.result({
        variant,
        n,
        gomaxprocs,
        goVersion,
        measured: 'OS threads of the process (Threads: in /proc/self/status), sampled every 50 ms',
        modes: {
          c: { ...(modes.c as ModeFigures) },
          go: { ...(modes.go as ModeFigures) },
        },
      });
      return;
    }

    // max-threads: the runtime's own limit turns "one thread per goroutine in C" into a
    // crash. The crash is what the slide shows, so it is a result, not an error event.
    const figures: ModeFigures = { peakThreads: 0, finalThreads: 0, samples: 0 };
    ctx.status('running', `${n} goroutines in C sleep() under debug.SetMaxThreads(${maxThreads})`);
    const res = await ctx.exec(bin, ['-n', String(n), '-mode', 'c', '-hold', `${holdMs}ms`, '-ramp', `${rampMs}ms`, '-interval', `${intervalMs}ms`, '-max-threads', String(maxThreads)], {
      env,
      timeoutMs: holdMs + rampMs + 15_000,
      // The crash prints every goroutine's stack (~500 bytes each); only the head matters.
      outputCapBytes: 1024 * 1024,
      streamOutput: false,
      onStdoutLine: readSamples(ctx, 'c', figures),
      source: 'threads -max-threads',
    });
    if (res.cancelled) throw new RunError('cancelled', 'cancelled');
    if (res.timedOut) throw new RunError('timeout', 'the program did not finish in time', { source: 'threads' });
    const lines = res.stderr.split('\n');
    const fatalIndex = lines.findIndex((l) => l.startsWith('fatal error: '));
    const head = lines.slice(0, Math.max(fatalIndex + 1, 0)).join('\n').trim();
    if (head) ctx.stderr(`${head}\n… (${lines.length - fatalIndex - 1} more lines of goroutine stacks, not shown)\n`, 'threads');
    ctx.result({
      variant,
      n,
      gomaxprocs,
      maxThreads,
      goVersion,
      crashed: fatalIndex >= 0,
      ...(fatalIndex >= 0 ? { fatal: (lines[fatalIndex] ?? '').trim() } : {}),
      ...(fatalIndex > 0 ? { runtimeMessage: (lines[fatalIndex - 1] ?? '').trim() } : {}),
      peakThreads: figures.peakThreads,
      exitCode: res.exitCode,
      note: fatalIndex >= 0
        ? 'expected: every goroutine in C holds a thread, and the runtime refuses to pass its limit'
        : n + 4 <= maxThreads
          ? `no crash: ${n} goroutines need fewer threads than the limit of ${maxThreads}`
          : 'no crash was observed',
    });
  },
});
