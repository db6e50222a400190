#!/usr/bin/env bash
# Instructions per call of the five workloads of redis_commandstats.sh, built-in vs Ferrous,
# counted by callgrind in the command's own function (what commandstats times: evalCommand,
# evalShaCommand, fcallCommand, or the module's RedisModuleCommandDispatcher), one server per
# engine and workload, N requests each. Deterministic, unlike usec_per_call on a shared
# machine. Usage: benches/redis_callgrind.sh [requests] [workload indices...]
# CG_OPTS adds callgrind options (e.g. "--cache-sim=yes --branch-sim=yes").
# KEEP=dir keeps the callgrind outputs (for callgrind_annotate; build the module with
# CARGO_PROFILE_RELEASE_DEBUG=line-tables-only to see its lines).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2000}
shift || true
SEL=("${@:-0 1 2 3 4}")
SO=${SO:-$PWD/target/release/libferrous.so}
[ -f "$SO" ] || { echo "build the module first: cargo build --release" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "needs valgrind" >&2; exit 1; }
. benches/redis_workloads.sh
DIR=${KEEP:-$(mktemp -d)}
mkdir -p "$DIR"
# count <workload> <builtin|ferrous> → instructions per request
count() {
  local w=$1 e=$2 p="" port out pid n=$N
  [ "$e" = ferrous ] && p="ferrous."
  [ "$w" = 2 ] && n=$((N / 10))
  port=$(free_port); out="$DIR/$w.$e.out"
  valgrind --tool=callgrind ${CG_OPTS:-} --callgrind-out-file="$out" \
    --toggle-collect=evalCommand --toggle-collect=evalShaCommand \
    --toggle-collect=fcallCommand --toggle-collect=RedisModuleCommandDispatcher \
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$DIR" \
    --logfile "$DIR/$w.$e.log" --loadmodule "$SO" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 150); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.2; done
  local C="redis-cli -p $port"
  $C ${p}function load "$LIB" >/dev/null
  local sha; sha=$($C ${p}script load "$INCR")
  # Warm up (first compile, COMMAND INFO caches), then reset the counters.
  for _ in 1 2 3; do
    case $w in
      0) $C ${p}eval "return 1" 0 ;; 1) $C ${p}evalsha "$sha" 1 k1 ;;
      2) $C ${p}eval "$HUNDRED" 1 k3 ;; 3) $C ${p}fcall incr1 1 k4 ;;
      4) $C ${p}eval "$SHEBANG" 1 k5 ;;
    esac >/dev/null
  done
  callgrind_control -z "$pid" >/dev/null 2>&1
  local b=(redis-benchmark -p "$port" -n "$n" -c 1 -q)
  case $w in
    0) "${b[@]}" ${p}eval "return 1" 0 ;; 1) "${b[@]}" ${p}evalsha "$sha" 1 k1 ;;
    2) "${b[@]}" ${p}eval "$HUNDRED" 1 k3 ;; 3) "${b[@]}" ${p}fcall incr1 1 k4 ;;
    4) "${b[@]}" ${p}eval "$SHEBANG" 1 k5 ;;
  esac >/dev/null 2>&1
  callgrind_control -d "$pid" >/dev/null 2>&1
  $C shutdown nosave >/dev/null 2>&1 || true
  wait "$pid" || true
  local total
  total=$(for f in "$out".*; do grep -E '^(summary|totals):' "$f" | tail -1 | awk '{print $2}'; done \
    | sort -n | tail -1)
  echo "$total / $n" | bc
}
printf '%-30s %10s %10s %7s   (instructions per call in the command, callgrind)\n' \
  workload built-in ferrous ratio
for w in ${SEL[@]}; do
  b=$(count "$w" builtin); f=$(count "$w" ferrous)
  printf '%-30s %10s %10s %7.2f\n' "${NAMES[$w]}" "$b" "$f" "$(echo "$f / $b" | bc -l)"
done
