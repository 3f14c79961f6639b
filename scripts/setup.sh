#!/usr/bin/env bash
# Sets up a fresh Debian machine for the deck, its live demos and its tests:
# the system packages the demos and the browser tests need, the npm dependencies
# (with the native ones checked to load), and benchstat for Go's own benchmarks.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(chromium luajit libluajit-5.1-dev gdb hyperfine linux-perf binutils util-linux procps bubblewrap poppler-utils)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing system packages (install them as root): ${missing[*]}" >&2
  fi
fi

# npm ci only when the lock file changed since the last install, so a second start is quick.
stamp=node_modules/.setup-lock-hash
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
fi
# npm 11 may skip install scripts; koffi must really load, or the Node.js FFI row is empty.
node -e "require('koffi')" || { echo "setup: koffi does not load" >&2; exit 1; }
# Bun and Deno come as optional npm dependencies (their binaries inside registry packages):
# a platform without them, or a failed install script, only empties their FFI rows.
for runtime in bun deno; do
  node_modules/.bin/$runtime --version >/dev/null 2>&1 \
    || echo "setup: $runtime (npm package) does not run here; the FFI table shows its row as missing" >&2
done

# benchstat presents Go's own cgo benchmarks the way the Go team does (optional: the
# demo computes the same statistics itself when it is missing).
if command -v go >/dev/null && [ ! -x "$(go env GOPATH)/bin/benchstat" ]; then
  go install golang.org/x/perf/cmd/benchstat@latest >/dev/null 2>&1 \
    || echo "setup: benchstat could not be installed; the cgo-benchstat demo will compute its statistics itself" >&2
fi
echo "setup: done"
