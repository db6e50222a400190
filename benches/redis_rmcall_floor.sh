#!/usr/bin/env bash
# The floor of RedisModule_Call: what the public module API costs per command, without Lua,
# next to the built-in's and Ferrous's 100-`redis.call('INCR')` script (HUNDRED in
# redis_workloads.sh: 100 INCR + 1 GET), all in one redis-server.
# benches/rmcall-floor/rmcall_floor.c (built here with cc against the redismodule.h the
# redis-module crate vendors) is a module command running the same 101 commands through
# RedisModule_Call with nothing else, in variants of argument format and flags:
#   ours       the key as a retained module string, flags "EC!", the reply's RESP text read
#              (what Ferrous passes for redis.call('INCR', KEYS[1]), src/run.rs)
#   s, sEC!, sEC!S, sE!   retained string, no flags / ours / script mode / no ACL check
#   b, bEC!    the key as a buffer (RM_Call makes a string object per argument)
#   c, cEC!    the key as a C string
#   vEC!       a vector of one module string created and freed per call
#   auto-free, auto-keep  RedisModule_AutoMemory, replies freed at once / left to it
#   noop       no INCR (the command's fixed cost and its one GET)
# Two measures: usec_per_call (INFO commandstats, redis-benchmark -c 4, ROUNDS interleaved
# rounds; the median, and the minimum, the round least disturbed on a shared machine), and, when valgrind is installed, callgrind inside the command
# (evalCommand / RedisModuleCommandDispatcher, one server, CG_REQ requests per workload):
# instructions and simulated L1i misses (CG_OPTS, default --cache-sim=yes) per redis.call.
# Usage: [PART=stats|callgrind] benches/redis_rmcall_floor.sh [requests] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2000}
ROUNDS=${2:-3}
PART=${PART:-all}
CG_REQ=${CG_REQ:-200}
. benches/redis_workloads.sh
SO=${SO:-$(default_so)}
DIR=${KEEP:-$(mktemp -d)}
mkdir -p "$DIR"
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$DIR"' EXIT

# The header of the redis-module version Cargo.lock pins.
VER=$(awk '/^name = "redis-module"$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)
HDR=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/"redis-module-$VER"/src/include 2>/dev/null | head -1)
[ -f "$HDR/redismodule.h" ] || { echo "redismodule.h of redis-module $VER not found (cargo fetch)" >&2; exit 1; }
FLOOR=$DIR/rmcall_floor.so
cc -O2 -fPIC -shared -I"$HDR" benches/rmcall-floor/rmcall_floor.c -o "$FLOOR"

VARIANTS=(ours s sEC! sEC!S sE! b bEC! c cEC! vEC! auto-free auto-keep noop)
# Workloads: built-in, ferrous, then floor:<variant>.
WL=(builtin ferrous)
for v in "${VARIANTS[@]}"; do WL+=("floor:$v"); done
CALLS=101 # redis.call / RM_Call per request (100 INCR + 1 GET)

median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
# args <workload> → the command line of one request; stat <workload> → its commandstats name
args() {
  case $1 in
    builtin) echo eval "$HUNDRED" 1 kb ;;
    ferrous) echo ferrous.eval "$HUNDRED" 1 kf ;;
    floor:*) echo rmfloor.incr "${1#floor:}" 100 kr ;;
  esac
}
stat() { case $1 in builtin) echo eval ;; ferrous) echo ferrous.eval ;; *) echo rmfloor.incr ;; esac; }
# run <port> <requests> <clients> <workload>
run() {
  local port=$1 n=$2 c=$3 w=$4
  case $w in
    builtin) redis-benchmark -p "$port" -n "$n" -c "$c" -q eval "$HUNDRED" 1 kb ;;
    ferrous) redis-benchmark -p "$port" -n "$n" -c "$c" -q ferrous.eval "$HUNDRED" 1 kf ;;
    *) redis-benchmark -p "$port" -n "$n" -c "$c" -q rmfloor.incr "${w#floor:}" 100 kr ;;
  esac >/dev/null 2>&1
}
label() { case $1 in builtin) echo "built-in EVAL" ;; ferrous) echo "Ferrous EVAL" ;; *) echo "RM_Call ${1#floor:}" ;; esac; }
wait_up() { for _ in $(seq 150); do redis-cli -p "$1" ping >/dev/null 2>&1 && return; sleep 0.2; done; echo "no server" >&2; exit 1; }

