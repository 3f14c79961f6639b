/**
 * A vitest reporter (registered in vitest.config.ts next to the default one) that prints
 * every skipped test with its reason at the end of a run, and fails the run on any skip
 * the policy refuses (skip-policy.ts). It also appends the run's summary to
 * `$CGO_DECK_SKIP_LOG` when set, so `npm test` can print one total over its three runs.
 */
import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { detectToolchains } from '../../server/toolchains/detect.ts';
import { judgeSkips, type SkippedTest } from './skip-policy.ts';
import { projectRoot } from './test-paths.ts';

/** skipLogEnv names the file the reporter appends `{skipped, refused}` JSON lines to. */
export const skipLogEnv = 'CGO_DECK_SKIP_LOG';

function skippedTests(modules: readonly TestModule[]): SkippedTest[] {
  const skipped: SkippedTest[] = [];
  for (const module of modules) {
    for (const test of module.children.allTests()) {
      const result = test.result();
      if (result.state !== 'skipped') continue;
      skipped.push({ file: relative(projectRoot, module.moduleId), name: test.fullName, note: result.note, mode: test.options.mode });
    }
  }
  return skipped;
}

/** SkipPolicyReporter prints the skips and sets a failing exit code when one is not allowed. */
export default class SkipPolicyReporter implements Reporter {
  private filtered = false;

  onInit(vitest: Vitest): void {
    // `-t pattern` skips every test it does not match: a chosen subset, not a silent pass.
    this.filtered = Boolean(vitest.config.testNamePattern);
  }

  async onTestRunEnd(modules: readonly TestModule[]): Promise<void> {
    if (this.filtered) {
      console.log('skips: not judged (tests chosen by name with -t)');
      return;
    }
    const skipped = skippedTests(modules);
    // The doctor runs only when there is something to judge: a clean run costs nothing.
    const list = skipped.length > 0 ? await detectToolchains() : [];
    const known = new Set(list.map((item) => item.id));
    const missing = new Set(list.filter((item) => !item.found).map((item) => item.id));
    const report = judgeSkips(skipped, missing, known);
    for (const verdict of report.verdicts) console.log(`${verdict.allowed ? '  skipped' : '  NOT ALLOWED'}: ${verdict.line}`);
    console.log(report.ok ? report.summary : `${report.summary}: failing the run (skip policy: tests/support/skip-policy.ts)`);
    const log = process.env[skipLogEnv];
    if (log) appendFileSync(log, `${JSON.stringify({ skipped: skipped.length, refused: report.verdicts.filter((v) => !v.allowed).length })}\n`);
    if (!report.ok) process.exitCode = 1;
  }
}
