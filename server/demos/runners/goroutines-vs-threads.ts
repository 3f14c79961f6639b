/**
 * goroutines-vs-threads runner: builds the Go and the C program, runs each with N, and
 * streams the memory each reports as samples. The programs read /proc themselves, so
 * each figure is the process's own view (see demos/goroutines-vs-threads/memory.ts).
 */
import { join } from 'node:path';
import manifest from '../../../demos/goroutines-vs-threads/manifest.ts';
import { costPerUnit, parseMemoryLine, type MemoryLine } from '../../../demos/goroutines-vs-threads/memory.ts';
import { goVersionLabel } from '../../../demos/go-shared/go-version.ts';
import { defineDemoRunner, RunError } from '../demo-context.ts';
import { buildC, buildGo } from '../native-build.ts';

/** How many reports each program prints on the way to N (plus the baseline). */
const steps = 20;

export default defineDemoRunner({
  manifest,
  async run(ctx) {
    const { n, which } = ctx.params;
    const goVersion = goVersionLabel(ctx.toolchains.go?.version);
    const ccVersion = ctx.toolchains.cc?.version ?? 'unknown';
    const dir = join(ctx.rootDir, 'native', 'goroutines-threads');
    ctx.status('building', 'go build native/goroutines-threads/go; cc -O2 -pthread native/goroutines-threads/c/threads.c');
    const goBinary = await buildGo(ctx, { name: 'goroutines (go)', dir: join(dir, 'go'), inputs: ['go.mod', 'main.go'], output: 'goroutines' });
    const cBinary = await buildC(ctx, { name: 'threads (c)', dir: join(dir, 'c'), sources: ['threads.c'], output: 'threads', flags: ['-O2', '-Wall', '-pthread'] });

    const runOne = async (key: 'goroutines' | 'threads', cmd: string, args: string[]): Promise<MemoryLine[]> => {
      ctx.status('running', `starting ${n} ${key === 'goroutines' ? 'goroutines (blocked on a channel)' : 'POSIX threads (blocked on a condition variable)'}`);
      const lines: MemoryLine[] = [];
      const res = await ctx.exec(cmd, args, {
        source: key,
        streamOutput: false,
        timeoutMs: 60_000,
        onStdoutLine(text) {
          const line = parseMemoryLine(text);
          if (!line) return;
          lines.push(line);
          ctx.sample(key, { n: line.n, rssBytes: line.rssBytes, vmBytes: line.vmBytes, kernelStackBytes: line.kernelStackBytes, threads: line.threads });
        },
      });
      if (res.timedOut) throw new RunError('timeout', `the ${key} program did not finish in time and was killed`, { source: key });
      if (res.exitCode !== 0) throw new RunError('program-crashed', `the ${key} program exited with ${res.exitCode ?? res.signal}`, { source: key, detail: res.stderr });
      if (res.stderr.trim()) ctx.error('program-crashed', res.stderr.trim().split('\n')[0] ?? '', { source: key, detail: res.stderr });
      return lines;
    };

    const goLines = which === 'threads' ? [] : await runOne('goroutines', goBinary, ['-n', String(n), '-steps', String(steps)]);
    const cLines = which === 'goroutines' ? [] : await runOne('threads', cBinary, [String(n), String(steps)]);
    const goroutines = costPerUnit(goLines);
    const threads = costPerUnit(cLines);
    ctx.result({
      n,
      goVersion,
      ccVersion,
      goroutines: goroutines ?? null,
      threads: threads ? { ...threads, stackBytes: cLines[0]?.stackBytes ?? null } : null,
      rssRatio: goroutines && threads && goroutines.rssPerUnitBytes > 0 ? threads.rssPerUnitBytes / goroutines.rssPerUnitBytes : null,
      measures: {
        rssBytes: 'VmRSS of the process: resident pages',
        vmBytes: 'VmSize of the process: reserved address space',
        kernelStackBytes: 'KernelStack in /proc/meminfo: machine-wide kernel stacks (one per OS thread)',
      },
    });
  },
});
