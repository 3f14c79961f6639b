/**
 * Who may do what, decided per request. Pure: no `node:` imports (the timing-safe token
 * comparison and the server's own addresses come in from the I/O shell), so every rule
 * is unit-tested in isolation.
 *
 * The model is Jupyter's: a secret token printed at start-up, required for control on
 * every server, loopback included.
 * - Host: a request must name this server — a loopback name (localhost, 127.0.0.1, ::1),
 *   one of the server's own addresses when it listens beyond loopback, or a name given
 *   with `--allow-host`. A DNS-rebinding page (evil.example resolving to 127.0.0.1 or to
 *   the speaker's LAN address) sends its own name and is refused before anything else.
 * - Role: a request is a `watcher` unless it carries a credential's token in
 *   `Authorization: Bearer …`. Being on loopback grants nothing: a program on this
 *   machine, or anything that forwards a port to it (ssh -R, a tunnel), arrives from
 *   127.0.0.1 too.
 * - Origin: a browser request from a foreign page (CSRF) is never more than a watcher,
 *   token or not; pages of this server and loopback pages (the `vite dev` deck) are fine.
 * - Capabilities: watchers may watch (the audience following on their laptops); the
 *   speaker may also control (start, cancel, send edited code), drive and make phone
 *   remotes. A phone remote (its own revocable token, server/stage/remote-tokens.ts) may
 *   step the deck and run the current slide's demo (server/stage/remote-scope.ts), never
 *   control, send code or make remotes.
 */

/** Role is what a request is allowed to be. */
export type Role = 'watcher' | 'speaker' | 'remote';

/**
 * Capability is one kind of thing a request may do: `watch` (follow runs and the stage),
 * `control` (start or cancel any run, edited code), `drive` (publish the deck's position
 * the audience follows), `step` (Next / Previous), `slide-run` (start or cancel the
 * current slide's demo with its params), `remotes` (make and revoke phone remotes).
 */
export type Capability = 'watch' | 'control' | 'drive' | 'step' | 'slide-run' | 'remotes';

/** capabilitiesOf maps each role to what it may do. */
export const capabilitiesOf: Readonly<Record<Role, readonly Capability[]>> = {
  watcher: ['watch'],
  speaker: ['watch', 'control', 'drive', 'step', 'slide-run', 'remotes'],
  remote: ['watch', 'step', 'slide-run'],
};

/** Credential is a token that makes its bearer a role; a remote's also names it. */
export interface Credential {
  role: Role;
  token: string;
  /** The remote's id and label (role `remote`). */
  id?: string;
  label?: string;
}

/** AccessRequest is what an access decision looks at. */
export interface AccessRequest {
  remoteAddress: string | undefined;
  host: string | undefined;
  origin: string | undefined;
  authorization: string | undefined;
}

/** HostCheck is the answer of checkHost. */
export type HostCheck = { ok: true } | { ok: false; reason: string };

/** AccessConfig is what a policy needs to know about its server. */
export interface AccessConfig {
  /** Whether the server listens beyond loopback (for the wording of refusals). */
  exposed: boolean;
  /**
   * hostNames lists the names and addresses, besides loopback ones, that this server
   * answers to: its own addresses when exposed, and the names given with `--allow-host`.
   * A function, so addresses that change while the server runs (a laptop joining the
   * conference Wi-Fi) are seen.
   */
  hostNames: () => readonly string[];
  /** credentials are the tokens currently valid (a function so tokens can be added or revoked). */
  credentials: () => readonly Credential[];
  /** tokenEquals compares a given token with a credential's in constant time. */
  tokenEquals: (given: string, token: string) => boolean;
}

/** AccessPolicy decides per request. */
export interface AccessPolicy {
  /** checkHost refuses a request whose Host does not name this server. */
  checkHost(request: AccessRequest): HostCheck;
  /** originAllowed is false for a browser request from a foreign page. */
  originAllowed(request: AccessRequest): boolean;
  /** credentialOf is the credential whose token the request carries (none for a foreign page). */
  credentialOf(request: AccessRequest): Credential | undefined;
  /** roleOf is the request's role: a credential's, or watcher. */
  roleOf(request: AccessRequest): Role;
  /** may says whether the request has a capability. */
  may(request: AccessRequest, capability: Capability): boolean;
}

/** isLoopbackAddress says whether an IP address is this machine (127/8, ::1, their IPv4-mapped forms). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  return plain === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(plain);
}

/** normalizeHostName lower-cases a host name and drops IPv6 brackets and a trailing dot. */
export function normalizeHostName(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

/** isLoopbackHostName says whether a host name (from Host or Origin) names this machine. */
export function isLoopbackHostName(hostname: string): boolean {
  const host = normalizeHostName(hostname);
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
  // Stryker disable next-line StringLiteral: any stand-in for a missing header that lacks "Bearer " matches nothing alike
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** createAccessPolicy builds the policy of one server. */
export function createAccessPolicy(config: AccessConfig): AccessPolicy {
  const namesThisServer = (hostname: string): boolean => {
    if (isLoopbackHostName(hostname)) return true;
    const host = normalizeHostName(hostname);
    return host !== '' && config.hostNames().some((name) => normalizeHostName(name) === host);
  };

  const policy: AccessPolicy = {
    checkHost(request) {
      // No Host header names nothing: namesThisServer refuses ''.
      if (namesThisServer(hostNameOf(request.host ?? ''))) return { ok: true };
      const named = request.host === undefined ? 'no Host header' : `Host "${request.host.slice(0, 100)}"`;
      const answers = config.exposed
        ? "loopback names, this machine's addresses and the names given with --allow-host"
        : 'loopback names (127.0.0.1, localhost, ::1) and the names given with --allow-host';
      return { ok: false, reason: `this server answers only to ${answers}; the request had ${named}` };
    },
    originAllowed(request) {
      if (request.origin === undefined) return true;
      let url: URL;
      try {
        url = new URL(request.origin);
      } catch {
        return false; // "null" (sandboxed frames, file://) and garbage
      }
      if (isLoopbackHostName(url.hostname)) return true;
      return request.host !== undefined && url.host === request.host.toLowerCase();
    },
    credentialOf(request) {
      if (!policy.originAllowed(request)) return undefined;
      const given = bearerToken(request.authorization);
      if (given === undefined) return undefined;
      return config.credentials().find((credential) => config.tokenEquals(given, credential.token));
    },
    roleOf(request) {
      return policy.credentialOf(request)?.role ?? 'watcher';
    },
    may(request, capability) {
      return capabilitiesOf[policy.roleOf(request)].includes(capability);
    },
  };
  return policy;
}
