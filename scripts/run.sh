#!/usr/bin/env bash
# Sets everything up, builds the app and serves it with the local
# authentik-compatible API and demo data on http://127.0.0.1:${PORT:-8080}/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh
exec target/debug/authentik-local-api --static dist --port "${PORT:-8080}"
