#!/usr/bin/env bash
# Benchmarks (separate from the tests): sets up, builds the release app, serves
# it with the local API on loopback and runs bench/run.mjs in headless Chromium.
#   ./scripts/bench.sh          full run; writes bench/results/latest.{json,md}
#   ./scripts/bench.sh --ci     quick run that fails when a budget is broken by a wide margin
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh
port=${BENCH_PORT:-8092}
target/debug/authentik-local-api --port "$port" --static dist --max-page-size 1000 \
  --page /bench/vanilla=bench/vanilla.html --page /bench/with-app-files=target/bench/with-app-files.html \
  > /tmp/akf-bench-api.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/__admin/health" >/dev/null && break; sleep 0.1; done
node bench/run.mjs --base "http://127.0.0.1:$port" "$@"
