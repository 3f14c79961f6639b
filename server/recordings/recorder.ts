/**
 * Recordings: `recordings/<demo-id>.json`, a `Recording` (protocol.ts), newest run only.
 * The static deck replays them when no server is there, so they are committed to git;
 * the file is written with one event per line to keep diffs readable, and atomically
 * (temp file + rename) so a crash mid-write never leaves half a recording for the build.
 *
 * Which runs are recorded: those that ended `ok`. A demo that shows an expected failure
 * (a cgo pointer panic, a crashing program it meant to crash) reports it as output and a
 * result and still ends `ok`; a run that ended in `error`, `timeout` or `cancelled` says
 * something about this machine at that moment, not about the talk, and would replace a
 * good recording with a broken one. Runs of edited code are never recorded: a speaker's
 * experiment must not overwrite the committed default.
 */
import { mkdir, readFile, rename, writeFile, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { MachineInfo, Recording } from '../../demos/protocol.ts';
import type { Run } from '../engine/run.ts';
import { recordingKey } from '../../demos/define-demo.ts';

/** isRecordable says whether a finished run should replace its demo's recording. */
export function isRecordable(run: Pick<Run, 'state' | 'outcome' | 'files'>): boolean {
  return run.state === 'done' && run.outcome === 'ok' && run.files === undefined;
}

/** recordingFromRun builds the Recording of a finished run. */
export function recordingFromRun(run: Run, machine: MachineInfo, recordedAt: string): Recording {
  return {
    format: 1,
    demo: run.demo,
    params: run.params,
    recordedAt,
    machine,
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

/** isValidRecordingKey accepts a demo id or a variant key `<id>--<value>…` (see recordingKey). */
export function isValidRecordingKey(key: string): boolean {
  return /^[a-z0-9]+(-{1,2}[a-z0-9]+)*$/.test(key) && key.length <= 200;
}

/** Recorder writes and reads recordings in one directory. */
export interface Recorder {
  readonly dir: string;
  /** record writes the run's recording if it is recordable; returns the file written, if any. */
  record(run: Run): Promise<string | undefined>;
  /** read returns a demo's (or a variant's, by key) recording, or undefined when there is none. */
  read(demoId: string): Promise<Recording | undefined>;
}

/** RecorderOptions configure a recorder. */
export interface RecorderOptions {
  dir: string;
  /**
   * The params of a demo that get a recording of their own (its manifest's
   * `recordingVariants`) and their default values: only a run of the default variant
   * replaces `<demo>.json`, which slides without params replay.
   */
  variantsOf?: (demo: string) => { names: readonly string[]; defaults: Record<string, unknown> } | undefined;
  machine: () => Promise<MachineInfo>;
  now?: () => Date;
}

/** createRecorder returns a recorder for `options.dir` (created on first write). */
export function createRecorder(options: RecorderOptions): Recorder {
  const now = options.now ?? (() => new Date());
  return {
    dir: options.dir,
    async record(run) {
      if (!isRecordable(run) || !isValidDemoId(run.demo)) return undefined;
      const recording = recordingFromRun(run, await options.machine(), now().toISOString());
      await mkdir(options.dir, { recursive: true });
      const variants = options.variantsOf?.(run.demo);
      const variant = recordingKey(run.demo, run.params, variants?.names);
      const isDefault = (variants?.names ?? []).every((name) => run.params[name] === variants?.defaults[name]);
      const text = formatRecording(recording);
      // The newest run of the demo's default variant, and the newest of this variant.
      const names = [...(variant ? [variant] : []), ...(isDefault ? [run.demo] : [])];
      if (names.length === 0) return undefined;
      for (const name of names) {
        const file = join(options.dir, `${name}.json`);
        const tmp = join(options.dir, `.${name}.json.${randomBytes(4).toString('hex')}.tmp`);
        try {
          await writeFile(tmp, text);
          await rename(tmp, file);
        } catch (error) {
          await rm(tmp, { force: true });
          throw error;
        }
      }
      return join(options.dir, `${names[0]}.json`);
    },
    async read(demoId) {
      if (!isValidRecordingKey(demoId)) return undefined;
      let text: string;
      try {
        text = await readFile(join(options.dir, `${demoId}.json`), 'utf8');
      } catch {
        return undefined;
      }
      return JSON.parse(text) as Recording;
    },
  };
}
