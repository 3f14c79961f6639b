#!/usr/bin/env bash
# The whole test suite, in the order that fails fastest: types, unit tests, the static
# build, integration tests against the real toolchains, then the deck in headless Chromium.
# Around it: the test temp dir starts clean and must end clean (scripts/test-tmp.ts), and
# every skip is printed; the skip-policy reporter fails a run on any skip that is not for
# a missing toolchain (tests/support/skip-policy.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent typecheck
npx tsx scripts/test-tmp.ts prepare
skip_log=$(mktemp)
trap 'rm -f "$skip_log"' EXIT
export CGO_DECK_SKIP_LOG="$skip_log"
npx vitest run --project unit
npx vitest run --project integration
npx vitest run --project e2e
npx tsx scripts/test-tmp.ts check
node -e '
  const runs = require("node:fs").readFileSync(process.argv[1], "utf8").trim().split("\n").filter(Boolean).map(JSON.parse);
  const skipped = runs.reduce((sum, run) => sum + run.skipped, 0);
  console.log(`npm test: ${skipped} skipped${skipped ? " (each for a toolchain npm run doctor reports missing)" : ""}`);
' "$skip_log"
