#!/usr/bin/env bash
# Installs what Ferrous needs on a fresh Debian machine, builds it in release mode and runs a demo.
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  missing=""
  for p in lua5.1 lua-bitop redis-server; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
  if [ -n "$missing" ]; then apt-get update -qq && apt-get install -y -qq $missing >/dev/null; fi
fi
cargo build --release -p ferrous-cli
echo "== demo: ferrous examples/demo.lua"
./target/release/ferrous examples/demo.lua
