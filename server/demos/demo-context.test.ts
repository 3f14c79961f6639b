/** Tests of toolPath: the program a runner starts for each toolchain of the catalog. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../tests/support/temp-dir.ts';
import { toolchainCatalog, toolchainIds } from '../toolchains/catalog.ts';
import { toolPath, type ToolchainReport } from './demo-context.ts';

describe('toolPath', () => {
  it('knows every toolchain of the catalog, in the catalog’s order', () => {
    expect(toolchainCatalog.map((spec) => spec.id)).toEqual([...toolchainIds]);
  });

  it.each(toolchainCatalog.filter((spec) => spec.id !== 'java-ffm').map((spec) => [spec.id, spec.commands[0]!] as const))(
    '%s: the path detection found, else the command %s',
    (id, command) => {
      expect(toolPath({ [id]: { found: true, version: '1', path: `/opt/${id}/bin/${command}` } }, id)).toBe(`/opt/${id}/bin/${command}`);
      expect(toolPath({}, id)).toBe(command);
      expect(toolPath({ [id]: { found: false } }, id)).toBe(command);
    },
  );

  it('takes a second command of a toolchain from beside the first, when it is there', async () => {
    const bin = await makeTempDir('toolpath-');
    writeFileSync(join(bin, 'rustc'), '');
    const report: ToolchainReport = { rust: { found: true, version: '1.80.0', path: join(bin, 'rustc') } };
    expect(toolPath(report, 'rust', 'rustc')).toBe(join(bin, 'rustc'));
    expect(toolPath(report, 'rust', 'cargo')).toBe('cargo');
    writeFileSync(join(bin, 'cargo'), '');
    expect(toolPath(report, 'rust', 'cargo')).toBe(join(bin, 'cargo'));
    expect(toolPath({}, 'rust', 'cargo')).toBe('cargo');
  });

  it('finds java-ffm’s programs in the JDK home detection reported', async () => {
    const home = await makeTempDir('jdk-');
    mkdirSync(join(home, 'bin'));
    const report: ToolchainReport = { 'java-ffm': { found: true, version: '25', path: home } };
    expect(toolPath(report, 'java-ffm')).toBe(join(home, 'bin', 'java'));
    expect(toolPath(report, 'java-ffm', 'javac')).toBe(join(home, 'bin', 'javac'));
    expect(toolPath({}, 'java-ffm')).toBe('java');
  });

  it('refuses a command the toolchain does not have', () => {
    expect(() => toolPath({}, 'go', 'gofmt')).toThrow('toolPath: go has no command "gofmt" (it has go)');
  });
});
