#!/usr/bin/env bash
# Builds the Redis module as shipped: target/module/libferrous.so, profile-guided when the
# LLVM profile tools are available, the plain release build otherwise.
#
# Why PGO: a request walks Redis's networking, the module, the VM and RedisModule_Call, more
# code than the 32 KiB L1 instruction cache holds, so the wall clock follows the code's
# footprint more than its instruction count (ARCHITECTURE_ISSUES.md D29, "tenth pass"). A
# profile lets LLVM keep hot blocks together and move cold ones away: per EVALSHA + INCR,
# 660 -> 565 hot 64-byte code lines and 586 -> 482 simulated L1i misses (the built-in engine:
# 516 and 364); per 100-`redis.call` script, 10,200 -> 3,400 misses.
#
# How: an instrumented build (-Cprofile-generate) of the module's crates only (an explicit
# --target keeps RUSTFLAGS off build scripts and proc-macros), a training run in a real
# redis-server (below: common script shapes, functions, error paths, plain commands through
# the drop-in filter), the profile merged with an llvm-profdata of rustc's LLVM major version,
# then the optimised build (-Cprofile-use). Both builds have their own target directories
# (target/pgo-gen, target/pgo-use); `cargo build --release` stays the plain build.
#
# llvm-profdata is looked for in rustc's sysroot (`rustup component add llvm-tools`, tried
# when rustup is present), then /usr/lib/llvm-<major> (apt package llvm-<major>, tried as
# root). Without it the plain build is shipped, with a note on stderr.
# Environment: FERROUS_PGO=0 ships the plain build; LLVM_PROFDATA=path names the tool.
# A stamp skips the work when the sources, the toolchain and the mode are unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/module
mkdir -p "$OUT"

