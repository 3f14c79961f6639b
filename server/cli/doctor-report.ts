/**
 * The doctor's report, in pieces that `npm run doctor` and `npm run preflight` both print:
 * the toolchain table, the demos a missing toolchain rules out, and whether edited code
 * can run (the sandbox). Formatting only, plus the one pure rule of which demo needs what.
 */
import type { ToolchainInfo } from '../../demos/protocol.ts';
import type { SandboxStatus } from '../sandbox/sandbox.ts';

/** formatToolchainTable renders the toolchain list as an aligned text table. */
export function formatToolchainTable(list: readonly ToolchainInfo[]): string {
  const rows = [['tool', 'version', 'path', 'install'], ...list.map((item) => [item.id, item.found ? (item.version ?? '?') : 'missing', item.path ?? '', item.found ? '' : (item.installHint ?? '')])];
  const widths = [0, 1, 2].map((col) => Math.max(...rows.map((row) => row[col]!.length)));
  return rows.map((row) => row.map((cell, col) => (col < 3 ? cell.padEnd(widths[col]!) : cell)).join('  ').trimEnd()).join('\n');
}

/** missingRequirements lists the toolchain ids of `requires` that `list` reports missing (or does not know). */
export function missingRequirements(requires: readonly string[], list: readonly ToolchainInfo[]): string[] {
  const found = new Set(list.filter((item) => item.found).map((item) => item.id));
  return requires.filter((id) => !found.has(id));
}

/** formatDemoAvailability says which demos cannot run here and what each lacks. */
export function formatDemoAvailability(demos: ReadonlyArray<{ id: string; requires: readonly string[] }>, list: readonly ToolchainInfo[]): string {
  const unavailable = demos.map((demo) => ({ id: demo.id, missing: missingRequirements(demo.requires, list) })).filter((demo) => demo.missing.length > 0);
  if (unavailable.length === 0) return demos.length === 1 ? 'The demo can run on this machine.' : `All ${demos.length} demos can run on this machine.`;
  return [
    `${demos.length - unavailable.length} of ${demos.length} demos can run here. Unavailable (their slides replay recordings):`,
    ...unavailable.map((demo) => `  ${demo.id}: needs ${demo.missing.join(', ')}`),
  ].join('\n');
}

/** formatSandboxStatus says whether edited code can run here, how, and what is weaker than it should be. */
export function formatSandboxStatus(status: SandboxStatus): string {
  const lines = [`Edited code (the pointer-rules editor): ${status.summary}`];
  if (status.available && status.limitsBy === 'rlimits') {
    lines.push('  warning: limits count each process, not the whole run (a program may fork to multiply them); run the server as root on cgroup v1, or with a delegated cgroup v2');
  }
  if (!status.available) lines.push('  Edited code is refused until this is fixed; everything else works.');
  return lines.join('\n');
}
