/**
 * The toolchains the demos may need: ids, display names, how to ask each for its
 * version and how to install it. Pure data and parsers (no `node:` imports); detection
 * (running the commands) is in detect.ts.
 */

/** toolchainIds are the catalog's ids, in display order (`requires:` of a manifest names them). */
export const toolchainIds = ['cc', 'go', 'rust', 'java', 'java-ffm', 'luajit', 'node', 'python', 'gdb', 'benchstat', 'bun', 'deno', 'bwrap', 'hyperfine'] as const;

/** ToolchainId is one of the catalog's ids. */
export type ToolchainId = (typeof toolchainIds)[number];

/** ToolchainSpec says how to find and version one toolchain. */
export interface ToolchainSpec {
  id: ToolchainId;
  name: string;
  /** Commands that must all be found; the first one is reported as `path`. */
  commands: string[];
  /** Arguments that make the first command print its version. */
  versionArgs: string[];
  /** parseVersion picks the version out of the command's stdout+stderr. */
  parseVersion(output: string): string | undefined;
  installHint: string;
}

const firstMatch = (pattern: RegExp) => (output: string): string | undefined => pattern.exec(output)?.[1];

/** toolchainCatalog lists every toolchain id known to the server, in display order. */
export const toolchainCatalog: readonly ToolchainSpec[] = [
  {
    id: 'cc',
    name: 'C compiler (gcc)',
    commands: ['gcc'],
    versionArgs: ['--version'],
    parseVersion: (out) => /^gcc.*?\s(\d+\.\d+(?:\.\d+)?)\s*$/m.exec(out)?.[1] ?? firstMatch(/(\d+\.\d+\.\d+)/)(out),
    installHint: 'apt-get install gcc',
  },
  {
    id: 'go',
    name: 'Go',
    commands: ['go'],
    versionArgs: ['version'],
    parseVersion: firstMatch(/go version go(\S+)/),
    installHint: 'apt-get install golang-go (or the tarball from go.dev/dl into /usr/local/go)',
  },
  {
    id: 'rust',
    name: 'Rust (rustc + cargo)',
    commands: ['rustc', 'cargo'],
    versionArgs: ['--version'],
    parseVersion: firstMatch(/rustc (\S+)/),
    installHint: 'apt-get install rustc cargo (or rustup)',
  },
  {
    id: 'java',
    name: 'Java (java + javac)',
    commands: ['java', 'javac'],
    versionArgs: ['-version'],
    parseVersion: firstMatch(/version "([^"]+)"/),
    installHint: 'apt-get install default-jdk-headless',
  },
  {
    id: 'java-ffm',
    name: 'JDK >= 22 (Foreign Function & Memory API)',
    // Found as a JDK home (its `path`), not on PATH: see detect.ts.
    commands: [],
    versionArgs: [],
    parseVersion: firstMatch(/JAVA_VERSION="([^"]+)"/),
    installHint: 'install a JDK 22+ under /usr/lib/jvm (e.g. apt-get install temurin-25-jdk from Adoptium) or set JAVA_HOME',
  },
  {
    id: 'luajit',
    name: 'LuaJIT',
    commands: ['luajit'],
    versionArgs: ['-v'],
    parseVersion: firstMatch(/LuaJIT (\S+)/),
    installHint: 'apt-get install luajit libluajit-5.1-dev',
  },
  {
    id: 'node',
    name: 'Node.js',
    commands: ['node'],
    versionArgs: ['--version'],
    parseVersion: firstMatch(/v(\d+\.\d+\.\d+)/),
    installHint: 'install Node.js >= 20 (nodejs.org or apt-get install nodejs)',
  },
  {
    id: 'python',
    name: 'Python 3',
    commands: ['python3'],
    versionArgs: ['--version'],
    parseVersion: firstMatch(/Python (\S+)/),
    installHint: 'apt-get install python3',
  },
  {
    id: 'gdb',
    name: 'GDB',
    commands: ['gdb'],
    versionArgs: ['--version'],
    parseVersion: (out) => /^GNU gdb.*?(\d+(?:\.\d+)+)\s*$/m.exec(out)?.[1],
    installHint: 'apt-get install gdb',
  },
  {
    id: 'benchstat',
    name: 'benchstat',
    commands: ['benchstat'],
    versionArgs: [],
    parseVersion: firstMatch(/\tmod\tgolang\.org\/x\/perf\t(\S+)/),
    installHint: 'go install golang.org/x/perf/cmd/benchstat@latest',
  },
  {
    id: 'bun',
    name: 'Bun',
    commands: ['bun'],
    versionArgs: ['--version'],
    parseVersion: firstMatch(/^(\d+\.\d+\.\d+\S*)/m),
    installHint: 'npm ci installs it (optional dependency `bun`; its install script must be allowed)',
  },
  {
    id: 'deno',
    name: 'Deno',
    commands: ['deno'],
    versionArgs: ['--version'],
    parseVersion: firstMatch(/deno (\S+)/),
    installHint: 'npm ci installs it (optional dependency `deno`; its install script must be allowed)',
  },
  {
    id: 'bwrap',
    name: 'bubblewrap (the sandbox for edited code)',
    commands: ['bwrap'],
    versionArgs: ['--version'],
    parseVersion: firstMatch(/bubblewrap (\S+)/),
    installHint: 'apt-get install bubblewrap (bash scripts/setup.sh installs it)',
  },
  {
    id: 'hyperfine',
    name: 'hyperfine',
    commands: ['hyperfine'],
    versionArgs: ['--version'],
    parseVersion: firstMatch(/hyperfine (\S+)/),
    installHint: 'apt-get install hyperfine',
  },
];

/** toolchainSpec returns the catalog entry of an id. */
export function toolchainSpec(id: ToolchainId): ToolchainSpec {
  const spec = toolchainCatalog.find((item) => item.id === id);
  if (!spec) throw new Error(`toolchain "${id}" is not in the catalog`);
  return spec;
}

/** installHintFor returns the install hint of a toolchain id (or a generic sentence). */
export function installHintFor(id: string): string {
  return toolchainCatalog.find((spec) => spec.id === id)?.installHint ?? `install ${id}`;
}

/** parseJavaRelease reads JAVA_VERSION's major number from a JDK's `release` file. */
export function parseJavaRelease(text: string): { version: string; major: number } | undefined {
  const version = /^JAVA_VERSION="([^"]+)"/m.exec(text)?.[1];
  if (!version) return undefined;
  const major = Number(version.startsWith('1.') ? version.split('.')[1] : version.split(/[.+-]/)[0]);
  return Number.isFinite(major) ? { version, major } : undefined;
}
