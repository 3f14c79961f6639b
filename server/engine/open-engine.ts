/**
 * openEngine: the engine as the server and the CLIs use it — demos discovered on disk,
 * real processes, the build cache, toolchain detection, recordings and the sandbox for
 * edited code wired together. Opening also cleans up after server processes that died
 * without doing so (SIGKILL): their temp folders and cgroups (see server/sandbox/).
 * Tests build engines directly (createEngine) with fakes instead.
 */
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadDemos } from '../demos/load.ts';
import { detectToolchains } from '../toolchains/detect.ts';
import { collectMachineInfo } from '../recordings/machine-info.ts';
import { createRecorder, recordableKey, type Recorder } from '../recordings/recorder.ts';
import { createEngine, type Engine, type EngineOptions } from './engine.ts';
import { createProcessRunner } from '../process/process-runner.ts';
import { createSandbox, type Sandbox } from '../sandbox/sandbox.ts';
import { openTempRoot } from '../sandbox/temp-root.ts';

/** rootDirDefault is the project root (two levels above this file). */
export const rootDirDefault = resolve(import.meta.dirname, '../..');

/** OpenEngineOptions say where things are; all have defaults in the project root. */
export interface OpenEngineOptions {
  rootDir?: string;
  /** Build cache dir (default `<root>/.cache`). */
  cacheDir?: string;
  /** Recordings dir (default `<root>/recordings`). */
  recordingsDir?: string;
  /** Write recordings of ok runs (default true). */
  record?: boolean;
  /** Write them even over a recording made on a quieter machine (the guard in recording-guard.ts). */
  forceRecord?: boolean;
  /** Extra runner folders (default $DEMO_DIRS). */
  extraDemoDirs?: string[];
  /** Told where each recording went, or why it failed. */
  log?: (message: string) => void;
  /** Overrides for tests. */
  engine?: Partial<EngineOptions>;
}

/** OpenedEngine is an engine plus the recorder it writes to and its sandbox for edited code. */
export interface OpenedEngine {
  engine: Engine;
  recorder: Recorder;
  sandbox: Sandbox;
}

/** openEngine discovers the demos and builds the real engine. Throws DemoLoadError. */
export async function openEngine(options: OpenEngineOptions = {}): Promise<OpenedEngine> {
  const rootDir = resolve(options.rootDir ?? rootDirDefault);
  const log = options.log ?? ((message: string) => console.error(message));
  const demos = await loadDemos({ rootDir, ...(options.extraDemoDirs ? { extraDirs: options.extraDemoDirs } : {}) });
  const recorder = createRecorder({
    dir: resolve(options.recordingsDir ?? resolve(rootDir, 'recordings')),
    machine: async () => collectMachineInfo(await detectToolchains()),
    log,
    keyOf: (id, params) => {
      const manifest = demos.find((demo) => demo.manifest.id === id)?.manifest;
      return manifest ? recordableKey(manifest, params) : undefined;
    },
  });
  const record = options.record ?? true;
  const cacheDir = resolve(options.cacheDir ?? resolve(rootDir, '.cache'));
  const temp = await openTempRoot();
  if (temp.swept.length > 0) log(`removed the temp folders of ${temp.swept.length} server process(es) that are gone: ${temp.swept.join(', ')}`);
  const processRunner = createProcessRunner();
  const sandbox = createSandbox({ processRunner, stateDir: temp.root });
  const engine = createEngine({
    demos,
    rootDir,
    cacheDir,
    processRunner,
    tempRoot: temp.dir,
    sandbox,
    log,
    onRunFinished: record
      ? async (run) => {
          const file = await recorder.record(run, { force: options.forceRecord ?? false });
          if (file) log(`recorded ${run.demo} (${run.runId}) → ${file}`);
        }
      : undefined,
    ...options.engine,
  });
  // Closing also removes this process's temp folder (a killed process's is swept at the next start).
  const close = async (): Promise<void> => {
    await engine.close();
    await rm(temp.dir, { recursive: true, force: true });
  };
  return { engine: { ...engine, close }, recorder, sandbox };
}
