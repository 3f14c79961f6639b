/**
 * `npm run doctor` on this machine: besides the toolchains it says whether edited code can
 * run, and how its limits are counted (or why it is refused).
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const rootDir = resolve(import.meta.dirname, '../..');

describe('doctor', () => {
  it('reports the sandbox for edited code', () => {
    const output = execFileSync(process.execPath, ['--import', 'tsx', 'server/cli/doctor.ts'], { cwd: rootDir, encoding: 'utf8', timeout: 120_000 });
    const line = /^Edited code \(the pointer-rules editor\): (.*)$/m.exec(output)?.[1];
    expect(line, output).toBeDefined();
    expect(line).toMatch(/^(sandboxed with bubblewrap \S+, as .+; (whole-run limits from cgroup v[12] \(memory, processes, CPU time\)|limits per process only \(rlimits\): .+)|refused: .+)$/);
    if (!line!.startsWith('sandboxed')) expect(output).toMatch(/Edited code is refused until this is fixed/);
    if (/rlimits/.test(line!)) expect(output).toMatch(/warning: limits count each process, not the whole run/);
    // As root with bubblewrap installed (CI), edited code must be sandboxed with whole-run limits.
    if (process.getuid?.() === 0 && existsSync('/usr/bin/bwrap')) expect(line).toMatch(/^sandboxed .*whole-run limits/);
  });
});
