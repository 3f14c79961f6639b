/**
 * `npm run mutate [-- --only statistics,run-log] [--table]`: mutation testing of the core
 * modules with StrykerJS (stryker.config.mjs): each module's unit tests run against many
 * small planted bugs (a `<` turned `<=`, a condition forced true, a statement removed);
 * a bug no test notices is a test still missing. Prints a table: score per module against
 * its goal, and how many mutants each module turns off with `// Stryker disable` (allowed
 * only for equivalent mutants, each with its reason after a colon).
 *
 * A benchmark, not a CI step: the whole set takes a long while on two cores. Each module
 * runs on its own and keeps its report in `.cache/mutate/<module>.json`, so `--only`
 * refreshes some rows and `--table` prints the table from the reports already there
 * (a row whose sources changed since its report says "stale").
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { disableCommentsIn, formatTable, scoreReport, survivorsOf, type MutationReport, type TableRow } from './mutation-score.ts';

const rootDir = resolve(import.meta.dirname, '..');
const reportDir = join(rootDir, '.cache/mutate');

/** CoreModule is one row of the table: its source files and the score it must reach. */
interface CoreModule {
  name: string;
  files: string[];
  goalPct: number;
}

/** coreModules are the modules whose tests must catch planted bugs (issue 15). */
const coreModules: CoreModule[] = [
  { name: 'statistics', files: ['demos/stats/stats.ts', 'demos/stats/mann-whitney.ts'], goalPct: 90 },
  { name: 'rounds', files: ['demos/stats/rounds.ts', 'demos/stats/shuffled-rounds.ts'], goalPct: 90 },
  { name: 'machine-check', files: ['demos/stats/machine-speed.ts', 'demos/stats/speed-history.ts', 'demos/stats/machine-line.ts', 'demos/stats/sentinel-fit.ts', 'demos/stats/full-clock.ts'], goalPct: 90 },
  { name: 'run-log', files: ['server/engine/run.ts'], goalPct: 90 },
  { name: 'engine', files: ['server/engine/engine.ts'], goalPct: 90 },
  { name: 'params', files: ['server/engine/params.ts', 'demos/param-problems.ts'], goalPct: 90 },
  { name: 'process-pure', files: ['server/process/line-splitter.ts'], goalPct: 90 },
  { name: 'slide-parser', files: ['slides/compiler/parse-section.ts', 'slides/compiler/code-fence.ts'], goalPct: 90 },
  { name: 'deck-compiler', files: ['slides/compiler/compile-deck.ts', 'slides/compiler/parse-manifest.ts'], goalPct: 90 },
  {
    name: 'transports',
    files: ['demos/client/transport.ts', 'demos/client/transport-replay.ts', 'demos/client/transport-live.ts', 'demos/client/event-sequence.ts', 'demos/client/json-object.ts'],
    goalPct: 90,
  },
  { name: 'recorder', files: ['server/recordings/recorder.ts'], goalPct: 90 },
  { name: 'recording-guard', files: ['server/recordings/recording-guard.ts'], goalPct: 90 },
  { name: 'record-plan', files: ['server/recordings/record-plan.ts'], goalPct: 90 },
  { name: 'release-list', files: ['demos/go-releases/release-list.ts'], goalPct: 90 },
  { name: 'release-rounds', files: ['demos/go-releases/extra-rounds.ts', 'demos/go-releases/widest.ts', 'demos/go-releases/bench-line.ts'], goalPct: 90 },
  { name: 'release-sweep', files: ['demos/go-releases/summary.ts', 'demos/go-releases/view-model.ts'], goalPct: 90 },
  { name: 'ffi-summary', files: ['demos/ffi-overhead/summary.ts'], goalPct: 90 },
  {
    name: 'stage-pure',
    files: [
      'server/stage/stage-log.ts',
      'server/stage/driver.ts',
      'server/stage/stream-cap.ts',
      'server/http/public-address.ts',
      'demos/slide-position.ts',
      'demos/client/follow-state.ts',
      'demos/client/position-publisher.ts',
      'demos/client/stage-stream.ts',
    ],
    goalPct: 90,
  },
  { name: 'stage-fallback', files: ['server/stage/stage-fallback.ts', 'demos/client/fallback-offer.ts'], goalPct: 90 },
  { name: 'listen-address', files: ['server/http/listen-address.ts'], goalPct: 90 },
  { name: 'remote-pure', files: ['server/stage/remote-tokens.ts', 'server/stage/remote-scope.ts', 'server/stage/driver-seat.ts', 'server/stage/slide-map.ts'], goalPct: 90 },
  { name: 'remote-client', files: ['slides/remote/step-sender.ts', 'slides/remote/seat-view.ts', 'slides/remote/remote-api.ts', 'demos/client/step-taker.ts'], goalPct: 90 },
  {
    name: 'preflight-pure',
    files: ['scripts/preflight/table.ts', 'scripts/preflight/demo-rows.ts', 'scripts/preflight/go-releases-row.ts', 'scripts/preflight/machine-row.ts'],
    goalPct: 90,
  },
  { name: 'access', files: ['server/http/access.ts'], goalPct: 95 },
  { name: 'edited-code', files: ['demos/pointer-rules/edited-code.ts'], goalPct: 95 },

  {
    name: 'sandbox-pure',
    files: ['server/sandbox/cgroup-layout.ts', 'server/sandbox/dir-ownership.ts', 'server/sandbox/sandbox-command.ts', 'server/sandbox/sandbox-limits.ts', 'server/sandbox/edited-go.ts'],
    goalPct: 95,
  },
];

