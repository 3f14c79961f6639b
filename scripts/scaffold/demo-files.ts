/**
 * The files of a new demo (`npm run new-demo -- <id> --lang c|go|rust`), as text. Pure:
 * the caller writes them. A new demo is the same small timing demo in each language: the
 * native program calls a tiny function `n` times per round and prints one JSON line per
 * round; the runner builds it through the build cache, streams each round as a sample and
 * reports the median time per call; the widget shows that figure and a bar per round.
 *
 *   demos/<id>/manifest.ts                 params { n, rounds } and the result, typed (zod)
 *   demos/<id>/rounds.ts, rounds.test.ts   the program's lines → rounds → the answer (pure)
 *   demos/<id>/widget.ts                   the stage view, on the defineWidget shell
 *   demos/<id>/run.integration.test.ts     a real run's result passes the manifest
 *   server/demos/runners/<id>.ts           build, run, samples, result
 *   native/<id>/…                          main.c | main.go + go.mod | main.rs
 */

/** DemoLanguage is a language a new demo's native program can be written in. */
export type DemoLanguage = 'c' | 'go' | 'rust';

/** demoLanguages lists the languages `--lang` accepts. */
export const demoLanguages: readonly DemoLanguage[] = ['c', 'go', 'rust'];

/** NewDemo says what to generate. */
export interface NewDemo {
  /** A name checkName accepted. */
  id: string;
  lang: DemoLanguage;
  /** The panel's title. */
  title: string;
}

/** GeneratedFile is one file to write, its path relative to the project root. */
export interface GeneratedFile {
  path: string;
  text: string;
}

