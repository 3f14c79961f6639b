/**
 * trampoline-gdb runner: builds `native/trampoline/` with optimisations and inlining off
 * (so every frame is real and named), runs it under `gdb -batch` with a breakpoint in the
 * callee, and streams each backtrace frame as gdb prints it. gdb's commands are an
 * argument array; each command's output is bracketed by an echoed marker line
 * (demos/trampoline-gdb/gdb-output.ts) so warnings and notices in between don't matter.
 *
 * Why `-iex 'set auto-load safe-path /'`: Go installs runtime-gdb.py, which gdb declines
 * to load by default; it adds `goroutine N bt`, the only way to see the Go frames below
 * runtime.asmcgocall (gdb cannot unwind across the switch to the system stack).
 * Where the stacks are comes from the g register (R14 in Go's amd64 ABI, callee-saved
 * in C, so it still holds the goroutine's g inside the C function): g.m.curg.stack is
 * the goroutine's stack, g.m.g0.stack the thread's.
 */
import { join } from 'node:path';
import manifest from '../../../demos/trampoline-gdb/manifest.ts';
import {
  parseAddress,
  parseBacktrace,
  parseFrameLine,
  parseNumber,
  parseStackBounds,
  sectionMarker,
  splitSections,
  within,
  type GdbFrame,
} from '../../../demos/trampoline-gdb/gdb-output.ts';
import { goVersionLabel } from '../../../demos/go-shared/go-version.ts';
import type { DemoResult } from '../../../demos/define-demo.ts';

/** DirectionRun is what one gdb session found (one entry of the result's `runs`). */
type DirectionRun = DemoResult<typeof manifest>['runs'][number];
import { defineDemoRunner, RunError, type DemoContext, toolPath } from '../demo-context.ts';
import { buildGo } from '../native-build.ts';

const gOf = "((struct 'runtime.g' *)$r14)";

/** marked runs one gdb command after echoing a marker that names its output. */
function marked(section: string, ...commands: string[]): string[] {
  return ['-ex', `echo ${sectionMarker}${section}\\n`, ...commands.flatMap((c) => ['-ex', c])];
}

/** gdbScript returns gdb's arguments (no shell involved) for one direction. */
function gdbScript(direction: Direction, exe: string): string[] {
  const common = ['-batch', '-nx', '-iex', 'set auto-load safe-path /', '-ex', 'set pagination off', '-ex', 'set confirm off'];
  const stacks = [
    ...marked('goroutine-stack', `p/x ${gOf}->m->curg->stack`),
    ...marked('thread-stack', `p/x ${gOf}->m->g0->stack`),
    ...marked('goid', `p ${gOf}->m->curg->goid`),
  ];
  if (direction === 'go-to-c') {
    return [
      ...common,
      '-ex', 'break cfunc',
      '-ex', 'run',
      ...marked('bt-c', 'bt'),
      ...marked('bt-go', 'goroutine 1 bt'),
      '-ex', 'set language c',
      ...marked('sp', 'p/x $sp'),
      '-ex', 'frame 1',
      ...marked('arg-frame', 'p/x v'),
      ...stacks,
      '-ex', 'kill',
      '--args', exe,
    ];
  }
  return [
    ...common,
    '-ex', 'break crosscall2',
    '-ex', 'break main.goCallback',
    '-ex', 'run',
    ...marked('bt-c', 'bt'),
    '-ex', 'continue',
    ...marked('bt-go', 'bt'),
    '-ex', 'set language c',
    ...marked('sp', 'p/x $sp'),
    '-ex', 'frame 1',
    ...marked('arg-frame', 'p/x a'),
    ...stacks,
    '-ex', 'kill',
    '--args', exe, 'c-to-go',
  ];
}

/**
 * untilStackSwitch keeps the frames up to runtime.asmcgocall: gdb cannot follow the
 * switch from the system stack back to the goroutine's, so what it prints below that
 * frame is garbage (`?? ()`, random runtime names). The Go side comes from
 * `goroutine 1 bt` instead.
 */
function untilStackSwitch(frames: GdbFrame[]): GdbFrame[] {
  const at = frames.findIndex((f) => f.function === 'runtime.asmcgocall');
  return at < 0 ? frames : frames.slice(0, at + 1);
}

type Direction = 'go-to-c' | 'c-to-go';

/**
 * traceOne runs gdb for one direction, streaming each frame as a progress event whose
 * `source` is "<direction> <section>" (e.g. "go-to-c bt-c"), and returns its findings.
 */
