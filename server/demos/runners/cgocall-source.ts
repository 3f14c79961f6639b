/**
 * cgocall-source runner: asks the installed go for GOROOT and its version, reads the
 * runtime's sources there, and cuts out the functions by name (excerpt.ts).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import manifest from '../../../demos/cgocall-source/manifest.ts';
import {
  applyFocus,
  asmcgocallRules,
  cgocallRules,
  extractAsmText,
  extractGoFunc,
  landingpadRules,
  type SourceExcerpt,
} from '../../../demos/cgocall-source/excerpt.ts';
import { defineDemoRunner, RunError, toolPath } from '../demo-context.ts';
import { goBuildEnv } from '../native-build.ts';

export default defineDemoRunner({
  manifest,
  async run(ctx) {
    ctx.status('running', 'go env GOROOT GOVERSION GOARCH');
    const env = await ctx.exec(toolPath(ctx.toolchains, 'go'), ['env', 'GOROOT', 'GOVERSION', 'GOARCH'], { source: 'go env', timeoutMs: 20_000, streamOutput: false, env: goBuildEnv() });
    if (env.exitCode !== 0) throw new RunError('program-crashed', 'go env failed', { source: 'go', detail: env.stderr });
    const [goroot = '', goVersion = '', goarch = ''] = env.stdout.trim().split('\n').map((s) => s.trim());
    if (goarch !== 'amd64') {
      ctx.error('internal', `this Go targets ${goarch}; the assembly excerpt exists only for amd64`, { source: 'go' });
    }
    const runtimeDir = join(goroot, 'src', 'runtime');
    const read = async (name: string): Promise<string> => {
      try {
        return await readFile(join(runtimeDir, name), 'utf8');
      } catch (err) {
        throw new RunError('toolchain-missing', `cannot read $GOROOT/src/runtime/${name} (is the Go source installed?)`, {
          source: 'go',
          detail: String(err),
        });
      }
    };
    const cgocallGo = await read('cgocall.go');
    const excerpts: SourceExcerpt[] = [];
    const need = (e: SourceExcerpt | undefined, what: string): SourceExcerpt => {
      if (!e) throw new RunError('internal', `${what} not found in ${goVersion}'s runtime sources`);
      return e;
    };
    excerpts.push(applyFocus(need(extractGoFunc(cgocallGo, 'cgocall', 'src/runtime/cgocall.go'), 'func cgocall'), cgocallRules));
    ctx.progress(`read runtime.cgocall from ${join(runtimeDir, 'cgocall.go')}`, { step: 'read' });
    if (goarch === 'amd64') {
      const asm = await read('asm_amd64.s');
      excerpts.push(applyFocus(need(extractAsmText(asm, 'asmcgocall', 'src/runtime/asm_amd64.s'), 'TEXT ·asmcgocall'), asmcgocallRules));
      const pad = extractAsmText(asm, 'asmcgocall_landingpad', 'src/runtime/asm_amd64.s');
      // asmcgocall_landingpad exists since Go 1.24; older runtimes CALL AX inside asmcgocall.
      if (pad) excerpts.push(applyFocus(pad, landingpadRules));
      ctx.progress(`read runtime.asmcgocall from ${join(runtimeDir, 'asm_amd64.s')}`, { step: 'read' });
    }
    if (ctx.params.callback) {
      const back = extractGoFunc(cgocallGo, 'cgocallbackg', 'src/runtime/cgocall.go');
      if (back) {
        excerpts.push(
          applyFocus(back, [
            { pattern: /exitsyscall\(\)/, label: 'C called Go: leave the "system call" first' },
            { pattern: /cgocallbackg1\(/, label: 'run the Go function' },
            { pattern: /reentersyscall\(/, label: 'return to C: back into the "system call"' },
          ]),
        );
      }
    }
    ctx.result({ goVersion, goroot, goarch, excerpts });
  },
});
