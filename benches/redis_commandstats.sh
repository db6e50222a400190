#!/usr/bin/env bash
# Server-side cost per call, built-in Lua vs Ferrous, in one redis-server (INFO commandstats
# usec_per_call): EVAL "return 1" 0, EVALSHA of an INCR script, and a script doing 100
# redis.call()s. Usage: benches/redis_commandstats.sh [requests]   (needs redis-server,
# redis-benchmark and target/release/libferrous.so: run `cargo build --release` first).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}
SO=$PWD/target/release/libferrous.so
[ -f "$SO" ] || { echo "build the module first: cargo build --release" >&2; exit 1; }
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
DIR=$(mktemp -d)
redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$DIR" \
  --logfile "$DIR/log" --loadmodule "$SO" >/dev/null &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$DIR"' EXIT
for i in $(seq 50); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
C="redis-cli -p $PORT"
INCR="return redis.call('INCR', KEYS[1])"
HUNDRED="for i = 1, 100 do redis.call('INCR', KEYS[1]) end return redis.call('GET', KEYS[1])"
SHA=$($C script load "$INCR")
FSHA=$($C ferrous.script load "$INCR")
[ "$SHA" = "$FSHA" ]
bench() { redis-benchmark -p "$PORT" -n "$N" -c 4 -q "$@" >/dev/null; }
usec() { $C info commandstats | tr -d '\r' | grep "^cmdstat_$1:" | sed 's/.*usec_per_call=\([0-9.]*\).*/\1/'; }
report() {
  local name=$1 builtin ferrous
  builtin=$(usec "$2"); ferrous=$(usec "$3")
  printf '%-34s built-in %8s us   ferrous %8s us\n' "$name" "$builtin" "$ferrous"
}
$C config resetstat >/dev/null
bench eval "return 1" 0
bench ferrous.eval "return 1" 0
report 'EVAL "return 1" 0' eval ferrous.eval
$C config resetstat >/dev/null
bench evalsha "$SHA" 1 k1
bench ferrous.evalsha "$SHA" 1 k2
report "EVALSHA redis.call('INCR')" evalsha ferrous.evalsha
$C config resetstat >/dev/null
bench -n $((N / 10)) eval "$HUNDRED" 1 k3
bench -n $((N / 10)) ferrous.eval "$HUNDRED" 1 k4
report "EVAL with 100 redis.call()s" eval ferrous.eval