/** defaultDemoTitle makes a title from an id: "call-cost" → "Call cost". */
export function defaultDemoTitle(id: string): string {
  const words = id.split('-').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** demoFiles returns every file of a new demo, in the order they are listed to the user. */
export function demoFiles(demo: NewDemo): GeneratedFile[] {
  const lang = languages[demo.lang];
  return [
    { path: `demos/${demo.id}/manifest.ts`, text: manifestFile(demo) },
    { path: `demos/${demo.id}/rounds.ts`, text: roundsFile(demo) },
    { path: `demos/${demo.id}/rounds.test.ts`, text: roundsTestFile(demo) },
    { path: `demos/${demo.id}/widget.ts`, text: widgetFile(demo) },
    { path: `demos/${demo.id}/run.integration.test.ts`, text: integrationTestFile(demo) },
    { path: `server/demos/runners/${demo.id}.ts`, text: runnerFile(demo) },
    ...lang.native(demo).map((file) => ({ path: `native/${demo.id}/${file.path}`, text: file.text })),
  ];
}

/** What differs between languages: the toolchain, the build call, the program. */
interface LanguageSpec {
  /** Toolchain id of the catalog (server/toolchains/catalog.ts). */
  toolchain: string;
  /** How the runner builds the program: the import and the call (`dir` and `id` in scope). */
  buildImport: string;
  buildCall(id: string): string;
  /** What the building status says. */
  buildMessage(id: string): string;
  /** The result's `toolchain` field, e.g. "gcc 12.2.0". */
  toolchainLabel: string;
  native(demo: NewDemo): GeneratedFile[];
}

const languages: Record<DemoLanguage, LanguageSpec> = {
  c: {
    toolchain: 'cc',
    buildImport: "import { buildC } from '../native-build.ts';",
    buildCall: (id) => `buildC(ctx, { name: '${id}', dir, sources: ['main.c'], output: '${id}', flags: ['-O2'] })`,
    buildMessage: (id) => `cc -O2 native/${id}/main.c`,
    toolchainLabel: "`gcc ${ctx.toolchains.cc?.version ?? '?'}`",
    native: (demo) => [{ path: 'main.c', text: cProgram(demo) }],
  },
  go: {
    toolchain: 'go',
    buildImport: "import { buildGo } from '../native-build.ts';",
    buildCall: (id) => `buildGo(ctx, { name: '${id}', dir, inputs: ['go.mod', 'main.go'], output: '${id}' })`,
    buildMessage: (id) => `go build native/${id}`,
    toolchainLabel: "`go${(ctx.toolchains.go?.version ?? '?').replace(/^go/, '')}`",
    native: (demo) => [
      { path: 'go.mod', text: `module example.com/${demo.id}\n\ngo 1.22\n` },
      { path: 'main.go', text: goProgram(demo) },
    ],
  },
  rust: {
    toolchain: 'rust',
    buildImport: "import { buildRust } from '../native-build.ts';",
    buildCall: (id) => `buildRust(ctx, { name: '${id}', dir, source: 'main.rs', output: '${id}' })`,
    buildMessage: (id) => `rustc -O native/${id}/main.rs`,
    toolchainLabel: "`rustc ${ctx.toolchains.rust?.version ?? '?'}`",
    native: (demo) => [{ path: 'main.rs', text: rustProgram(demo) }],
  },
};

const roundLineFormat = '{"round":1,"iterations":1000000,"ns":2345678}';

function manifestFile(demo: NewDemo): string {
  const lang = languages[demo.lang];
  return `/**
 * ${demo.id}: ${demo.title}. The native program (native/${demo.id}/) calls a tiny
 * function \`n\` times per round, \`rounds\` times, and prints one line per round (see
 * rounds.ts); the answer is the median time of one call.
 *
 * Put it on a slide with one line: \`@demo ${demo.id}\` (or \`@demo ${demo.id} {"n": 1000000}\`).
 *
 * Samples: key "round" \`{ round, iterations, nsPerCall }\`, one per round.
 * Result: \`{ toolchain, n, rounds, nsPerCall, minNsPerCall, perRound: [{ round, nsPerCall }] }\`.
 */
import { z } from 'zod';
import { defineDemo } from '../define-demo.ts';

export default defineDemo({
  id: '${demo.id}',
  title: ${JSON.stringify(demo.title)},
  params: z.object({
    n: z.number().int().min(1_000).max(100_000_000).default(10_000_000).describe('calls per round'),
    rounds: z.number().int().min(1).max(20).default(5).describe('rounds; the answer is their median'),
  }),
  result: z.object({
    toolchain: z.string(),
    n: z.number().int(),
    rounds: z.number().int(),
    nsPerCall: z.number().describe('median over the rounds'),
    minNsPerCall: z.number(),
    perRound: z.array(z.object({ round: z.number().int(), nsPerCall: z.number() })),
  }),
  requires: ['${lang.toolchain}'],
  timeoutMs: 60_000,
});
`;
}

function roundsFile(demo: NewDemo): string {
  return `/**
 * The rounds of ${demo.id}. The native program prints one JSON line per round,
 *
 *   ${roundLineFormat}
 *
 * (how many calls, and how long they took together); this module reads those lines and
 * sums them up. Pure: the runner, the widget and the tests share it.
 */
import { median, min } from '../stats/stats.ts';

/** Round is one timed round of calls. */
export interface Round {
  round: number;
  iterations: number;
  nsPerCall: number;
}

/** parseRoundLine reads one line of the program's output; undefined for any other line. */
export function parseRoundLine(line: string): Round | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const { round, iterations, ns } = (value ?? {}) as Record<string, unknown>;
  if (typeof round !== 'number' || typeof iterations !== 'number' || typeof ns !== 'number') return undefined;
  if (!(iterations > 0) || !(ns >= 0)) return undefined;
  return { round, iterations, nsPerCall: ns / iterations };
}

/** RoundsSummary is the answer: the median time per call (the slide's figure) and the fastest round's. */
export interface RoundsSummary {
  nsPerCall: number;
  minNsPerCall: number;
  perRound: Array<{ round: number; nsPerCall: number }>;
}

/** summarizeRounds sums up the rounds (NaN figures for none). */
export function summarizeRounds(rounds: readonly Round[]): RoundsSummary {
  const times = rounds.map((r) => r.nsPerCall);
  return { nsPerCall: median(times), minNsPerCall: min(times), perRound: rounds.map(({ round, nsPerCall }) => ({ round, nsPerCall })) };
}
`;
}

function roundsTestFile(demo: NewDemo): string {
  return `/** Tests of ${demo.id}'s rounds: the program's lines in, the answer out. */
import { describe, expect, it } from 'vitest';
import { parseRoundLine, summarizeRounds } from './rounds.ts';

describe('parseRoundLine', () => {
  it('reads a round and its time per call', () => {
    expect(parseRoundLine('{"round":2,"iterations":1000,"ns":2500}')).toEqual({ round: 2, iterations: 1000, nsPerCall: 2.5 });
  });
  it('skips every other line', () => {
    for (const line of ['', 'building…', '{"round":1}', '{"round":1,"iterations":0,"ns":5}', '{"round":1,"iterations":10,"ns":-1}', 'null']) {
      expect(parseRoundLine(line)).toBeUndefined();
    }
  });
});

describe('summarizeRounds', () => {
  it('answers with the median round and the fastest', () => {
    const rounds = [3, 1, 2, 10].map((nsPerCall, i) => ({ round: i + 1, iterations: 100, nsPerCall }));
    expect(summarizeRounds(rounds)).toEqual({
      nsPerCall: 2.5,
      minNsPerCall: 1,
      perRound: [
        { round: 1, nsPerCall: 3 },
        { round: 2, nsPerCall: 1 },
        { round: 3, nsPerCall: 2 },
        { round: 4, nsPerCall: 10 },
      ],
    });
  });
});
`;
}

function widgetFile(demo: NewDemo): string {
  // Class names start with the demo's id so its styles never touch another panel's.
  const prefix = `demo-${demo.id}`;
  return `/**
 * ${demo.id} widget: the answer first — the median time of one call — then a bar per
 * round as each arrives, and what ran underneath.
 */
import type { RunEvent } from '../protocol.ts';
import { defineWidget } from '../client/define-widget.ts';
import { formatCount, formatNs } from '../client/format.ts';
import { el, ensureStyleOnce } from '../go-shared/dom.ts';
import manifest from './manifest.ts';

const css = \`
.demo .${prefix}-bars { display: flex; flex-direction: column; gap: 10px; margin-bottom: 12px; }
.demo .${prefix}-bar { display: grid; grid-template-columns: 6em minmax(0, 1fr) 7em; gap: 12px; align-items: center; font-size: 20px; font-variant-numeric: tabular-nums; }
.demo .${prefix}-track { height: 24px; background: rgba(255, 255, 255, 0.05); border-radius: 3px; }
.demo .${prefix}-fill { height: 100%; width: calc(var(--share) * 100%); background: var(--demo-accent); border-radius: 3px; }
.demo .${prefix}-bar span:last-child { text-align: right; }
\`;

export default defineWidget({
  manifest,
  mount(stage) {
    ensureStyleOnce('stage-${demo.id}', css);
    const bars = el('div', '${prefix}-bars');
    const note = el('div', 'stage-note');
    stage.el.replaceChildren(bars, note);
    let rounds: Array<{ round: number; nsPerCall: number }> = [];

    function draw(): void {
      const longest = Math.max(...rounds.map((r) => r.nsPerCall), Number.MIN_VALUE);
      bars.replaceChildren(
        ...rounds.map((r) => {
          const fill = el('div', '${prefix}-fill');
          fill.style.setProperty('--share', String(r.nsPerCall / longest));
          return el('div', '${prefix}-bar', el('span', undefined, \`round \${r.round}\`), el('div', '${prefix}-track', fill), el('span', undefined, formatNs(r.nsPerCall)));
        }),
      );
    }

    return {
      reset(run) {
        rounds = [];
        draw();
        note.textContent = '';
        stage.headline.pending(\`\${run.params.rounds} rounds of \${formatCount(run.params.n)} calls\`);
      },
      onEvent(event: RunEvent) {
        if (event.type !== 'sample' || event.key !== 'round') return;
        rounds.push({ round: event.values.round ?? rounds.length + 1, nsPerCall: event.values.nsPerCall ?? NaN });
        draw();
      },
      onResult(result) {
        rounds = result.perRound;
        draw();
        note.textContent = \`\${result.toolchain} · \${result.rounds} rounds of \${formatCount(result.n)} calls\`;
        stage.headline.show({
          before: 'one call:',
          figure: formatNs(result.nsPerCall),
          detail: \`median of \${result.rounds} rounds; the fastest took \${formatNs(result.minNsPerCall)} a call\`,
        });
      },
    };
  },
});
`;
}

function integrationTestFile(demo: NewDemo): string {
  return `/** ${demo.id} against the real toolchain: a short run ends ok, with one sample per round and a result that passes the manifest. */
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../server/engine/engine.ts';
import { openEngine } from '../../server/engine/open-engine.ts';
import { runDemoToEnd } from '../../server/engine/run-to-end.ts';
import { testCacheDir } from '../../tests/support/test-paths.ts';
import { skipIfMissing } from '../../tests/support/toolchains.ts';
import manifest from './manifest.ts';

const rootDir = resolve(import.meta.dirname, '../..');
let opened: Promise<Engine> | undefined;
afterAll(async () => {
  await (await opened)?.close();
});

describe('${demo.id}', () => {
  it('runs: a sample per round and a result the widget can draw', async (ctx) => {
    await skipIfMissing(ctx, ...manifest.requires);
    // No recordings: a test must never replace what the slides replay.
    opened ??= openEngine({ rootDir, cacheDir: testCacheDir, record: false, log: () => undefined }).then((o) => o.engine);
    const { events, end } = await runDemoToEnd(await opened, '${demo.id}', { n: 10_000, rounds: 3 });
    expect(end.outcome).toBe('ok');
    expect(events.filter((event) => event.type === 'sample').map((event) => (event.type === 'sample' ? event.values.round : 0))).toEqual([1, 2, 3]);
    const result = manifest.result.parse(events.find((event) => event.type === 'result')?.data);
    expect(result).toMatchObject({ n: 10_000, rounds: 3 });
    expect(result.nsPerCall).toBeGreaterThan(0);
    expect(result.perRound).toHaveLength(3);
  });
});
`;
}

function runnerFile(demo: NewDemo): string {
  const lang = languages[demo.lang];
  return `/**
 * ${demo.id} runner: builds native/${demo.id} (cached: a second run starts at once), runs
 * it once, streams each round it prints as a sample, and reports the median time per call.
 */
import { join } from 'node:path';
import manifest from '../../../demos/${demo.id}/manifest.ts';
import { parseRoundLine, summarizeRounds, type Round } from '../../../demos/${demo.id}/rounds.ts';
import { defineDemoRunner, RunError } from '../demo-context.ts';
${lang.buildImport}

export default defineDemoRunner({
  manifest,
  async run(ctx) {
    const { n, rounds } = ctx.params;
    const dir = join(ctx.rootDir, 'native/${demo.id}');
    ctx.status('building', '${lang.buildMessage(demo.id)}');
    const program = await ${lang.buildCall(demo.id)};

    ctx.status('running', \`\${rounds} rounds of \${n} calls\`);
    const done: Round[] = [];
    const res = await ctx.exec(program, ['-n', String(n), '-rounds', String(rounds)], {
      source: '${demo.id}',
      streamOutput: false,
      timeoutMs: manifest.timeoutMs,
      onStdoutLine(line) {
        const round = parseRoundLine(line);
        if (!round) return;
        done.push(round);
        ctx.sample('round', { round: round.round, iterations: round.iterations, nsPerCall: round.nsPerCall }, \`round \${round.round}\`);
      },
    });
    if (res.cancelled) throw new RunError('cancelled', 'cancelled');
    if (res.timedOut) throw new RunError('timeout', \`${demo.id} did not finish in \${manifest.timeoutMs / 1000} s\`);
    if (res.exitCode !== 0 || done.length === 0) {
      throw new RunError('program-crashed', \`${demo.id} exited with \${res.exitCode ?? res.signal} after \${done.length} rounds\`, { source: '${demo.id}', detail: res.stderr.slice(0, 4096) });
    }
    ctx.result({ toolchain: ${lang.toolchainLabel}, n, rounds, ...summarizeRounds(done) });
  },
});
`;
}

function cProgram(demo: NewDemo): string {
  return `// ${demo.id}: calls a tiny function n times per round and prints one JSON line per round,
//   ${roundLineFormat}
// (raw numbers only: the runner computes the statistics). Usage: ${demo.id} -n 1000000 -rounds 5
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

// noinline, and an empty asm the compiler may not drop: every call really happens.
__attribute__((noinline)) static unsigned long work(unsigned long x) {
  __asm__ volatile("");
  return x + 1;
}

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv) {
  long long n = 1000000;
  int rounds = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (strcmp(argv[i], "-n") == 0) n = atoll(argv[i + 1]);
    else if (strcmp(argv[i], "-rounds") == 0) rounds = atoi(argv[i + 1]);
  }
  unsigned long x = 0;
  for (int r = 1; r <= rounds; r++) {
    long long start = now_ns();
    for (long long i = 0; i < n; i++) x = work(x);
    long long elapsed = now_ns() - start;
    printf("{\\"round\\":%d,\\"iterations\\":%lld,\\"ns\\":%lld}\\n", r, n, elapsed);
    fflush(stdout);
  }
  return 0;
}
`;
}

function goProgram(demo: NewDemo): string {
  return `// Command ${demo.id} calls a tiny function n times per round and prints one JSON line
// per round,
//
//	${roundLineFormat}
//
// (raw numbers only: the runner computes the statistics). Usage: ${demo.id} -n 1000000 -rounds 5
package main

import (
	"flag"
	"fmt"
	"time"
)

// work is not inlined, so every iteration really makes a call.
//
//go:noinline
func work(x uint64) uint64 { return x + 1 }

func main() {
	n := flag.Int("n", 1000000, "calls per round")
	rounds := flag.Int("rounds", 5, "rounds")
	flag.Parse()
	var x uint64
	for r := 1; r <= *rounds; r++ {
		start := time.Now()
		for i := 0; i < *n; i++ {
			x = work(x)
		}
		fmt.Printf("{\\"round\\":%d,\\"iterations\\":%d,\\"ns\\":%d}\\n", r, *n, time.Since(start).Nanoseconds())
	}
}
`;
}

function rustProgram(demo: NewDemo): string {
  return `//! ${demo.id}: calls a tiny function n times per round and prints one JSON line per round,
//!   ${roundLineFormat}
//! (raw numbers only: the runner computes the statistics). Usage: ${demo.id} -n 1000000 -rounds 5
use std::hint::black_box;
use std::time::Instant;

/// work is not inlined, and black_box hides its argument, so every iteration really makes a call.
#[inline(never)]
fn work(x: u64) -> u64 {
    black_box(x) + 1
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut n: u64 = 1_000_000;
    let mut rounds: u32 = 5;
    let mut i = 1;
    while i + 1 < args.len() {
        match args[i].as_str() {
            "-n" => n = args[i + 1].parse().expect("-n takes a number"),
            "-rounds" => rounds = args[i + 1].parse().expect("-rounds takes a number"),
            _ => {}
        }
        i += 2;
    }
    let mut x: u64 = 0;
    for r in 1..=rounds {
        let start = Instant::now();
        for _ in 0..n {
            x = work(x);
        }
        println!("{{\\"round\\":{},\\"iterations\\":{},\\"ns\\":{}}}", r, n, start.elapsed().as_nanos());
    }
    // Using x keeps the loop from being optimised away.
    black_box(x);
}
`;
}
