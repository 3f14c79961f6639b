/**
 * preamble-disasm runner: builds native/preamble (Go) and native/preamble/c/depth.c
 * (gcc -O2, sibling-call optimisation off so the recursion stays a real call, as in Go),
 * disassembles both, and reports where the Go stack check is and that C has none.
 */
import { join } from 'node:path';
import manifest from '../../../demos/preamble-disasm/manifest.ts';
import { findPreamble, findStackChecksC, parseGnuObjdump, parseGoObjdump } from '../../../demos/preamble-disasm/disasm.ts';
import { goVersionLabel } from '../../../demos/go-shared/go-version.ts';
import { defineDemoRunner, RunError, toolPath } from '../demo-context.ts';
import { buildC, buildGo } from '../native-build.ts';

/** The gcc flags, shown on the slide beside the C disassembly. */
const cFlags = ['-O2', '-fno-optimize-sibling-calls'];

export default defineDemoRunner({
  manifest,
  async run(ctx) {
    const goVersion = goVersionLabel(ctx.toolchains.go?.version);
    const ccVersion = ctx.toolchains.cc?.version ?? 'unknown';
    const srcDir = join(ctx.rootDir, 'native', 'preamble');
    ctx.status('building', 'go build native/preamble; gcc -O2 -c native/preamble/c/depth.c');
    const goBinary = await buildGo(ctx, { name: 'preamble (go)', dir: srcDir, inputs: ['go.mod', 'main.go'], output: 'preamble' });
    const cObject = await buildC(ctx, { name: 'preamble (c)', dir: join(srcDir, 'c'), sources: ['depth.c'], output: 'depth.o', flags: cFlags, objectOnly: true });

    ctx.status('running', 'go tool objdump -s main.depth|main.bigFrame; objdump -d depth.o');
    const wanted = ctx.params.function === 'both' ? 'depth|bigFrame' : ctx.params.function;
    const goDis = await ctx.exec(toolPath(ctx.toolchains, 'go'), ['tool', 'objdump', '-s', `^main\\.(${wanted})$`, goBinary], {
      source: 'go tool objdump',
      streamOutput: false,
      timeoutMs: 60_000,
    });
    if (goDis.exitCode !== 0) throw new RunError('program-crashed', 'go tool objdump failed', { source: 'go', detail: goDis.stderr });
    const cDis = await ctx.exec('objdump', ['-d', '--no-show-raw-insn', cObject], {
      source: 'objdump',
      streamOutput: false,
      timeoutMs: 30_000,
    }).catch((err: unknown) => {
      throw new RunError('toolchain-missing', 'objdump (GNU binutils) is not installed', { source: 'objdump', detail: String(err) });
    });
    if (cDis.exitCode !== 0) throw new RunError('program-crashed', 'objdump -d failed', { source: 'objdump', detail: cDis.stderr });

    const goFunctions = parseGoObjdump(goDis.stdout).map((fn) => ({ ...fn, preamble: findPreamble(fn) ?? null }));
    for (const fn of goFunctions) {
      const p = fn.preamble;
      ctx.progress(
        p
          ? `${fn.name}: ${fn.instructions[p.compare]?.text} → ${fn.instructions[p.branch]?.text} → CALL ${p.morestackSymbol}`
          : `${fn.name}: no stack check (a small leaf function, or marked nosplit)`,
        { step: 'go' },
      );
    }
    const cFunctions = parseGnuObjdump(cDis.stdout).map((fn) => ({ ...fn, stackChecks: findStackChecksC(fn) }));
    for (const fn of cFunctions) {
      ctx.progress(`${fn.name} (C): ${fn.stackChecks.length === 0 ? 'no stack-bound check' : `${fn.stackChecks.length} stack-related instructions`}`, { step: 'c' });
    }
    if (goFunctions.length === 0) throw new RunError('internal', 'go tool objdump printed no function', { detail: goDis.stdout.slice(0, 2000) });
    ctx.result({ goVersion, ccVersion, cFlags: cFlags.join(' '), goFunctions, cFunctions });
  },
});
