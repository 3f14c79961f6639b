/**
 * `npm run bench` — the FFI overhead table (demo ffi-overhead) in the terminal, measured
 * through the same engine as the server (no HTTP, no recording). Usage:
 *
 *   npm run bench -- [--only c-so,go-cgo] [--batches-per-process N] [--batch-us US] [--processes N]
 *                    [--json | --markdown] [--cache DIR] [--verbose]
 *
 * Progress goes to stderr (one line per runtime and every error); the table goes to
 * stdout: aligned text by default, `--markdown` a Markdown table, `--json` the demo's
 * `result` plus the machine it ran on: `{ result: FfiResult, machine, wallMs }`, where
 * FfiResult (demos/ffi-overhead/summary.ts) has per row the median of per-process medians,
 * the ratios as medians of per-round ratios, the row's machine-speed check (`machine`:
 * effective clock rate, best rate, CPU share, steal, estimated inflation, reasons) and its
 * `flag`; for the run `rounds`, `slowRounds` and `machineSpeed` (what recordings carry).
 * The text and Markdown tables show the same: a GHz column, the flag in the status
 * column, and the machine-check line below. Exit status: 0 ok, 1 when the run failed, 2
 * for bad usage (an unknown runtime is named), 130 when interrupted.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { JsonValue, RunEvent, RunParams } from '../../demos/protocol.ts';
import { ffiRuntimeIds, isFfiRuntimeId } from '../../demos/ffi-overhead/runtimes.ts';
import { formatFfiMarkdown, formatFfiTable } from '../../demos/ffi-overhead/report.ts';
import type { FfiResult } from '../../demos/ffi-overhead/summary.ts';
import { openEngine } from '../engine/open-engine.ts';
import { EngineError } from '../engine/engine.ts';
import { runDemoToEnd } from '../engine/run-to-end.ts';
import { collectMachineInfo } from '../recordings/machine-info.ts';
import { cancelOnInterrupt, runMain } from './cli-process.ts';

const usage = 'usage: npm run bench -- [--only c-so,go-cgo] [--batches-per-process N] [--batch-us US] [--processes N] [--json | --markdown] [--cache DIR] [--verbose]';

/** parseOnly turns "c-so,go-cgo" into runtime ids, or throws naming the unknown ones. */
export function parseOnly(value: string): string[] {
  const ids = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = ids.filter((id) => !isFfiRuntimeId(id));
  if (unknown.length > 0) throw new Error(`unknown runtime ${unknown.join(', ')} (known: ${ffiRuntimeIds.join(', ')})`);
  if (ids.length === 0) throw new Error('--only needs at least one runtime id');
  return ids;
}

function progressLine(event: RunEvent, verbose: boolean): string | undefined {
  const t = `${(event.tMs / 1000).toFixed(2).padStart(7)}s`;
  switch (event.type) {
    case 'status':
      return `${t}  ${event.message}`;
    case 'error':
      return `${t}  ERROR ${event.code}${event.source ? ` (${event.source})` : ''}: ${event.message}${event.detail ? `\n${event.detail.replace(/^/gm, '         | ')}` : ''}`;
    case 'sample':
      return verbose ? `${t}  ${event.key}: ${event.values.nsPerCall?.toFixed(2)} ns/call` : undefined;
    case 'progress':
    case 'stderr':
      return verbose ? `${t}  ${'message' in event ? event.message : event.text.trimEnd()}` : undefined;
    default:
      return undefined;
  }
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        only: { type: 'string' },
        'batches-per-process': { type: 'string' },
        'batch-us': { type: 'string' },
        processes: { type: 'string' },
        json: { type: 'boolean' },
        markdown: { type: 'boolean' },
        cache: { type: 'string' },
        verbose: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`bench: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (values.json && values.markdown) {
    console.error(`bench: --json and --markdown exclude each other\n${usage}`);
    return 2;
  }
  const params: RunParams = {};
  try {
    if (values.only) params.runtimes = parseOnly(values.only);
    for (const [flag, name] of [['batches-per-process', 'batchesPerProcess'], ['batch-us', 'batchUs'], ['processes', 'processes']] as const) {
      const raw = values[flag];
      if (raw === undefined) continue;
      const n = Number(raw);
      if (!Number.isInteger(n)) throw new Error(`--${flag} must be an integer, got "${raw}"`);
      params[name] = n;
    }
    // --processes N is every row's count: the quick rows' extra rounds would exceed it.
    if (params.processes !== undefined) params.quickProcesses = params.processes;
  } catch (error) {
    console.error(`bench: ${(error as Error).message}`);
    return 2;
  }

  const { engine } = await openEngine({
    record: false,
    ...(values.cache ? { cacheDir: values.cache } : {}),
    log: (message) => console.error(message),
  });
  const interruption = cancelOnInterrupt('cancelling …');
  try {
    const { events, end } = await runDemoToEnd(engine, 'ffi-overhead', params, {
      signal: interruption.signal,
      onEvent: (event) => {
        const line = progressLine(event, values.verbose ?? false);
        if (line) console.error(line);
      },
    });
    const resultEvent = events.find((e) => e.type === 'result');
    const machine = await collectMachineInfo(await engine.toolchains());
    await engine.close();
    if (interruption.interrupted()) return 130;
    if (!resultEvent || resultEvent.type !== 'result') {
      console.error(`bench: the run ended (${end.outcome}) without a result`);
      return 1;
    }
    const result = resultEvent.data as unknown as FfiResult;
    if (values.json) {
      console.log(JSON.stringify({ result, machine, wallMs: end.durationMs } as unknown as JsonValue, null, 2));
    } else if (values.markdown) {
      console.log(formatFfiMarkdown(result, { machine }));
    } else {
      console.log(formatFfiTable(result, { machine }));
    }
    return end.outcome === 'ok' ? 0 : 1;
  } catch (error) {
    await engine.close();
    if (error instanceof EngineError) {
      console.error(`bench: ${error.message}${error.issues.length ? `\n  ${error.issues.join('\n  ')}` : ''}`);
      return 2;
    }
    throw error;
  }
}

// Run only as a program, so tests may import parseOnly.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runMain(main);
}