async function traceOne(ctx: DemoContext<unknown>, direction: Direction, exe: string): Promise<DirectionRun> {
  ctx.status('running', direction === 'go-to-c' ? 'gdb: break cfunc, run, bt' : 'gdb: break crosscall2 and main.goCallback, run, bt');
  let section = '';
  let pastSwitch = false;
  const result = await ctx.exec(toolPath(ctx.toolchains, 'gdb'), gdbScript(direction, exe), {
    source: 'gdb',
    timeoutMs: 60_000,
    // gdb's output is passed on below, without the runner's own marker lines.
    streamOutput: false,
    onStderrLine: (line) => ctx.stderr(`${line}\n`, 'gdb'),
    onStdoutLine(line) {
      if (line.startsWith(sectionMarker)) {
        section = line.slice(sectionMarker.length).trim();
        pastSwitch = false;
        return;
      }
      ctx.stdout(`${line}\n`, 'gdb');
      if (!section.startsWith('bt-') || pastSwitch) return;
      const frame = parseFrameLine(line);
      if (!frame || frame.stage === 'unknown') return;
      if (section === 'bt-c') pastSwitch = frame.function === 'runtime.asmcgocall';
      // Streamed as gdb prints it, so the slide's picture lights up frame by frame.
      ctx.progress(`#${frame.index} ${frame.function}${frame.file ? ` at ${frame.file}:${frame.line}` : ''}`, {
        step: frame.stage,
        source: `${direction} ${section}`,
      });
    },
  });
  if (result.timedOut) throw new RunError('timeout', 'gdb did not finish in time and was killed', { source: 'gdb' });
  const sections = splitSections(result.stdout);
  const btC = untilStackSwitch(parseBacktrace(sections.get('bt-c') ?? []));
  if (btC.length === 0 && /ptrace: Operation not permitted|Could not attach|not permitted/i.test(`${result.stderr}\n${result.stdout}`)) {
    // A container without CAP_SYS_PTRACE (or yama ptrace_scope 3): gdb is there but cannot trace.
    throw new RunError('toolchain-missing', 'gdb cannot trace processes on this machine (ptrace is not permitted)', {
      source: 'gdb',
      detail: `${result.stderr}`.trim().split('\n').slice(-10).join('\n'),
    });
  }
  if (btC.length === 0) {
    throw new RunError('program-crashed', `gdb printed no backtrace (${direction}): the breakpoint was never hit`, {
      source: 'gdb',
      detail: `${result.stderr}\n${result.stdout}`.trim().split('\n').slice(-30).join('\n'),
    });
  }
  const btGo = parseBacktrace(sections.get('bt-go') ?? []);
  const goroutine = parseStackBounds(sections.get('goroutine-stack') ?? []);
  const thread = parseStackBounds(sections.get('thread-stack') ?? []);
  const sp = parseAddress(sections.get('sp') ?? []);
  const argFrame = parseAddress(sections.get('arg-frame') ?? []);
  const where = (a: string | undefined): string => (within(a, goroutine) ? 'goroutine stack' : within(a, thread) ? 'thread (g0) stack' : 'elsewhere');
  const known = (frames: GdbFrame[]): GdbFrame[] => frames.filter((f) => f.stage !== 'unknown');
  return {
    direction,
    frames: [...known(btC), ...known(btGo)],
    cSideFrames: known(btC),
    goSideFrames: known(btGo),
    stacks: { goroutine: goroutine ?? null, thread: thread ?? null },
    goid: parseNumber(sections.get('goid') ?? []) ?? null,
    sp: sp ?? null,
    spOn: where(sp),
    argFrame: argFrame ?? null,
    argFrameOn: where(argFrame),
  };
}

export default defineDemoRunner({
  manifest,
  async run(ctx) {
    const direction = ctx.params.direction;
    const goVersion = goVersionLabel(ctx.toolchains.go?.version);
    const srcDir = join(ctx.rootDir, 'native', 'trampoline');
    ctx.status('building', 'go build -gcflags=all=-N -l native/trampoline (no optimisation, no inlining: every frame real)');
    const exe = await buildGo(ctx, { name: 'trampoline', dir: srcDir, inputs: ['go.mod', 'main.go', 'cside.c'], output: 'trampoline', flags: ['-gcflags=all=-N -l'], timeoutMs: 120_000 });

    const directions: Direction[] = direction === 'both' ? ['go-to-c', 'c-to-go'] : [direction];
    const runs: DirectionRun[] = [];
    for (const d of directions) runs.push(await traceOne(ctx, d, exe));
    // `runs` has one entry per direction run ("both": go-to-c, then c-to-go).
    ctx.result({ direction, goVersion, gdbVersion: ctx.toolchains.gdb?.version ?? 'unknown', runs });
  },
});
