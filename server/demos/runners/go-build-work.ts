/**
 * go-build-work runner: copies `native/go-build-work/` into the run's temp dir, runs
 * `go build -x -work` there with TMPDIR inside that temp dir (so `$WORK` is this run's
 * own and nobody else's), streams every command as a progress event, then reads the
 * generated files from `$WORK/b001/` (and only from there), deletes `$WORK`, and runs
 * the program it built.
 */
import { cp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import manifest from '../../../demos/go-build-work/manifest.ts';
import {
  createBuildLogReader,
  describeWorkFile,
  focusCgo1,
  focusCgo2,
  focusGotypes,
  type BuildStep,
  type FocusRange,
} from '../../../demos/go-build-work/build-log.ts';
import { goVersionLabel } from '../../../demos/go-shared/go-version.ts';
import { defineDemoRunner, RunError, toolPath } from '../demo-context.ts';
import { goBuildEnv } from '../native-build.ts';

/** The C function the native program calls; the focus search looks for its wrappers. */
const cFunction = 'add';
/** Longest command line sent to the slide; gcc lines with every flag run to ~600 chars. */
const maxCommandChars = 1_000;

export default defineDemoRunner({
  manifest,
  async run(ctx) {
    const goVersion = goVersionLabel(ctx.toolchains.go?.version);
    const tmp = await ctx.tempDir('go-build-work-');
    const srcDir = join(tmp, 'src');
    await cp(join(ctx.rootDir, 'native', 'go-build-work'), srcDir, { recursive: true });
    const exe = join(tmp, 'cgoadd');

    const counts: Record<BuildStep, number> = { cgo: 0, gcc: 0, compile: 0, link: 0, pack: 0, other: 0 };
    /** goBuild runs `go build -x -work` once, streaming its commands; it returns $WORK. */
    const goBuild = async (extraEnv: Record<string, string>): Promise<string> => {
      const reader = createBuildLogReader();
      for (const step of Object.keys(counts) as BuildStep[]) counts[step] = 0;
      const build = await ctx.exec(toolPath(ctx.toolchains, 'go'), ['build', '-x', '-work', '-o', exe, '.'], {
        cwd: srcDir,
        // TMPDIR puts $WORK inside this run's temp dir; CGO_ENABLED because the point is cgo.
        env: goBuildEnv({ TMPDIR: tmp, ...extraEnv }),
        source: 'go build',
        streamOutput: false,
        timeoutMs: 150_000,
        onStderrLine(line) {
          const command = reader.push(line);
          if (!command) return;
          counts[command.step]++;
          if (command.internal && !ctx.params.showInternal) return;
          // Say $WORK and $TMPDIR as go itself does, instead of this run's random paths.
          let text = reader.workDir ? command.text.replaceAll(reader.workDir, '$WORK') : command.text;
          text = text.replaceAll(tmp, '$TMPDIR');
          if (text.length > maxCommandChars) text = `${text.slice(0, maxCommandChars)}…`;
          ctx.progress(text, { step: command.step, source: command.internal ? 'go (internal)' : 'go build' });
        },
      });
      if (build.timedOut) throw new RunError('timeout', 'go build did not finish in time and was killed', { source: 'go' });
      if (build.exitCode !== 0) {
        throw new RunError('build-failed', `go build exited with ${build.exitCode ?? build.signal}`, {
          source: 'go',
          detail: build.stderr.split('\n').slice(-30).join('\n'),
        });
      }
      const workDir = reader.workDir;
      if (!workDir || !workDir.startsWith(tmp)) {
        throw new RunError('internal', `go build -work did not name a work directory inside this run's temp dir (got ${workDir ?? 'none'})`);
      }
      return workDir;
    };

    ctx.status('building', `go build -x -work (${goVersion}) in a fresh copy of native/go-build-work`);
    let workDir = await goBuild({});
    let b001 = join(workDir, 'b001');
    let names = (await readdir(b001).catch(() => [] as string[])).sort();
    if (!names.some((n) => n.endsWith('.cgo1.go'))) {
      // The package came from the build cache after all (a Go whose cache key ignores the
      // directory): build again with an empty cache, which runs every step, std included.
      await rm(workDir, { recursive: true, force: true });
      ctx.status('building', 'the package came from the build cache; building again with an empty GOCACHE');
      workDir = await goBuild({ GOCACHE: join(tmp, 'gocache') });
      b001 = join(workDir, 'b001');
      names = (await readdir(b001).catch(() => [] as string[])).sort();
    }

    ctx.status('finishing', 'reading $WORK/b001/');
    if (!names.some((n) => n.endsWith('.cgo1.go'))) {
      throw new RunError('internal', '$WORK/b001/ holds no *.cgo1.go: this build did not run cgo', { detail: names.join('\n') });
    }
    const files = [];
    for (const name of names) {
      const info = await stat(join(b001, name));
      if (!info.isFile()) continue;
      files.push({ name, sizeBytes: info.size, ...describeWorkFile(name) });
    }
    const keyFiles: Array<{ name: string; lang: string; content: string; focus: FocusRange[] }> = [];
    const pick = async (name: string | undefined, lang: string, focus: (c: string) => FocusRange[]): Promise<void> => {
      if (!name) return;
      const content = await readFile(join(b001, name), 'utf8');
      keyFiles.push({ name, lang, content, focus: focus(content) });
    };
    await pick(names.find((n) => n.endsWith('.cgo1.go')), 'go', (c) => focusCgo1(c, cFunction));
    await pick(names.find((n) => n === '_cgo_gotypes.go'), 'go', (c) => focusGotypes(c, cFunction));
    await pick(names.find((n) => n.endsWith('.cgo2.c')), 'c', (c) => focusCgo2(c, cFunction));
    // The work dir is ours alone and now read: remove it before anything else can look.
    await rm(workDir, { recursive: true, force: true });

    ctx.status('running', 'running the program it built');
    const runResult = await ctx.exec(exe, [], { source: 'cgoadd', timeoutMs: 10_000 });
    if (runResult.exitCode !== 0) {
      throw new RunError('program-crashed', `the built program exited with ${runResult.exitCode ?? runResult.signal}`, {
        detail: runResult.stderr,
      });
    }
    ctx.result({
      goVersion,
      commands: counts,
      workDir: '$WORK/b001',
      files,
      keyFiles,
      programOutput: runResult.stdout.trim(),
    });
  },
});
