/**
 * Machine info stored with every recording (and served by /api/health), so a replayed
 * figure always says where it was measured: CPU model, core count, OS, kernel,
 * architecture, memory and the versions of the toolchains found.
 */
import { readFile } from 'node:fs/promises';
import { arch, availableParallelism, cpus, release, totalmem, type } from 'node:os';
import type { MachineInfo, ToolchainInfo } from '../../demos/protocol.ts';

/** parseCpuModel picks the first "model name" from /proc/cpuinfo text. */
export function parseCpuModel(cpuinfo: string): string | undefined {
  return /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? /^(?:Hardware|Processor|cpu model)\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim();
}

/** parseOsRelease picks PRETTY_NAME (or NAME VERSION) from /etc/os-release text. */
export function parseOsRelease(text: string): string | undefined {
  const field = (name: string): string | undefined => {
    const raw = new RegExp(`^${name}=(.*)$`, 'm').exec(text)?.[1]?.trim();
    return raw?.replace(/^"(.*)"$/, '$1');
  };
  return field('PRETTY_NAME') ?? ([field('NAME'), field('VERSION')].filter(Boolean).join(' ') || undefined);
}

async function readOr(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
}

/** collectMachineInfo reads this machine's description; `toolchains` come from detection. */
export async function collectMachineInfo(toolchains: readonly ToolchainInfo[]): Promise<MachineInfo> {
  const versions: Record<string, string> = {};
  for (const item of toolchains) if (item.found && item.version) versions[item.id] = item.version;
  return {
    cpuModel: parseCpuModel(await readOr('/proc/cpuinfo')) ?? cpus()[0]?.model ?? 'unknown CPU',
    cpuCount: availableParallelism(),
    os: parseOsRelease(await readOr('/etc/os-release')) ?? type(),
    kernel: release(),
    arch: arch(),
    memoryBytes: totalmem(),
    toolchains: versions,
  };
}