const reportOf = (name: string): string => join(reportDir, `${name}.json`);
const present = (module: CoreModule): string[] => module.files.filter((file) => existsSync(join(rootDir, file)));

/** runModule runs Stryker over one module's files; false when Stryker itself failed. */
function runModule(module: CoreModule, concurrency: string): boolean {
  const files = present(module);
  console.log(`\nmutate: ${module.name} (${files.join(', ')})`);
  const result = spawnSync('npx', ['stryker', 'run', '--mutate', files.join(',')], {
    cwd: rootDir,
    stdio: 'inherit',
    env: { ...process.env, MUTATE_REPORT: reportOf(module.name), MUTATE_CONCURRENCY: concurrency },
  });
  if (result.status !== 0) {
    console.error(`mutate: stryker failed for ${module.name} (exit ${result.status})`);
    return false;
  }
  const survivors = survivorsOf(JSON.parse(readFileSync(reportOf(module.name), 'utf8')) as MutationReport);
  const list = join(reportDir, `${module.name}-survivors.txt`);
  writeFileSync(list, survivors.map((s) => `${s.file}:${s.line}  ${s.mutator}  ${s.replacement.replace(/\s+/g, ' ').slice(0, 120)}`).join('\n') + '\n');
  console.log(`mutate: ${survivors.length} undetected mutants of ${module.name} listed in ${list}`);
  return true;
}

/** rowOf reads a module's report (if any) and counts its disable comments in the sources as they are now. */
function rowOf(module: CoreModule): TableRow {
  const files = present(module);
  const comments = files.flatMap((file) => disableCommentsIn(readFileSync(join(rootDir, file), 'utf8')));
  const base = { module: module.name, goalPct: module.goalPct, disabled: comments.length, disabledWithoutReason: comments.filter((c) => c.reason === '').length };
  if (files.length === 0) return { ...base, score: undefined, note: 'not on main yet' };
  const report = reportOf(module.name);
  if (!existsSync(report)) return { ...base, score: undefined, note: 'not run' };
  const reportTime = statSync(report).mtimeMs;
  const stale = files.some((file) => statSync(join(rootDir, file)).mtimeMs > reportTime);
  const when = new Date(reportTime).toISOString().slice(0, 16).replace('T', ' ');
  return { ...base, score: scoreReport(JSON.parse(readFileSync(report, 'utf8')) as MutationReport), note: stale ? `stale: sources changed since ${when}` : when };
}

function main(): number {
  const { values } = parseArgs({ options: { only: { type: 'string' }, table: { type: 'boolean', default: false }, concurrency: { type: 'string', default: '2' } } });
  const only = values.only?.split(',').map((name) => name.trim());
  const unknown = (only ?? []).filter((name) => !coreModules.some((module) => module.name === name));
  if (unknown.length > 0) {
    console.error(`mutate: no module named ${unknown.join(', ')} (modules: ${coreModules.map((module) => module.name).join(', ')})`);
    return 2;
  }
  mkdirSync(reportDir, { recursive: true });
  let failed = false;
  if (!values.table) {
    for (const module of coreModules.filter((m) => !only || only.includes(m.name))) {
      if (present(module).length === 0) continue;
      if (!runModule(module, values.concurrency)) failed = true;
    }
  }
  console.log(`\nMutation score per core module (StrykerJS; reports in ${reportDir}):\n`);
  console.log(formatTable(coreModules.map(rowOf)));
  return failed ? 1 : 0;
}

process.exitCode = main();
