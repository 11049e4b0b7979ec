#!/usr/bin/env bash
# Release build of the app into dist/ (Trunk, wasm-bindgen, wasm-opt -Oz) and
# a debug build of the local API server. Run scripts/setup.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true

# The wasm links a standard library compiled with it (-Zbuild-std, from the
# toolchain's rust-src) rather than the prebuilt one: panics compiled to a bare
# trap (-Cpanic=immediate-abort: no message formatting, no panic machinery), no
# file/line strings for them (-Zlocation-detail=none), and std's size-first
# code paths (optimize_for_size). −5.3 KB brotli of the first load, measured
# against the prebuilt std with the same compiler. A panic was already an
# abort with nothing shown (there is no panic hook), so nothing a user sees
# changes. These are unstable flags: RUSTC_BOOTSTRAP=1 lets this stable
# toolchain (the one the tests and clippy use) accept them, for this build only.
RUSTC_BOOTSTRAP=1 \
CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none" \
  trunk build --release
cargo build --quiet -p authentik-local-api
