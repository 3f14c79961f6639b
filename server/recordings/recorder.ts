/**
 * Recordings: `recordings/<key>.json`, a `Recording` (protocol.ts), the newest run of each
 * recording key (demos/recording-key.ts: the demo id, plus the params that change what
 * runs when they differ from the defaults; `threads-in-c--variant-max-threads`).
 * The static deck replays them when no server is there, so they are committed to git;
 * the file is written with one event per line to keep diffs readable, and atomically
 * (temp file, fsync, rename: write-file-atomic) so a crash mid-write never leaves half a
 * recording for the build; temp files a killed server left are removed (temp-files.ts).
 *
 * Which runs are recorded: those that ended `ok`. A demo that shows an expected failure
 * (a cgo pointer panic, a crashing program it meant to crash) reports it as output and a
 * result and still ends `ok`; a run that ended in `error`, `timeout` or `cancelled` says
 * something about this machine at that moment, not about the talk, and would replace a
 * good recording with a broken one. Runs of edited code are never recorded: a speaker's
 * experiment must not overwrite the committed default. A run whose display-only params
 * are not at their defaults (ffi-overhead measuring only some runtimes) is not recorded
 * either: it is not the whole measurement its key's slides replay.
 * A timing run whose machine-speed check flags it does not replace a recording made on a
 * quiet machine unless forced (recording-guard.ts); the recorder says why through `log`.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { removeStaleTempFiles } from './temp-files.ts';
import type { MachineInfo, Recording, RunParams } from '../../demos/protocol.ts';
import type { Run } from '../engine/run.ts';
import type { DemoManifest } from '../../demos/define-demo.ts';
import { displayParamsOf, isValidRecordingKey, recordingKey } from '../../demos/recording-key.ts';
import { machineSpeedOf, shouldReplace } from './recording-guard.ts';

/** isRecordable says whether a finished run should replace its demo's recording. */
export function isRecordable(run: Pick<Run, 'state' | 'outcome' | 'files'>): boolean {
  return run.state === 'done' && run.outcome === 'ok' && run.files === undefined;
}

/** recordingFromRun builds the Recording of a finished run. */
export function recordingFromRun(run: Run, machine: MachineInfo, recordedAt: string): Recording {
  const machineSpeed = machineSpeedOf(run.events);
  return {
    format: 1,
    demo: run.demo,
    params: run.params,
    recordedAt,
    machine,
    ...(machineSpeed ? { machineSpeed } : {}),
    outcome: run.outcome ?? 'error',
    events: [...run.events],
  };
}

/** formatRecording renders a recording as JSON with one event per line. */
export function formatRecording(recording: Recording): string {
  const { events, ...head } = recording;
  const headText = JSON.stringify(head, null, 2);
  const eventLines = events.map((event) => `    ${JSON.stringify(event)}`).join(',\n');
  return `${headText.slice(0, -2)},\n  "events": [\n${eventLines}\n  ]\n}\n`;
}

/** isValidDemoId guards file names built from a demo id (no path tricks). */
export function isValidDemoId(id: string): boolean {
  return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(id) && id.length <= 100;
}

/**
 * recordableKey is the recording key of a run's params, or undefined when the run is not
 * the whole measurement its key stands for (a display-only param away from its default).
 */
export function recordableKey(manifest: DemoManifest, params: RunParams): string | undefined {
  const defaults = manifest.params.parse({}) as RunParams;
  const display = displayParamsOf(manifest, params);
  if (Object.entries(display).some(([name, value]) => JSON.stringify(value) !== JSON.stringify(defaults[name]))) return undefined;
  return recordingKey(manifest, params);
}

/** Recorder writes and reads recordings in one directory. */
export interface Recorder {
  readonly dir: string;
  /**
   * record writes the run's recording if it is recordable; returns the file written, if
   * any. `force` writes it even over a recording from a quieter machine.
   */
  record(run: Run, options?: { force?: boolean }): Promise<string | undefined>;
  /** read returns the recording of a key (a demo id or `<id>--<part>…`), or undefined when there is none. */
  read(demoId: string): Promise<Recording | undefined>;
}

/** RecorderOptions configure a recorder. */
export interface RecorderOptions {
  dir: string;
  /**
   * keyOf names the recording of a run's demo and params (recordingKey with the demo's
   * manifest), or undefined when the run must not be recorded (unknown demo, display
   * params not at their defaults).
   */
  keyOf: (demo: string, params: Run['params']) => string | undefined;
  machine: () => Promise<MachineInfo>;
  now?: () => Date;
  /** Told why a recording was not written over an existing one. */
  log?: (message: string) => void;
}

/** createRecorder returns a recorder for `options.dir` (created on first write). */
export function createRecorder(options: RecorderOptions): Recorder {
  const now = options.now ?? (() => new Date());
  let swept = false;
  const read = async (demoId: string): Promise<Recording | undefined> => {
    if (!isValidRecordingKey(demoId)) return undefined;
    let text: string;
    try {
      text = await readFile(join(options.dir, `${demoId}.json`), 'utf8');
    } catch {
      return undefined;
    }
    return JSON.parse(text) as Recording;
  };
  return {
    dir: options.dir,
    async record(run, recordOptions = {}) {
      if (!isRecordable(run) || !isValidDemoId(run.demo)) return undefined;
      const key = options.keyOf(run.demo, run.params);
      if (key === undefined || !isValidRecordingKey(key)) return undefined;
      const recording = recordingFromRun(run, await options.machine(), now().toISOString());
      await mkdir(options.dir, { recursive: true });
      if (!swept) {
        swept = true;
        await removeStaleTempFiles(options.dir);
      }
      const file = join(options.dir, `${key}.json`);
      const verdict = shouldReplace(recording.machineSpeed, await read(key).catch(() => undefined), recordOptions.force ?? false);
      if (!verdict.replace) {
        options.log?.(`${run.demo} (${run.runId}) not recorded over ${file}: ${verdict.reason}; use --force to save it anyway`);
        return undefined;
      }
      await writeFileAtomic(file, formatRecording(recording));
      return file;
    },
    read,
  };
}
