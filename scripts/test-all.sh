#!/usr/bin/env bash
# The whole test suite, in the order that fails fastest: types, unit tests, the static
# build, integration tests against the real toolchains, then the deck in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent typecheck
npx vitest run --project unit
npx vitest run --project integration
npx vitest run --project e2e
