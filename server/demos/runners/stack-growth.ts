/**
 * stack-growth runner: builds native/stack-growth and turns its JSON lines into samples
 * (the program's output format is documented in its main.go).
 */
import { join } from 'node:path';
import manifest from '../../../demos/stack-growth/manifest.ts';
import { goVersionLabel } from '../../../demos/go-shared/go-version.ts';
import { defineDemoRunner, RunError } from '../demo-context.ts';
import { buildGo } from '../native-build.ts';

interface Line {
  event?: string;
  depth?: number;
  anchorAddr?: number;
  heapAddr?: number;
  inUseBytes?: number;
  fromAddr?: number;
  toAddr?: number;
  startingStackBytes?: number;
  moves?: number;
}

const hex = (n: number): string => `0x${n.toString(16)}`;

export default defineDemoRunner({
  manifest,
  async run(ctx) {
    const goVersion = goVersionLabel(ctx.toolchains.go?.version);
    const srcDir = join(ctx.rootDir, 'native', 'stack-growth');
    ctx.status('building', 'go build native/stack-growth');
    const binary = await buildGo(ctx, { name: 'stack-growth', dir: srcDir, inputs: ['go.mod', 'main.go'], output: 'stackgrowth' });

    const { depth, samples, pauseMs } = ctx.params;
    const every = Math.max(1, Math.floor(depth / samples));
    ctx.status('running', `recursing to depth ${depth} in a new goroutine, a sample every ${every} frames`);
    let startingStackBytes = 0;
    let heapAddr: number | undefined;
    let heapAddrStable = true;
    let moves: Array<{ depth: number; fromAddr: string; toAddr: string; inUseBytes: number }> = [];
    let last: Line | undefined;
    let first: Line | undefined;
    let done: Line | undefined;
    let junk = 0;
    const res = await ctx.exec(binary, ['-depth', String(depth), '-every', String(every), '-pause', `${pauseMs}ms`], {
      source: 'stackgrowth',
      streamOutput: false,
      // The goroutine may use ~100 bytes × depth of stack; a deep run copies ~20 MB at most.
      timeoutMs: 90_000,
      onStdoutLine(text) {
        let line: Line;
        try {
          line = JSON.parse(text) as Line;
        } catch {
          junk++;
          return;
        }
        switch (line.event) {
          case 'start':
            startingStackBytes = line.startingStackBytes ?? 0;
            ctx.progress(`new goroutines start with a ${startingStackBytes}-byte stack (runtime/metrics /gc/stack/starting-size:bytes)`, { step: 'start' });
            break;
          case 'sample':
            first ??= line;
            last = line;
            if (heapAddr === undefined) heapAddr = line.heapAddr;
            else if (line.heapAddr !== heapAddr) heapAddrStable = false;
            ctx.sample('depth', {
              depth: line.depth ?? 0,
              inUseBytes: line.inUseBytes ?? 0,
              anchorAddr: line.anchorAddr ?? 0,
              heapAddr: line.heapAddr ?? 0,
            });
            break;
          case 'moved':
            moves.push({ depth: line.depth ?? 0, fromAddr: hex(line.fromAddr ?? 0), toAddr: hex(line.toAddr ?? 0), inUseBytes: line.inUseBytes ?? 0 });
            ctx.sample('moved', { depth: line.depth ?? 0, fromAddr: line.fromAddr ?? 0, toAddr: line.toAddr ?? 0, inUseBytes: line.inUseBytes ?? 0 });
            ctx.progress(`depth ${line.depth}: stack copied — &anchor ${hex(line.fromAddr ?? 0)} → ${hex(line.toAddr ?? 0)}`, { step: 'moved' });
            break;
          case 'done':
            done = line;
            break;
          default:
            junk++;
        }
      },
    });
    if (res.timedOut) throw new RunError('timeout', 'the recursion did not finish in time and was killed', { source: 'stackgrowth' });
    if (res.exitCode !== 0 || !done) {
      throw new RunError('program-crashed', `stackgrowth exited with ${res.exitCode ?? res.signal}`, { detail: res.stderr.split('\n').slice(-20).join('\n') });
    }
    if (junk > 0) ctx.error('internal', `${junk} output lines were not understood`, { source: 'stackgrowth' });
    const bytesPerFrame =
      first && last && last.depth !== first.depth ? Math.round(((last.inUseBytes ?? 0) - (first.inUseBytes ?? 0)) / ((last.depth ?? 0) - (first.depth ?? 0))) : null;
    moves = moves.slice(0, 64);
    ctx.result({
      goVersion,
      startingStackBytes,
      depth,
      every,
      moves,
      moveCount: done.moves ?? moves.length,
      heapAddr: heapAddr === undefined ? null : hex(heapAddr),
      heapAddrStable,
      finalInUseBytes: last?.inUseBytes ?? null,
      bytesPerFrame,
    });
  },
});
