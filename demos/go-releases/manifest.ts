/**
 * go-releases (slide 6, "Since 2018"): the cost of one cgo call across eight years of Go
 * releases, on this machine, side by side. One small benchmark (native/go-releases: a
 * plain cgo call, `#cgo noescape` and `#cgo nocallback` variants where the release has
 * them, and a C→Go callback) is built by each release of the checked-in list
 * (releases.json; toolchains fetched once into the project's cache) and run in
 * interleaved, shuffled rounds, one fresh process per release per round; releases whose
 * 95 % interval is still wider than ±targetPct run extra rounds, within maxRounds and a
 * time budget (extra-rounds.ts).
 *
 * Samples: key `<version>/<variant>`, values `{ nsPerCall, wallNsPerCall, round, batches,
 * allBatches, clockGHz, cpuSharePct }` (one process's medians over its `batches` at full
 * clock of `allBatches`, judged against the reference known when it ran; nsPerCall by the
 * calling thread's CPU time; a variant with no batch at full clock sends no sample),
 * label = what the variant measures. Progress: `step` "fetch" (with `fraction`) / "build"
 * / "run" (no `fraction` in extra rounds), `source` = the version. A release that cannot be
 * had or built is an `error` event with `source` = its version and a missing row in the
 * result, never the end of the run. Result: GoReleasesResult (result.ts).
 */
import { z } from 'zod';
import { defineDemo } from '../define-demo.ts';
import { parseReleaseSelection } from './release-list.ts';
import { goReleasesResult } from './result.ts';

export default defineDemo({
  id: 'go-releases',
  title: 'A cgo call across Go releases, 2018 to today',
  params: z.object({
    releases: z
      .string()
      .default('stage')
      .superRefine((text, issues) => {
        const selection = parseReleaseSelection(text);
        if (!selection.ok) issues.addIssue({ code: 'custom', message: selection.message });
      })
      .describe('all, stage (go1.10.8, the newest 1.25, the installed Go) or a list such as 1.20,1.26'),
    rounds: z.number().int().min(2).max(40).default(10).describe('interleaved rounds: one fresh process per release each (6+ for a 95 % interval)'),
    targetPct: z.number().min(0.5).max(50).default(3).describe('after the rounds, releases with an interval wider than ± this % run extra rounds'),
    maxRounds: z.number().int().min(2).max(60).default(30).describe('most rounds a release runs, extra ones included'),
    budgetS: z.number().int().min(1).max(600).optional().describe('seconds all rounds may take before no extra round starts (default: 12 s per release, at most 150 s)'),
    batches: z.number().int().min(1).max(60).default(24).describe('timed batches per variant in each process (the median of those at full clock is the process’s figure)'),
    batchMs: z.number().int().min(2).max(200).default(3).describe('target duration of one batch, ms (short: the machine’s speed wanders within ~100 ms)'),
    fullClock: z.boolean().default(true).describe('count only batches that ran at full clock (the sentinel read next to each within 10 % of the run’s best); false: every batch'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional().describe('shuffle seed (default: a new one per run; the result reports it)'),
  }),
  result: goReleasesResult,
  requires: ['go', 'cc'],
  timeoutMs: 900_000,
});
