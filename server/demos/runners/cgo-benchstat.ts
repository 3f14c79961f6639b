/**
 * cgo-benchstat runner: compiles the benchmarks in native/cgo-bench into a test binary
 * (cached), runs it with -test.count and -test.benchtime, streams each result line as a
 * sample, then summarises: with benchstat's own table when benchstat is installed
 * (`go install golang.org/x/perf/cmd/benchstat@latest`), and always with the same
 * statistics computed here (demos/cgo-benchstat/bench-output.ts), so the chart needs no
 * benchstat and the static build shows both.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import manifest from '../../../demos/cgo-benchstat/manifest.ts';
import { parseBenchHeader, parseBenchLine, summarizeBench, type BenchResult } from '../../../demos/cgo-benchstat/bench-output.ts';
import { goVersionLabel } from '../../../demos/go-shared/go-version.ts';
import { defineDemoRunner, RunError } from '../demo-context.ts';
import { buildGo } from '../native-build.ts';

/** What each benchmark measures, for the slide. */
const labels: Record<string, string> = {
  GoCall: 'Go → Go call (not inlined)',
  CgoCall: 'Go → C call (cgo)',
  CgoCallNoescapeNocallback: 'Go → C, #cgo noescape + nocallback',
  CgoCallback: 'Go → C → Go (a cgo call whose C calls back into Go)',
};

export default defineDemoRunner({
  manifest,
  async run(ctx) {
    const goVersion = goVersionLabel(ctx.toolchains.go?.version);
    const srcDir = join(ctx.rootDir, 'native', 'cgo-bench');
    ctx.status('building', 'go test -c native/cgo-bench');
    const testBinary = await buildGo(ctx, { name: 'cgo-bench', dir: srcDir, inputs: ['go.mod', 'bench.go', 'bench.c', 'bench_test.go'], output: 'cgobench.test', test: true });

    const { count, benchtimeMs } = ctx.params;
    ctx.status('running', `go test -bench . -count ${count} -benchtime ${benchtimeMs}ms`);
    const results: BenchResult[] = [];
    const header: Record<string, string> = {};
    const runs = new Map<string, number>();
    const res = await ctx.exec(
      testBinary,
      ['-test.run', '^$', '-test.bench', '.', '-test.count', String(count), '-test.benchtime', `${benchtimeMs}ms`],
      {
        source: 'go test',
        cwd: srcDir,
        timeoutMs: 280_000,
        onStdoutLine(line) {
          const h = parseBenchHeader(line);
          if (h) header[h[0]] = h[1];
          const r = parseBenchLine(line);
          if (!r) return;
          results.push(r);
          const run = (runs.get(r.name) ?? 0) + 1;
          runs.set(r.name, run);
          ctx.sample(r.name, { nsPerOp: r.nsPerOp, iterations: r.iterations, run }, labels[r.name] ?? r.name);
        },
      },
    );
    if (res.timedOut) throw new RunError('timeout', 'the benchmarks did not finish in time and were killed', { source: 'go test' });
    if (res.exitCode !== 0 || results.length === 0) {
      throw new RunError('program-crashed', `the benchmark binary exited with ${res.exitCode ?? res.signal}`, { detail: `${res.stdout}\n${res.stderr}`.trim().slice(-3000) });
    }

    let benchstat: string | null = null;
    const tool = ctx.toolchains.benchstat;
    if (tool?.found && tool.path) {
      ctx.status('finishing', 'benchstat');
      // A short relative name: benchstat prints it as the column title.
      const dir = await ctx.tempDir('cgo-benchstat-');
      await writeFile(join(dir, 'cgo.txt'), res.stdout);
      const bs = await ctx.exec(tool.path, ['cgo.txt'], { cwd: dir, source: 'benchstat', timeoutMs: 30_000, streamOutput: false });
      if (bs.exitCode === 0) benchstat = bs.stdout.trimEnd();
      else ctx.error('program-crashed', 'benchstat failed; the table below is computed by the deck', { source: 'benchstat', detail: bs.stderr });
    }
    const rows = summarizeBench(results);
    ctx.result({
      goVersion,
      cpu: header.cpu ?? null,
      goos: header.goos ?? null,
      goarch: header.goarch ?? null,
      count,
      benchtimeMs,
      rows,
      labels,
      benchstat,
      statsBy: benchstat === null ? 'demos/stats' : 'benchstat',
      statsNote:
        benchstat === null
          ? 'benchstat is not installed here: median and 95 % confidence interval computed by the deck with benchstat’s method (order statistics).'
          : 'benchstat’s own table, and the same statistics computed by the deck for the chart.',
    });
  },
});
