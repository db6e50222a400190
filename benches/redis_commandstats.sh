#!/usr/bin/env bash
# Server-side cost per call, built-in Lua vs Ferrous, in one redis-server (INFO commandstats
# usec_per_call, redis-benchmark -c 4): five workloads, each run built-in then Ferrous in
# the same server, ROUNDS interleaved rounds (CONFIG RESETSTAT before each), median per
# workload. Then the drop-in filter's cost on GET and SET: a server with the module loaded
# with `drop-in yes` against one without the module, the same load on both. The filter runs
# in processCommand before the command (commandstats does not see it), so two measures:
# the server's CPU time per request (utime+stime from /proc, alternating servers, median of
# rounds; noisy, as syscalls dominate it), and, when valgrind is installed, instructions per
# request counted by callgrind: the whole request in user space, and the filter's own share
# (see `instructions` below).
# Usage: [PART=workloads|filter] benches/redis_commandstats.sh [requests] [rounds]   (needs redis-server,
# redis-benchmark and the module: scripts/build-module.sh, or SO=path).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}
ROUNDS=${2:-3}
# PART=workloads | filter | all (default): the five workloads, the drop-in filter's cost, or both.
PART=${PART:-all}
. benches/redis_workloads.sh
SO=${SO:-$(default_so)}
DIR=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$DIR"' EXIT
# start <name> <port> [redis-server args...]: the server's pid in $STARTED
start() {
  local name=$1 port=$2; shift 2
  mkdir -p "$DIR/$name"
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$DIR/$name" \
    --logfile "$DIR/$name/log" "$@" >/dev/null &
  STARTED=$!
  PIDS+=("$STARTED")
  for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && return; sleep 0.1; done
  echo "redis-server $name did not start" >&2; exit 1
}
median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

PORT=$(free_port)
start main "$PORT" --loadmodule "$SO"
C="redis-cli -p $PORT"
SHA=$($C script load "$INCR")
[ "$SHA" = "$($C ferrous.script load "$INCR")" ]
$C function load "$LIB" >/dev/null
$C ferrous.function load "$LIB" >/dev/null
bench() { redis-benchmark -p "$PORT" -n "$1" -c 4 -q "${@:2}" >/dev/null; }
usec() { $C info commandstats | tr -d '\r' | grep "^cmdstat_$1:" | sed 's/.*usec_per_call=\([0-9.]*\).*/\1/'; }

run_workload() { # <index> <engine: builtin|ferrous> → usec_per_call
  # w: the flag variant the module's filter routes a flagged script to (a function or a
  # shebang without flags: `.write`, src/script_flags.rs); the built-in counts it as itself.
  local p="" w=""; [ "$2" = ferrous ] && p="ferrous." && w=".write"
  $C config resetstat >/dev/null
  case $1 in
    0) bench "$N" ${p}eval "return 1" 0; usec ${p}eval ;;
    1) bench "$N" ${p}evalsha "$SHA" 1 k1; usec ${p}evalsha ;;
    2) bench $((N / 10)) ${p}eval "$HUNDRED" 1 k3; usec ${p}eval ;;
    3) bench "$N" ${p}fcall incr1 1 k4; usec ${p}fcall$w ;;
    4) bench "$N" ${p}eval "$SHEBANG" 1 k5; usec ${p}eval$w ;;
  esac
}
if [ "$PART" != filter ]; then
declare -A RES
for r in $(seq "$ROUNDS"); do
  for w in "${!NAMES[@]}"; do
    RES[$w,b,$r]=$(run_workload "$w" builtin)
    RES[$w,f,$r]=$(run_workload "$w" ferrous)
  done
done
printf '\n%-30s %12s %12s %7s   (usec_per_call, median of %s rounds, -c 4)\n' \
  workload built-in ferrous ratio "$ROUNDS"
for w in "${!NAMES[@]}"; do
  b=$(for r in $(seq "$ROUNDS"); do echo "${RES[$w,b,$r]}"; done | median)
  f=$(for r in $(seq "$ROUNDS"); do echo "${RES[$w,f,$r]}"; done | median)
  printf '%-30s %12s %12s %7.2f\n' "${NAMES[$w]}" "$b" "$f" "$(echo "$f / $b" | bc -l)"
done

fi
[ "$PART" = workloads ] && exit 0

