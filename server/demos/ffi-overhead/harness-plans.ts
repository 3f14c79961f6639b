/**
 * How to build and start each FFI harness of `native/ffi/` (the ffi-overhead runner's
 * build half): one `ctx.build` spec per harness (cached by sources and toolchain version)
 * and its command lines.
 *
 * Every harness links or loads its own copy of libplusone.so, built in its own cache
 * directory (rpath $ORIGIN), so each build is self-contained and keyed by its inputs.
 * Timed command lines are `<cmd> [pre…] <batches> <batchMs> <spinAdds> [post…]`; the harness
 * times spin(spinAdds) right before each batch.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ffiRowLabel, type FfiRuntimeId } from '../../../demos/ffi-overhead/runtimes.ts';
import { toolPath, type BuildSpec, type ToolchainReport } from '../demo-context.ts';

/** HarnessCommand is how to start a built harness. */
export type HarnessCommand = { cmd: string; args: string[]; env?: Record<string, string> };

/** HarnessPlan says how to build and start one runtime's harness. */
export type HarnessPlan = {
  build: BuildSpec;
  /** The timed command: per batch, the sentinel line timed right before it and the batch's line. */
  command(outDir: string, batches: number, batchMs: number, spinAdds: number): HarnessCommand;
  /** For fidelity rows: one untimed loop of `count` calls (`--fixed`), the sentinel spin(spinAdds) right before and after it. */
  fixed?(outDir: string, count: number, spinAdds: number): HarnessCommand;
};

/** Tools are the resolved commands for this machine. */
export type Tools = {
  cc: string;
  cxx: string;
  rustc: string;
  go: string;
  luajit: string;
  python: string;
  node: string;
  bun: string;
  deno: string;
  /** The newest JDK found (JNI and FFM both run on it, so the two rows differ by mechanism only). */
  jdk: { home: string; version: string } | undefined;
  /** The JDK on PATH when it is another one (the extra JNI row). */
  otherJdk: { home: string; version: string } | undefined;
  versions: Record<string, string>;
};

const rpathOrigin = '-Wl,-rpath,$ORIGIN'; // an argv element, never seen by a shell

/** jdkHome finds a JDK's home from the path toolchain detection reported (a binary or the home itself). */
function jdkHome(path: string | undefined): string | undefined {
  if (!path) return undefined;
  try {
    const real = realpathSync(path);
    const home = statSync(real).isDirectory() ? real : dirname(dirname(real));
    return existsSync(join(home, 'bin', 'javac')) ? home : undefined;
  } catch {
    return undefined;
  }
}

/** sibling returns `name` next to `path` when it exists there, else `name` (found on PATH). */
function sibling(path: string | undefined, name: string): string {
  if (path) {
    const candidate = join(dirname(path), name);
    if (existsSync(candidate)) return candidate;
  }
  return name;
}

/** resolveTools picks the commands for every harness from the toolchain report. */
export function resolveTools(toolchains: ToolchainReport): Tools {
  const path = (id: string): string | undefined => (toolchains[id]?.found ? toolchains[id]?.path : undefined);
  const versions: Record<string, string> = {};
  for (const [id, info] of Object.entries(toolchains)) if (info.found) versions[id] = info.version ?? 'unknown';
  const cc = path('cc') ?? 'cc';
  const onPath = jdkHome(path('java'));
  const ffm = jdkHome(path('java-ffm'));
  // java-ffm detection finds the newest JDK >= 22; without one, the JDK on PATH is the newest known.
  const jdk = ffm ? { home: ffm, version: versions['java-ffm']! } : onPath ? { home: onPath, version: versions.java ?? 'unknown' } : undefined;
  return {
    cc,
    cxx: sibling(path('cc'), basename(cc).includes('clang') ? 'clang++' : 'g++'),
    rustc: toolPath(toolchains, 'rust', 'rustc'),
    go: toolPath(toolchains, 'go'),
    luajit: toolPath(toolchains, 'luajit'),
    python: toolPath(toolchains, 'python'),
    // The Node.js running this server is the one to fall back on, not any `node` on PATH.
    node: path('node') ?? process.execPath,
    bun: toolPath(toolchains, 'bun'),
    deno: toolPath(toolchains, 'deno'),
    jdk,
    otherJdk: onPath && jdk && onPath !== jdk.home ? { home: onPath, version: versions.java ?? 'unknown' } : undefined,
    versions,
  };
}

/** jdkFor is the JDK a Java row runs on (undefined: none found). */
export function jdkFor(id: FfiRuntimeId, tools: Tools): Tools['jdk'] {
  if (id === 'java-jni-other') return tools.otherJdk;
  if (id === 'java-ffm') return tools.jdk && Number.parseInt(tools.jdk.version, 10) >= 22 ? tools.jdk : undefined;
  return tools.jdk;
}

