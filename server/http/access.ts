/**
 * Who may do what. Pure (no `node:` imports) except the timing-safe token comparison
 * passed in from outside.
 *
 * - Watching (GET) is open: the audience may follow a run from their laptops.
 * - Control (start, cancel, edited code) is open to loopback clients, and to others only
 *   with `Authorization: Bearer <token>` — the token printed at start-up when the server
 *   listens beyond loopback. Edited code runs on the speaker's machine.
 * - A browser page from elsewhere must not drive a loopback server (CSRF): such requests
 *   carry an `Origin` that is neither loopback nor this server, and are refused.
 * - DNS rebinding (evil.example resolving to 127.0.0.1) sends a foreign `Host`; a server
 *   bound to loopback only answers to loopback host names.
 */

/** isLoopbackAddress says whether a socket's remote address is this machine. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  return plain === '::1' || /^127\.\d+\.\d+\.\d+$/.test(plain);
}

/** isLoopbackHostName says whether a host name (from Host or Origin) names this machine. */
export function isLoopbackHostName(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return host === 'localhost' || host.endsWith('.localhost') || isLoopbackAddress(host);
}

/** hostNameOf strips the port from a Host header value ("127.0.0.1:8000", "[::1]:80"). */
export function hostNameOf(hostHeader: string): string {
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1);
  const colon = hostHeader.lastIndexOf(':');
  return colon === -1 ? hostHeader : hostHeader.slice(0, colon);
}

/** bearerToken extracts the token of an `Authorization: Bearer …` header. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** AccessRequest is what an access decision looks at. */
export interface AccessRequest {
  remoteAddress: string | undefined;
  host: string | undefined;
  origin: string | undefined;
  authorization: string | undefined;
}

/** AccessPolicy decides per request. */
export interface AccessPolicy {
  /** hostAllowed is false for a foreign Host on a loopback-only server. */
  hostAllowed(request: AccessRequest): boolean;
  /** originAllowed is false for a browser request from a foreign page. */
  originAllowed(request: AccessRequest): boolean;
  /** canControl says whether the request may start or cancel runs. */
  canControl(request: AccessRequest): boolean;
}

/** createAccessPolicy builds the policy; `token` is undefined on a loopback-only server. */
export function createAccessPolicy(options: { exposed: boolean; token?: string; tokenEquals: (given: string, token: string) => boolean }): AccessPolicy {
  const policy: AccessPolicy = {
    hostAllowed(request) {
      if (options.exposed) return true;
      return request.host === undefined || isLoopbackHostName(hostNameOf(request.host));
    },
    originAllowed(request) {
      if (!request.origin) return true;
      let url: URL;
      try {
        url = new URL(request.origin);
      } catch {
        return false;
      }
      if (isLoopbackHostName(url.hostname)) return true;
      return request.host !== undefined && url.host === request.host;
    },
    canControl(request) {
      if (!policy.originAllowed(request)) return false;
      if (isLoopbackAddress(request.remoteAddress)) return true;
      const given = bearerToken(request.authorization);
      return options.token !== undefined && given !== undefined && options.tokenEquals(given, options.token);
    },
  };
  return policy;
}
