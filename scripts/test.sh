#!/usr/bin/env bash
# Runs the whole test suite: unit tests, the Lua conformance programs (checked against lua5.1
# when it is installed) and the architecture regression tests.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --release 2>&1