/** rowLabel is a row's label on this machine: Java rows name their JDK's major version. */
export function rowLabel(id: FfiRuntimeId, tools: Tools): string {
  return ffiRowLabel(id, id.startsWith('java-') ? jdkFor(id, tools)?.version : undefined);
}

/** nodeIncludeDir finds the Node headers for the running node (Debian puts them in /usr/include/node). */
function nodeIncludeDir(node: string): string {
  try {
    const candidate = join(dirname(dirname(realpathSync(node))), 'include', 'node');
    if (existsSync(join(candidate, 'node_api.h'))) return candidate;
  } catch {
    // fall through to the system location
  }
  return '/usr/include/node';
}

/** planHarness describes the build and the command line of one runtime's harness. */
export function planHarness(id: FfiRuntimeId, rootDir: string, tools: Tools): HarnessPlan {
  const src = join(rootDir, 'native', 'ffi');
  const lib = { cmd: tools.cc, args: ['-O2', '-fPIC', '-shared', '-o', '{out}/libplusone.so', '{src}/plusone.c'] };
  const libInputs = [join(src, 'plusone.c'), join(src, 'plusone.h')];
  const version = (...ids: string[]): string => ids.map((t) => `${t}=${tools.versions[t] ?? 'unknown'}`).join(';');
  const spec = (name: string, inputs: string[], toolchainVersion: string, steps: BuildSpec['steps'], keyExtra: string[] = []): BuildSpec => ({
    name,
    inputs: [...libInputs, ...inputs],
    toolchainVersion,
    keyExtra,
    steps,
    srcDir: src,
    timeoutMs: 120_000,
  });
  // harness makes a timed command line: `<cmd> [pre…] <batches> <batchMs> <spinAdds> [post…]`.
  const harness = (cmd: (out: string) => string, pre: (out: string) => string[] = () => [], post: (out: string) => string[] = () => [], env?: Record<string, string>) =>
    (out: string, batches: number, batchMs: number, spinAdds: number): HarnessCommand => ({
      cmd: cmd(out),
      args: [...pre(out), String(batches), String(batchMs), String(spinAdds), ...post(out)],
      ...(env ? { env } : {}),
    });
  const inOut = (name: string) => (out: string): string => join(out, name);
  const withLib = (out: string): string[] => [join(out, 'libplusone.so')];
  const cHarness = (name: string, file: string, flags: string[]): HarnessPlan => ({
    build: spec(`${name} harness`, [join(src, 'c', file), join(src, 'c', 'bench.h')], version('cc'), [
      lib,
      { cmd: tools.cc, args: ['-O2', ...flags, '-o', `{out}/${name}`, `{src}/c/${file}`, '-L{out}', '-lplusone', rpathOrigin] },
    ], flags),
    command: harness(inOut(name)),
    fixed: (out, count, spinAdds) => ({ cmd: join(out, name), args: ['--fixed', String(count), String(spinAdds)] }),
  });
  const libOnly = spec('libplusone.so', [], version('cc'), [lib]);
  const goHarness = (variant: 'plain' | 'noescape' | 'nocallback', mode: 'cgo' | 'go'): HarnessPlan => {
    const file = `cgo_${variant}.go`;
    const binary = variant === 'plain' ? 'go-cgo' : `go-cgo-${variant}`;
    return {
      build: spec(`${binary} harness`, [join(src, 'go', 'main.go'), join(src, 'go', file)], version('go', 'cc'), [
        lib,
        // cgo's LDFLAGS say -L${SRCDIR}: the sources sit next to the library they link.
        { cmd: 'cp', args: ['{src}/go/main.go', `{src}/go/${file}`, '{out}/'] },
        { cmd: tools.go, args: ['build', '-C', '{out}', '-o', binary, 'main.go', file], env: { CGO_ENABLED: '1' } },
      ], [tools.go]),
      command: harness(inOut(binary), undefined, () => [mode]),
      fixed: (out, count, spinAdds) => ({ cmd: join(out, binary), args: ['--fixed', String(count), String(spinAdds)] }),
    };
  };
  const javaJni = (name: string, jdk: Tools['jdk']): HarnessPlan => {
    const home = jdk?.home ?? '/nonexistent-jdk';
    return {
      build: spec(`${name} harness`, [join(src, 'java', 'Bench.java'), join(src, 'java', 'FfiJni.java'), join(src, 'java', 'ffi_jni.c')], `jdk=${jdk?.version};${version('cc')}`, [
        lib,
        { cmd: join(home, 'bin', 'javac'), args: ['-d', '{out}', '{src}/java/Bench.java', '{src}/java/FfiJni.java'] },
        {
          cmd: tools.cc,
          args: ['-O2', '-shared', '-fPIC', `-I${home}/include`, `-I${home}/include/linux`,
            '-o', '{out}/libffijni.so', '{src}/java/ffi_jni.c', '-L{out}', '-lplusone', rpathOrigin],
        },
      ], [home]),
      // --enable-native-access: JDK 22+ warns about System.loadLibrary without it (JDK 17 accepts it).
      command: harness(() => join(home, 'bin', 'java'), (out) => ['--enable-native-access=ALL-UNNAMED', `-Djava.library.path=${out}`, '-cp', out, 'FfiJni']),
    };
  };

  switch (id) {
    case 'c-direct':
      return cHarness('c-direct', 'direct.c', []);
    case 'c-so':
    case 'c-so-loop':
      return cHarness('c-so', 'so.c', []);
    case 'c-so-noplt':
      return cHarness('c-so-noplt', 'so.c', ['-fno-plt']);
    case 'rust':
      return {
        build: spec('rust harness', [join(src, 'rust', 'ffi.rs')], version('rust', 'cc'), [
          lib,
          { cmd: tools.rustc, args: ['-O', '--edition', '2021', '-L', '{out}', '-C', `link-arg=${rpathOrigin}`, '-o', '{out}/rust-ffi', '{src}/rust/ffi.rs'] },
        ], [tools.rustc]),
        command: harness(inOut('rust-ffi')),
      };
    case 'luajit':
      return { build: libOnly, command: harness(() => tools.luajit, () => [join(src, 'luajit', 'ffi.lua')], withLib) };
    case 'python-ctypes':
      return { build: libOnly, command: harness(() => tools.python, () => [join(src, 'python', 'ctypes_ffi.py')], withLib) };
    case 'node-koffi':
      return { build: libOnly, command: harness(() => tools.node, () => [join(src, 'node', 'koffi.mjs')], withLib) };
    case 'bun-ffi':
      return { build: libOnly, command: harness(() => tools.bun, () => [join(src, 'bun', 'bun-ffi.mjs')], withLib) };
    case 'deno-ffi':
      return {
        build: libOnly,
        // No config discovery (the repo's package.json is not Deno's business), no lock file,
        // no update check: the harness runs offline and leaves nothing behind in the tree.
        command: harness(() => tools.deno, () => ['run', '--no-config', '--no-lock', '--allow-ffi', join(src, 'deno', 'deno-ffi.mjs')], withLib, { DENO_NO_UPDATE_CHECK: '1' }),
      };
    case 'node-napi': {
      const addonApi = join(rootDir, 'node_modules', 'node-addon-api');
      const include = nodeIncludeDir(tools.node);
      return {
        build: spec('node-napi harness', [join(src, 'node', 'napi.cc'), join(addonApi, 'napi.h'), join(addonApi, 'napi-inl.h')], version('node', 'cc'), [
          lib,
          {
            cmd: tools.cxx,
            args: ['-O2', '-shared', '-fPIC', '-DNAPI_DISABLE_CPP_EXCEPTIONS', `-I${include}`, `-I${addonApi}`,
              '-o', '{out}/plusone_napi.node', '{src}/node/napi.cc', '-L{out}', '-lplusone', rpathOrigin],
          },
        ], [include, tools.cxx]),
        command: harness(() => tools.node, () => [join(src, 'node', 'napi.mjs')], (out) => [join(out, 'plusone_napi.node')]),
      };
    }
    case 'java-jni':
      return javaJni('java-jni', jdkFor(id, tools));
    case 'java-jni-other':
      return javaJni('java-jni-other', jdkFor(id, tools));
    case 'java-ffm': {
      const jdk = jdkFor(id, tools);
      const home = jdk?.home ?? '/nonexistent-jdk';
      return {
        build: spec('java-ffm harness', [join(src, 'java', 'Bench.java'), join(src, 'java', 'FfiFfm.java')], `jdk=${jdk?.version};${version('cc')}`, [
          lib,
          { cmd: join(home, 'bin', 'javac'), args: ['-d', '{out}', '{src}/java/Bench.java', '{src}/java/FfiFfm.java'] },
        ], [home]),
        command: harness(() => join(home, 'bin', 'java'), (out) => ['--enable-native-access=ALL-UNNAMED', '-cp', out, 'FfiFfm'], withLib),
      };
    }
    case 'go':
      return goHarness('plain', 'go');
    case 'go-cgo':
    case 'go-cgo-loop':
      return goHarness('plain', 'cgo');
    case 'go-cgo-noescape':
      return goHarness('noescape', 'cgo');
    case 'go-cgo-nocallback':
      return goHarness('nocallback', 'cgo');
  }
}
