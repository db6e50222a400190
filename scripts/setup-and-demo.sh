#!/usr/bin/env bash
# Installs what Ferrous needs on a fresh Debian machine, builds the Redis module and the CLI in
# release mode, starts redis-server with the module in drop-in mode on a free port, and runs a
# demo through an unmodified `redis-cli EVAL` (plus the CLI on examples/demo.lua).
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  missing=""
  for p in lua5.1 lua-bitop redis-server redis-tools libclang-dev clang tmux; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq $missing >/dev/null
  fi
fi
# The module as shipped (profile-guided when the LLVM profile tools can be had: see
# scripts/build-module.sh), then the CLI.
./scripts/build-module.sh
cargo build --release -p ferrous-cli
SO="$PWD/target/module/libferrous.so"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
DIR=$(mktemp -d)
redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$DIR" \
  --logfile "$DIR/redis.log" --loadmodule "$SO" drop-in yes &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -rf "$DIR"' EXIT
for _ in $(seq 100); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.05; done
C="redis-cli -p $PORT"
echo "== redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/') on port $PORT with $SO (drop-in mode)"
echo '== EVAL "return redis.call(\"INCRBY\", KEYS[1], ARGV[1])" 1 counter 5   (twice)'
$C EVAL "return redis.call('INCRBY', KEYS[1], ARGV[1])" 1 counter 5
$C EVAL "return redis.call('INCRBY', KEYS[1], ARGV[1])" 1 counter 5
echo '== EVAL returning a table, a status and cjson'
$C EVAL "return {1, 'two', {ok='THREE'}, cjson.encode({a = {1, 2}})}" 0
echo '== SCRIPT LOAD + EVALSHA'
SHA=$($C SCRIPT LOAD "return 'hello from ' .. _VERSION")
$C EVALSHA "$SHA" 0
echo '== error({}) (crashes the built-in 7.0 engine; a clean error here)'
$C EVAL "error({})" 0 || true
echo '== FUNCTION LOAD + FCALL'
$C FUNCTION LOAD "#!lua name=demo
redis.register_function('hello', function(keys, args) return 'hi ' .. args[1] end)" >/dev/null
$C FCALL hello 0 ferrous
echo '== served by Ferrous:'
$C INFO ferrous | grep -E 'ferrous_(calls|cached_scripts)'
echo "== ferrous examples/demo.lua"
./target/release/ferrous examples/demo.lua