# The drop-in filter: the same GET/SET load on a server with the filter and one without.
PORT_F=$(free_port); start filter "$PORT_F" --loadmodule "$SO" drop-in yes; PID_F=$STARTED
PORT_P=$(free_port); start plain "$PORT_P"; PID_P=$STARTED
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
TICK=$(getconf CLK_TCK)
FN=$((N * 10))
for t in get set; do
  for r in $(seq "$ROUNDS"); do
    for s in F P; do
      port=PORT_$s pid=PID_$s
      before=$(cpu_ticks "${!pid}")
      rps=$(redis-benchmark -p "${!port}" -n "$FN" -c 4 -t "$t" -P 1 -q 2>/dev/null \
        | tr '\r' '\n' | grep -o '[0-9.]* requests per second' | tail -1 | cut -d' ' -f1)
      after=$(cpu_ticks "${!pid}")
      echo "$(echo "($after - $before) * 1000000 / $TICK / $FN" | bc -l) $rps" >>"$DIR/$t.$s"
    done
  done
done
printf '\n%-8s %22s %22s %8s   (server CPU us per request; requests/s; median of %s rounds of %s)\n' \
  command "with drop-in filter" "without module" overhead "$ROUNDS" "$FN"
for t in get set; do
  cf=$(cut -d' ' -f1 "$DIR/$t.F" | median); cp=$(cut -d' ' -f1 "$DIR/$t.P" | median)
  rf=$(cut -d' ' -f2 "$DIR/$t.F" | median); rp=$(cut -d' ' -f2 "$DIR/$t.P" | median)
  printf '%-8s %10.3f us %8.0f/s %10.3f us %8.0f/s %+7.1f%%\n' "${t^^}" "$cf" "$rf" "$cp" "$rp" \
    "$(echo "($cf - $cp) * 100 / $cp" | bc -l)"
done

command -v valgrind >/dev/null || exit 0
CGN=20000
# instructions <functions> <name> <get|set> [server args...]: instructions per request spent
# in <functions>, counted by callgrind (deterministic). Two measures:
# - moduleCallCommandFilters: the filter's own cost, Redis's dispatch to a registered filter
#   plus the module's callback (a server without the module spends ~19 instructions there,
#   the early return);
# - readQueryFromClient and handleClientsWithPendingWritesUsingThreads: the whole request in
#   user space (reading and parsing the query, running it, writing the reply; the server's
#   cron, whose cost grows with the run's duration under valgrind, is left out). This one also
#   moves by about +-50 instructions from one server start to the next with the module
#   loaded, filter or not: Redis seeds its dict hash randomly at start-up, and the module's
#   ~50 commands share lookupCommand's buckets with GET or SET or not. The filter's own cost
#   is therefore reported against the module-less server's whole request.
instructions() {
  local fn=$1 name=$2 t=$3 port; shift 3
  port=$(free_port)
  mkdir -p "$DIR/cg-$name"
  local toggles=() f
  for f in ${fn//,/ }; do toggles+=("--toggle-collect=$f"); done
  valgrind --tool=callgrind "${toggles[@]}" \
    --callgrind-out-file="$DIR/cg-$name/out" redis-server --port "$port" --bind 127.0.0.1 \
    --save '' --appendonly no --dir "$DIR/cg-$name" --logfile "$DIR/cg-$name/log" "$@" \
    >/dev/null 2>&1 &
  local pid=$!
  for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.2; done
  redis-benchmark -p "$port" -n "$CGN" -c 4 -t "$t" -q >/dev/null 2>&1
  redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
  wait "$pid" || true
  local total; total=$(grep -E '^(summary|totals):' "$DIR/cg-$name/out" | tail -1 | awk '{print $2}')
  echo "$total / $CGN" | bc -l
}
WHOLE=readQueryFromClient,handleClientsWithPendingWritesUsingThreads
printf '\n%-8s %14s %14s %9s %14s %14s %9s\n' command "req. filter" "req. plain" overhead \
  "filter+disp." "plain disp." "filter"
printf '%-8s %s\n' "" "(callgrind instructions per request, $CGN requests; filter = its own cost / plain request)"
for t in get set; do
  wf=$(instructions "$WHOLE" "wf$t" "$t" --loadmodule "$SO" drop-in yes)
  wp=$(instructions "$WHOLE" "wp$t" "$t")
  ff=$(instructions moduleCallCommandFilters "ff$t" "$t" --loadmodule "$SO" drop-in yes)
  fp=$(instructions moduleCallCommandFilters "fp$t" "$t")
  printf '%-8s %14.0f %14.0f %+8.1f%% %14.0f %14.0f %+8.2f%%\n' "${t^^}" "$wf" "$wp" \
    "$(echo "($wf - $wp) * 100 / $wp" | bc -l)" "$ff" "$fp" "$(echo "($ff - $fp) * 100 / $wp" | bc -l)"
done
