/**
 * A vitest reporter for `npm run mutate` only (vitest.mutate.config.ts): a test file that
 * cannot even be imported becomes one failed test, "<file> loads".
 *
 * Why: StrykerJS's vitest runner (9.6.1) judges a mutant by the tests it finds in the run;
 * a test file whose import throws holds none, so a planted bug that breaks a module at
 * load time (release-list.ts checks its JSON when imported) was counted as survived
 * although every test of that file fails with it (stryker-js issue 6150). The everyday
 * suite does not need this: vitest already fails a file that does not load.
 */
import type { Reporter, Vitest } from 'vitest/node';

/** TestFileTask is the part of vitest's File task read and changed here. */
export interface TestFileTask {
  id: string;
  name: string;
  tasks: object[];
  result?: { state?: string; errors?: ReadonlyArray<{ message?: string }> };
}

/**
 * markUnloadedFiles gives every file that failed without a single test (its import threw)
 * one failed test carrying the file's error; files that loaded are left alone. Returns how
 * many it marked.
 */
export function markUnloadedFiles(files: readonly TestFileTask[]): number {
  let marked = 0;
  for (const file of files) {
    if (file.result?.state !== 'fail' || file.tasks.length > 0) continue;
    const errors = file.result.errors?.length ? file.result.errors : [{ message: `${file.name} did not load` }];
    file.tasks.push({
      type: 'test',
      id: `${file.id}_loads`,
      name: `${file.name} loads`,
      mode: 'run',
      file,
      suite: file,
      meta: {},
      result: { state: 'fail', errors },
    });
    marked += 1;
  }
  return marked;
}

/** UnloadedFileReporter applies markUnloadedFiles at the end of every run. */
export default class UnloadedFileReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunEnd(): void {
    if (this.vitest) markUnloadedFiles(this.vitest.state.getFiles());
  }
}
