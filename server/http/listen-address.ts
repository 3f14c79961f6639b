/**
 * Where the server listens and which URLs it prints. Pure (no `node:` imports): the
 * bound address and the machine's interface addresses come in from main.ts.
 *
 * - The printed speaker URL must answer: a server bound to one address is reached at
 *   that address (a server on 192.0.2.5 does not answer on 127.0.0.1); one bound to
 *   every address (0.0.0.0, ::) is reached on loopback.
 * - It carries the speaker token in its fragment (`#token=…`): a fragment never leaves
 *   the browser (not in requests, logs or Referer), and the deck removes it from the
 *   address bar at once (demos/client/control-token.ts).
 * - An exposed server answers to its own addresses (see access.ts): all of the
 *   machine's when bound to every address, else the one it is bound to, plus names
 *   given with `--allow-host`.
 */

/** BoundAddress is what the listening socket reports (node's AddressInfo). */
export interface BoundAddress {
  address: string;
  family: string;
  port: number;
}

/** isWildcardAddress says whether a listen address means "every address of this machine". */
export function isWildcardAddress(address: string): boolean {
  return address === '0.0.0.0' || address === '::' || address === '';
}

/** urlHost writes an address as a URL's host part (IPv6 in brackets). */
export function urlHost(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
}

/** reachableBaseUrl is the `http://host:port/` that answers for a bound socket. */
export function reachableBaseUrl(bound: BoundAddress): string {
  let host = bound.address;
  if (isWildcardAddress(host)) host = bound.family === 'IPv6' || host === '::' ? '::1' : '127.0.0.1';
  // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; a URL wants the plain form.
  if (host.toLowerCase().startsWith('::ffff:') && host.includes('.')) host = host.slice(7);
  return `http://${urlHost(host)}:${bound.port}/`;
}

/** speakerUrl adds the token to a base URL as its fragment. */
export function speakerUrl(baseUrl: string, token: string): string {
  return `${baseUrl}#token=${encodeURIComponent(token)}`;
}

/**
 * ownHostNames lists what an exposed server answers to besides loopback names: every
 * interface address when bound to all of them, else the address (or name) it was told
 * to listen on; then the `--allow-host` names.
 */
export function ownHostNames(listenHost: string, interfaceAddresses: readonly string[], allowHosts: readonly string[]): string[] {
  const own = isWildcardAddress(listenHost) ? interfaceAddresses : [listenHost];
  return [...new Set([...own, ...allowHosts])];
}

/** parseAllowHosts splits `--allow-host` values ("a.example,b.example" or repeated flags) into names. */
export function parseAllowHosts(values: readonly string[]): { names: string[]; problems: string[] } {
  const names: string[] = [];
  const problems: string[] = [];
  for (const value of values) {
    for (const raw of value.split(',')) {
      const name = raw.trim();
      if (name === '') continue;
      // A host name or address, no scheme, port, path or wildcard: it is matched exactly.
      const hostName = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(name);
      const ipv6 = /^\[?[0-9A-Fa-f:.]+\]?$/.test(name) && name.split(':').length > 2;
      if (hostName || ipv6) names.push(name);
      else problems.push(`--allow-host ${JSON.stringify(name)}: give a bare host name or address (no scheme, port, path or wildcard)`);
    }
  }
  return { names, problems };
}

/** audienceUrls are the watch-only URLs to print for an exposed server (its non-loopback addresses). */
export function audienceUrls(port: number, hostNames: readonly string[], isLoopback: (host: string) => boolean): string[] {
  return hostNames.filter((name) => !isLoopback(name)).map((name) => `http://${urlHost(name)}:${port}/`);
}
