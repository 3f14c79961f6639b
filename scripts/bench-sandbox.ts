/**
 * bench-sandbox: what the sandbox costs an edited run, measured here. The same edited
 * program (native/pointer-rules/pinner, which runs clean) is built and run two ways,
 * interleaved round by round so a busy machine slows both alike:
 *
 *   before   as edited code ran before the sandbox: the unprivileged uid (when root),
 *            rlimits per process (prlimit), a Go cache of its own, no namespaces
 *   sandbox  server/sandbox/: bubblewrap namespaces, a cgroup per step, the same Go
 *            commands, limits and environment the pointer-rules runner uses
 *
 * and prints one table: median warm build, median run, their sum (the cost per edited
 * run, goal ≤ 150 ms over before), and the cold build (the first into an empty cache:
 * Go compiles its runtime) of each way, once. Builds of a second or more vary by
 * hundreds of ms on a busy machine, so it also times an empty step (`/bin/true`) both
 * ways: twice its difference (a build and a run) is the sandbox's fixed cost per edited
 * run, a figure that noise disturbs far less.
 *
 * Usage: tsx scripts/bench-sandbox.ts [--rounds N (default 10)] [--json]
 * Exit status 0 when the goal is met, 1 when not, 2 when the sandbox is missing here.
 */
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from '../demos/stats/stats.ts';
import type { ExecResult } from '../server/demos/demo-context.ts';
import { rootDirDefault } from '../server/engine/open-engine.ts';
import { createProcessRunner, resolveCommand } from '../server/process/process-runner.ts';
import { editedGoBuild, editedGoProgram, programLimits } from '../server/sandbox/edited-go.ts';
import { createSandbox, sandboxIdentity } from '../server/sandbox/sandbox.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '10' }, json: { type: 'boolean' } } });
const rounds = Math.max(3, Number(values.rounds) || 10);
const goalMs = 150;

const runner = createProcessRunner();
const identity = sandboxIdentity();
const go = resolveCommand('go', process.env.PATH) ?? '/usr/local/go/bin/go';
const goroot = (await runner.exec(go, ['env', 'GOROOT'], { timeoutMs: 10_000 })).stdout.trim();
const source = await readFile(join(rootDirDefault, 'native/pointer-rules/pinner/main.go'), 'utf8');

const scratch = await mkdtemp(join(tmpdir(), 'bench-sandbox-'));
await chmod(scratch, 0o711);
const sandbox = createSandbox({ processRunner: runner, stateDir: scratch });
const status = await sandbox.status();
if (!status.available) {
  console.error(`bench-sandbox: no sandbox here: ${status.reason}`);
  await rm(scratch, { recursive: true, force: true });
  process.exit(2);
}

/** workDir makes a run folder with main.go the sandbox's uid may build in (as the engine's tempDir + runner do). */
async function workDir(edit: number): Promise<string> {
  const dir = await mkdtemp(join(scratch, 'run-'));
  await chmod(dir, 0o755);
  // A comment per round: each build is of "edited" code, the cache warm for the rest.
  await writeFile(join(dir, 'main.go'), `${source}\n// edit ${edit}\n`, { mode: 0o644 });
  if (identity.dropped) await chown(dir, identity.uid, identity.gid);
  return dir;
}

/** beforeCommand runs a command as edited code ran before the sandbox. */
function before(cmd: string, args: string[], options: { cwd: string; env: Record<string, string>; memoryBytes?: number; maxProcesses: number; timeoutMs: number }): Promise<ExecResult> {
  const setpriv = identity.dropped ? ['setpriv', `--reuid=${identity.uid}`, `--regid=${identity.gid}`, '--clear-groups', '--'] : [];
  const limits = [`--nproc=${options.maxProcesses}`, ...(options.memoryBytes ? [`--as=${options.memoryBytes}`] : [])];
  const argv = [...setpriv, 'prlimit', ...limits, '--', cmd, ...args];
  return runner.exec(argv[0]!, argv.slice(1), { cwd: options.cwd, env: { PATH: '/usr/bin:/bin', ...options.env }, replaceEnv: true, timeoutMs: options.timeoutMs });
}

function check(what: string, result: ExecResult): number {
  if (result.exitCode !== 0 || result.limit) throw new Error(`${what} failed (exit ${result.exitCode}${result.limit ? `, ${result.limit.message}` : ''}): ${result.stderr.slice(0, 500)}`);
  return result.durationMs;
}

const beforeCache = join(scratch, 'before-go-cache');
await mkdir(beforeCache, { mode: 0o700 });
if (identity.dropped) await chown(beforeCache, identity.uid, identity.gid);

async function buildBefore(dir: string): Promise<number> {
  const step = editedGoBuild({ go, goroot, workDir: dir, cacheDir: beforeCache, cgocheck2: false, cold: true });
  const env = { ...(step.options.env as Record<string, string>), GOCACHE: beforeCache, HOME: dir, TMPDIR: dir, GOPATH: join(dir, 'gopath') };
  return check('build (before)', await before(go, step.args, { cwd: dir, env, maxProcesses: 256, timeoutMs: 600_000 }));
}

