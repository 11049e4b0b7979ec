#!/usr/bin/env bash
# Sets everything up and runs every test: native unit tests (app logic and the
# local API against recorded authentik responses), then the browser tests
# against the release build in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
echo "== native tests (cargo test)"
cargo test --workspace --quiet
echo "== release build"
./scripts/build.sh
echo "== browser tests (Playwright + Chromium)"
npx playwright test "$@"
