#!/usr/bin/env bash
# Builds the module with profile-guided optimisation: target/pgo/libferrous.so.
#
# Why: the one-call workloads (EVALSHA, FCALL, a shebang EVAL, each with one redis.call) run
# about as many instructions as the built-in engine but lose on wall-clock through
# instruction-cache misses — one request walks Redis's networking, the module, the VM and
# RedisModule_Call, a code path larger than L1i. PGO lays hot code out together and moves
# cold blocks away. callgrind, EVALSHA + INCR per call: instructions 10,228 -> 9,161, simulated
# L1i misses 739 -> 580 (the built-in: 10,509 and 363); usec_per_call ratio to the built-in
# (redis_commandstats.sh, a loaded 2-core machine): EVAL "return 1" 0.9 -> 0.7, EVALSHA
# 1.4 -> 1.1, 100 redis.call()s 2.0 -> 1.6, FCALL 1.5 -> 1.3, shebang EVAL 1.3-1.5 -> 1.05.
# (LLVM's machine-function splitting on top, -Cllvm-args=-split-machine-functions, gave no
# further gain: 590 L1i misses.)
#
# How: an instrumented build (-Cprofile-generate), a training run in a real redis-server
# (the five workloads of redis_workloads.sh, a mix of other scripts, functions and error
# paths, plain GET/SET through the drop-in filter), the profile merged with the
# llvm-profdata that matches rustc's LLVM, then the optimised build (-Cprofile-use). Both
# builds use their own target directories (target/pgo-gen, target/pgo-use), so the normal
# `cargo build --release` output is untouched. Measure with
# `SO=target/pgo/libferrous.so benches/redis_commandstats.sh`.
#
# Needs: redis-server, redis-cli, redis-benchmark, and llvm-profdata of rustc's LLVM major
# version (`rustup component add llvm-tools`, or a distribution's llvm-<N>; LLVM_PROFDATA=path
# overrides the search).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
. benches/redis_workloads.sh

llvm_major=$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')
PROFDATA=${LLVM_PROFDATA:-}
if [ -z "$PROFDATA" ]; then
  for c in "$(rustc --print sysroot)"/lib/rustlib/*/bin/llvm-profdata \
    "/usr/lib/llvm-$llvm_major/bin/llvm-profdata" "$(command -v "llvm-profdata-$llvm_major" || true)"; do
    [ -x "$c" ] && PROFDATA=$c && break
  done
fi
[ -n "$PROFDATA" ] || { echo "llvm-profdata for LLVM $llvm_major not found (set LLVM_PROFDATA)" >&2; exit 1; }

# With an explicit --target, RUSTFLAGS apply to the module's crates only, not to build scripts
# and proc-macros (which would otherwise write profiles of their own while compiling).
HOST=$(rustc -vV | sed -n 's/^host: //p')
PROF=$ROOT/target/pgo/profile
rm -rf "$PROF" && mkdir -p "$PROF"
RUSTFLAGS="-Cprofile-generate=$PROF/raw" CARGO_TARGET_DIR=$ROOT/target/pgo-gen \
  cargo build --release -p ferrous --target "$HOST"

# Training: one server with the instrumented module; the profile is written when it exits.
DIR=$(mktemp -d)
PORT=$(free_port)
redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$DIR" \
  --logfile "$DIR/log" --loadmodule "$ROOT/target/pgo-gen/$HOST/release/libferrous.so" drop-in yes \
  >/dev/null &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -rf "$DIR"' EXIT
for _ in $(seq 50); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
C="redis-cli -p $PORT"
B="redis-benchmark -p $PORT -c 4 -q"
$C function load "$LIB" >/dev/null
SHA=$($C script load "$INCR")
{
  $B -n 20000 eval "return 1" 0
  $B -n 20000 evalsha "$SHA" 1 k1
  $B -n 2000 eval "$HUNDRED" 1 k3
  $B -n 20000 fcall incr1 1 k4
  $B -n 20000 eval "$SHEBANG" 1 k5
  $B -n 5000 eval "local t = {} for i = 1, 20 do t[i] = ARGV[1] .. i end return t" 0 x
  $B -n 5000 eval "return redis.call('HSET', KEYS[1], 'f', ARGV[1])" 1 h v
  $B -n 5000 eval "return redis.call('HGETALL', KEYS[1])" 1 h
  $B -n 5000 eval "return cjson.encode({a = 1, b = {1, 2, 3}})" 0
  $B -n 5000 eval "return redis.pcall('INCR', KEYS[1])" 1 n
  $B -n 5000 eval "return string.format('%d-%s', 1, string.rep('x', 3))" 0
  $B -n 5000 eval_ro "return redis.call('GET', KEYS[1])" 1 k1
  $B -n 50000 -t get,set,incr,lpush,hset
} >/dev/null 2>&1 || true
$C eval "return redis.call('nosuchcommand')" 0 >/dev/null 2>&1 || true
$C eval "error('x')" 0 >/dev/null 2>&1 || true
$C shutdown nosave >/dev/null 2>&1 || true
wait "$PID" || true

"$PROFDATA" merge -o "$PROF/merged.profdata" "$PROF"/raw
RUSTFLAGS="-Cprofile-use=$PROF/merged.profdata" CARGO_TARGET_DIR=$ROOT/target/pgo-use \
  cargo build --release -p ferrous --target "$HOST"
mkdir -p target/pgo
cp "target/pgo-use/$HOST/release/libferrous.so" target/pgo/libferrous.so
echo "built target/pgo/libferrous.so"