async function runBefore(dir: string): Promise<number> {
  return check('run (before)', await before(join(dir, 'prog'), [], { cwd: dir, env: { GOTRACEBACK: 'single' }, memoryBytes: programLimits.memoryBytes, maxProcesses: programLimits.maxProcesses, timeoutMs: 10_000 }));
}

const cache = await sandbox.cache('bench');
async function buildSandboxed(dir: string, cold: boolean): Promise<number> {
  const step = editedGoBuild({ go, goroot, workDir: dir, cacheDir: cache.dir, cgocheck2: false, cold });
  return check('build (sandbox)', await sandbox.exec(step.cmd, step.args, step.options.sandbox!, { ...step.options }));
}

async function runSandboxed(dir: string): Promise<number> {
  const step = editedGoProgram(dir);
  return check('run (sandbox)', await sandbox.exec(step.cmd, step.args, step.options.sandbox!, { ...step.options }));
}

const timings = { buildBefore: [] as number[], runBefore: [] as number[], buildSandbox: [] as number[], runSandbox: [] as number[], emptyBefore: [] as number[], emptySandbox: [] as number[] };
const emptyLimits = { ...programLimits };
const loadAtStart = loadavg()[0]!;
try {
  console.error('bench-sandbox: cold builds (Go compiles its runtime into each empty cache) …');
  const coldBefore = await buildBefore(await workDir(-1));
  const coldSandbox = await buildSandboxed(await workDir(-2), true);
  for (let round = 0; round < rounds; round++) {
    const a = await workDir(round * 2);
    const b = await workDir(round * 2 + 1);
    // Alternate which way goes first, so neither always gets the warmer moment.
    const order = round % 2 === 0 ? ['before', 'sandbox'] : ['sandbox', 'before'];
    for (const way of order) {
      if (way === 'before') {
        timings.buildBefore.push(await buildBefore(a));
        timings.runBefore.push(await runBefore(a));
      } else {
        timings.buildSandbox.push(await buildSandboxed(b, false));
        timings.runSandbox.push(await runSandboxed(b));
      }
    }
    for (let i = 0; i < 3; i++) {
      timings.emptyBefore.push(check('empty step (before)', await before('/bin/true', [], { cwd: scratch, env: {}, memoryBytes: emptyLimits.memoryBytes, maxProcesses: emptyLimits.maxProcesses, timeoutMs: 10_000 })));
      timings.emptySandbox.push(check('empty step (sandbox)', await sandbox.exec('/bin/true', [], { step: 'the program', mounts: [], limits: emptyLimits }, { env: { PATH: '/usr/bin:/bin' }, timeoutMs: 10_000 })));
    }
    console.error(`bench-sandbox: round ${round + 1}/${rounds}`);
  }
  const med = Object.fromEntries(Object.entries(timings).map(([key, list]) => [key, median(list)])) as Record<keyof typeof timings, number>;
  const totalBefore = med.buildBefore + med.runBefore;
  const totalSandbox = med.buildSandbox + med.runSandbox;
  const costMs = totalSandbox - totalBefore;
  const fixedCostMs = 2 * (med.emptySandbox - med.emptyBefore);
  const rows = [
    ['warm build (median)', med.buildBefore, med.buildSandbox, ''],
    ['run (median)', med.runBefore, med.runSandbox, ''],
    ['per edited run: build + run', totalBefore, totalSandbox, `≤ ${goalMs} ms: ${costMs <= goalMs ? 'met' : 'not met'}`],
    ['empty step /bin/true (median)', med.emptyBefore, med.emptySandbox, ''],
    ['fixed cost per edited run: 2 empty steps', 2 * med.emptyBefore, 2 * med.emptySandbox, `≤ ${goalMs} ms: ${fixedCostMs <= goalMs ? 'met' : 'not met'}`],
    ['cold build (once)', coldBefore, coldSandbox, ''],
  ] as const;
  const loadAtEnd = loadavg()[0]!;
  if (values.json) {
    console.log(JSON.stringify({ rounds, goalMs, costMs, met: costMs <= goalMs, fixedCostMs, fixedMet: fixedCostMs <= goalMs, medians: med, coldBefore, coldSandbox, timings, loadavg: [loadAtStart, loadAtEnd], sandbox: status.summary }, null, 2));
  } else {
    const fmt = (ms: number): string => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
    const table = [
      ['measure', 'before (no sandbox)', 'sandbox', 'difference', 'goal'],
      ...rows.map(([what, a, b, goal]) => [what, fmt(a), fmt(b), `${b - a >= 0 ? '+' : '−'}${fmt(Math.abs(b - a))}`, goal]),
    ];
    const widths = table[0]!.map((_, col) => Math.max(...table.map((row) => row[col]!.length)));
    for (const row of table) console.log(row.map((cell, col) => cell.padEnd(widths[col]!)).join('  ').trimEnd());
    console.log(`\n${rounds} rounds, interleaved; sandbox: ${status.summary}`);
    console.log(`load average ${loadAtStart.toFixed(2)} → ${loadAtEnd.toFixed(2)} on ${(await import('node:os')).cpus().length} cores${loadAtEnd > 1.5 ? ': a busy machine, the figures are noisy' : ''}`);
  }
  process.exitCode = costMs <= goalMs ? 0 : 1;
} finally {
  await sandbox.close();
  await rm(scratch, { recursive: true, force: true });
}
