#!/usr/bin/env bash
# Runs the whole test suite: unit tests, the Lua conformance programs (checked against lua5.1
# when it is installed), the architecture regression tests and the real-server tests of the Redis
# module (redis-tests/: built-in EVAL vs FERROUS.EVAL, busy/kill, drop-in, replication, limits).
set -euo pipefail
cd "$(dirname "$0")/.."
# The Redis module first, as shipped (scripts/build-module.sh: profile-guided when the LLVM
# profile tools can be had): the real-server tests in redis-tests/ load it into a spawned
# redis-server (cargo test does not build a cdylib-only artifact for them).
./scripts/build-module.sh 2>&1
export FERROUS_MODULE=$PWD/target/module/libferrous.so
cargo build --release 2>&1
cargo test --workspace --release 2>&1
# The Lua conformance programs again with the collector running at every safe point (GC stress
# mode): a missing root shows up as a stale-handle error or a wrong result.
FERROUS_GC_STRESS=1 cargo test --release -p ferrous-cli --test lua_programs 2>&1
# And with a small pseudo-random incremental step at every safe point, every atomic step
# cross-checked by a stop-the-world marking (FERROUS_GC_VERIFY): a missing write barrier shows
# up as a panic naming the unmarked object.
FERROUS_GC_STRESS=step FERROUS_GC_VERIFY=1 cargo test --release -p ferrous-cli --test lua_programs 2>&1
# The module's comparison tests with the script VMs collecting incrementally at every safe point
# and every atomic step verified (the spawned redis-server inherits the environment).
FERROUS_GC_STRESS=step FERROUS_GC_VERIFY=1 cargo test --release -p ferrous-redis-tests \
  --test compare --test functions 2>&1
# The fuzz tests once more in a debug build, where integer overflow panics instead of wrapping.
cargo test -p ferrous-cli --test codec_fuzz 2>&1