llvm_major=$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')
find_profdata() {
  local c
  for c in "${LLVM_PROFDATA:-}" "$(rustc --print sysroot)"/lib/rustlib/*/bin/llvm-profdata \
    "/usr/lib/llvm-$llvm_major/bin/llvm-profdata"; do
    [ -n "$c" ] && [ -x "$c" ] && { echo "$c"; return; }
  done
  true # not found: empty output
}
PROFDATA=""
if [ "${FERROUS_PGO:-1}" != 0 ]; then
  PROFDATA=$(find_profdata)
  if [ -z "$PROFDATA" ] && command -v rustup >/dev/null; then
    timeout 120 rustup component add llvm-tools >/dev/null 2>&1 || true
    PROFDATA=$(find_profdata)
  fi
  if [ -z "$PROFDATA" ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ] &&
    apt-cache policy "llvm-$llvm_major" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "llvm-$llvm_major" >/dev/null 2>&1 || true
    PROFDATA=$(find_profdata)
  fi
  [ -n "$PROFDATA" ] || echo "build-module: no llvm-profdata for LLVM $llvm_major; shipping the plain build" >&2
  if [ -n "$PROFDATA" ] &&
    ! { command -v redis-server && command -v redis-cli && command -v redis-benchmark; } >/dev/null; then
    echo "build-module: the training run needs redis-server, redis-cli and redis-benchmark; shipping the plain build" >&2
    PROFDATA=""
  fi
fi
MODE=${PROFDATA:+pgo}
MODE=${MODE:-plain}

# The stamp: what went into the last build (tracked files' blobs, uncommitted changes, toolchain).
stamp=$({
  rustc -vV
  echo "$MODE"
  if git rev-parse --git-dir >/dev/null 2>&1; then
    git ls-files -s -- Cargo.toml Cargo.lock src vm stdlib scripts/build-module.sh
    git diff HEAD -- Cargo.toml Cargo.lock src vm stdlib scripts/build-module.sh
  else
    date +%s%N # not a checkout: always rebuild
  fi
} | sha1sum | cut -d' ' -f1)
if [ -f "$OUT/libferrous.so" ] && [ "$(cat "$OUT/stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "target/module/libferrous.so is up to date ($MODE)"
  exit 0
fi
rm -f "$OUT/stamp"

plain() {
  cargo build --release -p ferrous
  cp target/release/libferrous.so "$OUT/libferrous.so"
  echo "$stamp" >"$OUT/stamp"
  echo "built target/module/libferrous.so (plain release build)"
  exit 0
}
[ "$MODE" = plain ] && plain

. benches/redis_workloads.sh
HOST=$(rustc -vV | sed -n 's/^host: //p')
PROF=$ROOT/target/pgo/profile
rm -rf "$PROF" && mkdir -p "$PROF"
RUSTFLAGS="-Cprofile-generate=$PROF/raw" CARGO_TARGET_DIR=$ROOT/target/pgo-gen \
  cargo build --release -p ferrous --target "$HOST"

# Training: one server with the instrumented module in drop-in mode (so EVAL, EVALSHA, FCALL
# and the filter are the module's); the profile is written when the server exits.
DIR=$(mktemp -d)
PORT=$(free_port)
redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$DIR" \
  --logfile "$DIR/log" --loadmodule "$ROOT/target/pgo-gen/$HOST/release/libferrous.so" drop-in yes \
  >/dev/null &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -rf "$DIR"' EXIT
for _ in $(seq 100); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
C="redis-cli -p $PORT"
# (redis-benchmark retries a refused connection forever: each step is bounded.)
B="timeout 120 redis-benchmark -p $PORT -c 4 -q"
train() {
  # (A failing step leaves a thinner profile, or none: then the plain build ships.)
  $C function load "$LIB" >/dev/null 2>&1 || true
  $C function load "#!lua name=train
  redis.register_function('hgetall', function(keys) return redis.call('HGETALL', keys[1]) end)
  redis.register_function{function_name='ro_get', callback=function(keys) return redis.call('GET', keys[1]) end, flags={'no-writes'}}" >/dev/null 2>&1 || true
  SHA=$($C script load "$INCR" 2>/dev/null || true)
  LIMIT="local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end if n > tonumber(ARGV[2]) then return 0 end return 1"
  LIMSHA=$($C script load "$LIMIT" 2>/dev/null || true)
  {
    $B -n 5000 eval "return 1" 0
    $B -n 5000 evalsha "$SHA" 1 k1
    $B -n 500 eval "$HUNDRED" 1 k3
    $B -n 5000 fcall incr1 1 k4
    $B -n 5000 eval "$SHEBANG" 1 k5
    $B -n 5000 evalsha "$LIMSHA" 1 rate 60 1000000
    $B -n 3000 eval "local t = {} for i = 1, 20 do t[i] = ARGV[1] .. i end return t" 0 x
    $B -n 3000 eval "return redis.call('HSET', KEYS[1], 'f', ARGV[1], 'g', 2.5)" 1 h v
    $B -n 3000 fcall hgetall 1 h
    $B -n 3000 fcall_ro ro_get 1 k1
    $B -n 3000 eval "redis.call('LPUSH', KEYS[1], ARGV[1]) redis.call('LTRIM', KEYS[1], 0, 99) return redis.call('LRANGE', KEYS[1], 0, 9)" 1 l v
    $B -n 3000 eval "return cjson.encode({a = 1, b = {1, 2, 3}, c = cjson.decode(ARGV[1])})" 0 '{"x":[1,2,{"y":null}]}'
    $B -n 3000 eval "return cmsgpack.unpack(cmsgpack.pack({1, 'two', {3}}))" 0
    $B -n 3000 eval "return redis.pcall('INCR', KEYS[1])" 1 h
    $B -n 3000 eval "return string.format('%d-%s-%5.2f', 1, string.rep('x', 3), 1/3) .. tostring(string.find('abc', 'b'))" 0
    $B -n 3000 eval "local s = 0 for k, v in pairs({a = 1, b = 2}) do s = s + v end return {s, redis.status_reply('OK'), math.floor(7 / 2)}" 0
    $B -n 3000 eval_ro "return redis.call('GET', KEYS[1])" 1 k1
    $B -n 3000 eval "return redis.call('nosuchcommand')" 0
    $B -n 3000 eval "error('x')" 0
    $B -n 20000 -t get,set,incr,lpush,hset
  } >/dev/null 2>&1 || true
}
if $C ping >/dev/null 2>&1; then
  train
else
  echo "build-module: the training server did not start ($DIR/log)" >&2
fi
$C shutdown nosave >/dev/null 2>&1 || kill "$PID" 2>/dev/null || true
wait "$PID" || true
trap - EXIT
rm -rf "$DIR"
if ! ls "$PROF"/raw/*.profraw >/dev/null 2>&1; then
  echo "build-module: the training run wrote no profile (see above); shipping the plain build" >&2
  stamp=$(echo "$stamp-untrained" | sha1sum | cut -d' ' -f1) # retried next time
  plain
fi

"$PROFDATA" merge -o "$PROF/merged.profdata" "$PROF"/raw
RUSTFLAGS="-Cprofile-use=$PROF/merged.profdata" CARGO_TARGET_DIR=$ROOT/target/pgo-use \
  cargo build --release -p ferrous --target "$HOST"
cp "target/pgo-use/$HOST/release/libferrous.so" "$OUT/libferrous.so"
echo "$stamp" >"$OUT/stamp"
echo "built target/module/libferrous.so (profile-guided)"