if [ "$PART" != callgrind ]; then
  PORT=$(free_port)
  redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$DIR" \
    --logfile "$DIR/stats.log" --loadmodule "$SO" --loadmodule "$FLOOR" >/dev/null &
  PIDS+=($!)
  wait_up "$PORT"
  C="redis-cli -p $PORT"
  declare -A RES
  for r in $(seq "$ROUNDS"); do
    for w in "${WL[@]}"; do
      $C del kb kf kr >/dev/null
      $C config resetstat >/dev/null
      run "$PORT" "$N" 4 "$w"
      RES[$w,$r]=$($C info commandstats | tr -d '\r' | grep "^cmdstat_$(stat "$w"):" \
        | sed 's/.*usec_per_call=\([0-9.]*\).*/\1/')
    done
  done
  base="" bmin=""
  printf '\n%-22s %12s %12s %9s %10s %9s   (INFO commandstats, -c 4, %s rounds of %s)\n' \
    workload "usec/request" "usec/call" "/built-in" "min usec" "/built-in" "$ROUNDS" "$N"
  printf '%-22s %12s\n' "" "(median)"
  for w in "${WL[@]}"; do
    m=$(for r in $(seq "$ROUNDS"); do echo "${RES[$w,$r]}"; done | median)
    lo=$(for r in $(seq "$ROUNDS"); do echo "${RES[$w,$r]}"; done | sort -g | head -1)
    [ -n "$base" ] || { base=$m; bmin=$lo; }
    printf '%-22s %12s %12.3f %9.2f %10s %9.2f\n' "$(label "$w")" "$m" "$(echo "$m / $CALLS" | bc -l)" \
      "$(echo "$m / $base" | bc -l)" "$lo" "$(echo "$lo / $bmin" | bc -l)"
  done
  kill "${PIDS[0]}"; wait "${PIDS[0]}" 2>/dev/null || true; PIDS=()
fi
[ "$PART" = stats ] && exit 0
command -v valgrind >/dev/null || exit 0

# One server under callgrind; each workload between a zero (-z) and a dump (-d).
PORT=$(free_port)
OUT=$DIR/cg.out
valgrind --tool=callgrind ${CG_OPTS:---cache-sim=yes} --callgrind-out-file="$OUT" \
  --toggle-collect=evalCommand --toggle-collect=RedisModuleCommandDispatcher \
  redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$DIR" \
  --logfile "$DIR/cg.log" --loadmodule "$SO" --loadmodule "$FLOOR" >/dev/null 2>&1 &
CGPID=$!
PIDS+=($CGPID)
wait_up "$PORT"
for w in "${WL[@]}"; do run "$PORT" 3 1 "$w"; done # first compile, command-info caches
dumps() { ls "$OUT".* 2>/dev/null || true; }
# events <dump file> → "Ir I1mr" totals (I1mr empty without the cache simulation)
events() {
  awk '/^events:/ {for (i = 2; i <= NF; i++) col[$i] = i}
       /^(summary|totals):/ {t = $0}
       END {split(t, f, " "); print f[col["Ir"]], (col["I1mr"] ? f[col["I1mr"]] : "")}' "$1"
}
printf '\n%-22s %14s %12s %12s %12s   (callgrind in the command, %s requests of %s calls)\n' \
  workload "Ir/request" "Ir/call" "L1i miss/call" "Ir/built-in" "$CG_REQ" "$CALLS"
base=""
for w in "${WL[@]}"; do
  # The same counter values for every workload (INCR's cost depends on them: shared integers
  # below 10000, updated in place above).
  redis-cli -p "$PORT" del kb kf kr >/dev/null
  callgrind_control -z "$CGPID" >/dev/null 2>&1
  run "$PORT" "$CG_REQ" 1 "$w"
  before=$(dumps | wc -l)
  callgrind_control -d "$CGPID" >/dev/null 2>&1
  for _ in $(seq 50); do [ "$(dumps | wc -l)" -gt "$before" ] && break; sleep 0.1; done
  f=$(dumps | awk -F. '{print $NF, $0}' | sort -n | tail -1 | cut -d' ' -f2-)
  read -r ir i1 < <(events "$f")
  [ -n "$base" ] || base=$ir
  printf '%-22s %14.0f %12.0f %12s %12.2f\n' "$(label "$w")" "$(echo "$ir / $CG_REQ" | bc -l)" \
    "$(echo "$ir / $CG_REQ / $CALLS" | bc -l)" \
    "$([ -n "$i1" ] && printf '%.1f' "$(echo "$i1 / $CG_REQ / $CALLS" | bc -l)")" \
    "$(echo "$ir / $base" | bc -l)"
done
redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true
wait "$CGPID" 2>/dev/null || true
PIDS=()
