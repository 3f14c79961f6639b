/**
 * goVersionLabel: one spelling of the Go version on every slide. Toolchain detection
 * reports "1.26.8", `go env GOVERSION` says "go1.26.8"; slides say "go1.26.8", as
 * `go version` does. Pure, for runners and widgets alike.
 */

/** goVersionLabel returns "go1.26.8" for "1.26.8", "go1.26.8" or "go version go1.26.8 linux/amd64". */
export function goVersionLabel(version: string | undefined): string {
  if (!version) return 'go (unknown version)';
  const m = /go(\d+\.\d+(?:\.\d+)?\S*)/.exec(version) ?? /^(\d+\.\d+(?:\.\d+)?\S*)/.exec(version.trim());
  return m?.[1] ? `go${m[1]}` : version;
}
