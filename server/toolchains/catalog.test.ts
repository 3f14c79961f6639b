import { describe, expect, it } from 'vitest';
import { parseJavaRelease, toolchainCatalog } from './catalog.ts';

const parse = (id: string, text: string) => toolchainCatalog.find((spec) => spec.id === id)!.parseVersion(text);

describe('toolchain catalog', () => {
  it('covers every toolchain id the demos use, each with an install hint', () => {
    expect(toolchainCatalog.map((spec) => spec.id)).toEqual(['cc', 'go', 'rust', 'java', 'java-ffm', 'luajit', 'node', 'python', 'gdb', 'benchstat', 'bun', 'deno', 'bwrap', 'hyperfine']);
    for (const spec of toolchainCatalog) expect(spec.installHint.length).toBeGreaterThan(5);
  });
  it('parses real version outputs', () => {
    expect(parse('cc', 'gcc (Debian 12.2.0-14) 12.2.0\nCopyright (C) 2022')).toBe('12.2.0');
    expect(parse('go', 'go version go1.22.3 linux/amd64')).toBe('1.22.3');
    expect(parse('rust', 'rustc 1.80.1 (3f5fd8dd4 2024-08-06)')).toBe('1.80.1');
    expect(parse('java', 'openjdk version "17.0.12" 2024-07-16\nOpenJDK Runtime')).toBe('17.0.12');
    expect(parse('luajit', 'LuaJIT 2.1.0-beta3 -- Copyright (C) 2005-2017 Mike Pall.')).toBe('2.1.0-beta3');
    expect(parse('node', 'v20.19.0')).toBe('20.19.0');
    expect(parse('python', 'Python 3.11.2')).toBe('3.11.2');
    expect(parse('gdb', 'GNU gdb (Debian 13.1-3) 13.1\nCopyright')).toBe('13.1');
    expect(parse('bwrap', 'bubblewrap 0.8.0')).toBe('0.8.0');
    expect(parse('benchstat', '/root/go/bin/benchstat: go1.22\n\tpath\tgolang.org/x/perf/cmd/benchstat\n\tmod\tgolang.org/x/perf\tv0.0.0-2024\th1:x=\n')).toBe('v0.0.0-2024');
    expect(parse('bun', '1.1.30\n')).toBe('1.1.30');
    expect(parse('deno', 'deno 2.0.0 (stable, release, x86_64)')).toBe('2.0.0');
    expect(parse('hyperfine', 'hyperfine 1.15.0')).toBe('1.15.0');
  });
  it('reads a JDK release file', () => {
    expect(parseJavaRelease('IMPLEMENTOR="Eclipse Adoptium"\nJAVA_VERSION="25.0.1"\n')).toEqual({ version: '25.0.1', major: 25 });
    expect(parseJavaRelease('JAVA_VERSION="1.8.0_392"')).toEqual({ version: '1.8.0_392', major: 8 });
    expect(parseJavaRelease('nothing')).toBeUndefined();
  });
});
