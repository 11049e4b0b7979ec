#!/usr/bin/env bash
# Release build of the app into dist/ (Trunk, wasm-bindgen, wasm-opt -Oz) and
# a debug build of the local API server. Run scripts/setup.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
trunk build --release
cargo build --quiet -p authentik-local-api
