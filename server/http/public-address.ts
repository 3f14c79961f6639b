/**
 * `--public [ADDR]`: the server opened to an audience. Pure (no `node:` imports): the
 * routing table and the interfaces come in from main.ts.
 *
 * - `--public` listens on every address (unless `--host` says otherwise) and gives the
 *   audience a join URL on the default-route address: the one the machine reaches the
 *   room's network through, read from the kernel's routing table (/proc/net/route), so
 *   no packet is sent to find it. `--public ADDR` (or `--public=ADDR`) names the address
 *   or host name instead (a NAT'd address, the machine's DNS name).
 * - The join URL has no token: whoever opens it follows the speaker and watches runs.
 */
import { parseAllowHosts, urlHost } from './listen-address.ts';

/** PublicFlag is what `--public` asked for: absent, or present with an optional address. */
export type PublicFlag = { given: false } | { given: true; address: string | undefined };

/** PublicArgs is argv without `--public`, what the flag asked for, or why it is malformed. */
export type PublicArgs = { ok: true; argv: string[]; flag: PublicFlag } | { ok: false; message: string };

/**
 * extractPublicFlag takes `--public`, `--public ADDR` or `--public=ADDR` out of argv
 * (node's parseArgs has no option with an optional value). A following word that starts
 * with `-` is the next option, not an address.
 */
export function extractPublicFlag(argv: readonly string[]): PublicArgs {
  const rest: string[] = [];
  let flag: PublicFlag = { given: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    let address: string | undefined;
    if (arg === '--public') {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('-')) {
        address = next;
        i += 1;
      }
    } else if (arg.startsWith('--public=')) {
      address = arg.slice('--public='.length);
      if (address === '') return { ok: false, message: '--public=: give an address or host name after "=", or use --public alone' };
    } else {
      rest.push(arg);
      continue;
    }
    if (flag.given) return { ok: false, message: '--public is given twice' };
    if (address !== undefined) {
      const checked = parseAllowHosts([address]);
      if (checked.names.length !== 1 || checked.problems.length > 0) {
        return { ok: false, message: `--public ${JSON.stringify(address)}: give a bare address or host name (no scheme, port or path), e.g. --public 192.168.1.20` };
      }
      address = checked.names[0]!.replace(/^\[(.*)\]$/, '$1');
    }
    flag = { given: true, address };
  }
  return { ok: true, argv: rest, flag };
}

/** rtfUp is the routing table's "route usable" flag (RTF_UP). */
const rtfUp = 0x1;

/**
 * defaultRouteInterface reads /proc/net/route and returns the interface of the usable
 * default route (destination and mask 0) with the lowest metric, or undefined.
 */
export function defaultRouteInterface(routeTable: string): string | undefined {
  let best: { iface: string; metric: number } | undefined;
  for (const line of routeTable.split('\n').slice(1)) {
    const [iface, destination, , flags, , , metric, mask] = line.trim().split(/\s+/);
    if (!iface || destination !== '00000000' || mask !== '00000000') continue;
    if ((parseInt(flags ?? '0', 16) & rtfUp) === 0) continue;
    const value = Number(metric ?? 0);
    if (!best || value < best.metric) best = { iface, metric: value };
  }
  return best?.iface;
}

/** InterfaceAddress is the part of node's os.networkInterfaces() entries used here. */
export interface InterfaceAddress {
  address: string;
  family: string;
  internal: boolean;
}

/**
 * defaultRouteAddress is the IPv4 address the machine reaches its default route from:
 * the first non-internal IPv4 address of that route's interface (IPv6 is left out: a
 * phone on a conference network is likelier to reach, and a person to read, v4).
 */
export function defaultRouteAddress(routeTable: string, interfaces: Readonly<Record<string, readonly InterfaceAddress[] | undefined>>): string | undefined {
  const iface = defaultRouteInterface(routeTable);
  if (!iface) return undefined;
  return interfaces[iface]?.find((item) => item.family === 'IPv4' && !item.internal)?.address;
}

/** joinUrl is the audience's URL for an address and port: no token, the deck's root. */
export function joinUrl(address: string, port: number): string {
  return `http://${urlHost(address)}:${port}/`;
}
