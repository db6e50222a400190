#!/usr/bin/env bash
# Instructions per call of the five workloads of redis_commandstats.sh, built-in vs Ferrous,
# counted by callgrind in the command's own function (what commandstats times: evalCommand,
# evalShaCommand, fcallCommand, or the module's RedisModuleCommandDispatcher), one server per
# engine and workload, N requests each. Deterministic, unlike usec_per_call on a shared
# machine. Usage: benches/redis_callgrind.sh [requests] [workload indices...]
# CG_OPTS adds callgrind options (e.g. "--cache-sim=yes --branch-sim=yes").
# KEEP=dir keeps the callgrind outputs (for callgrind_annotate; build the module with
# CARGO_PROFILE_RELEASE_DEBUG=line-tables-only to see its lines).
# HOT=1 also counts the 64-byte code lines run on every request (lines whose instructions
# ran at least once per request, all objects: what must be in the instruction cache per
# call). Unlike simulated misses, which move by ±20% with where the linker puts functions,
# this moves by a few lines between builds (function alignment).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2000}
shift || true
SEL=("${@:-0 1 2 3 4}")
. benches/redis_workloads.sh
SO=${SO:-$(default_so)}
command -v valgrind >/dev/null || { echo "needs valgrind" >&2; exit 1; }
DIR=${KEEP:-$(mktemp -d)}
mkdir -p "$DIR"
# count <workload> <builtin|ferrous> → instructions per request
count() {
  local w=$1 e=$2 p="" port out pid n=$N
  [ "$e" = ferrous ] && p="ferrous."
  [ "$w" = 2 ] && n=$((N / 10))
  port=$(free_port); out="$DIR/$w.$e.out"
  local hot_opts=""
  [ "${HOT:-}" = 1 ] && hot_opts="--dump-instr=yes --compress-pos=no --compress-strings=no"
  valgrind --tool=callgrind ${CG_OPTS:-} $hot_opts --callgrind-out-file="$out" \
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
  if [ "${HOT:-}" = 1 ]; then
    echo "$(echo "$total / $n" | bc) $(hot_lines "$out" "$n")"
  else
    echo "$total / $n" | bc
  fi
}
# hot_lines <callgrind out prefix> <requests>: code lines run on every request.
hot_lines() {
  local f; f=$(for x in "$1".*; do grep -q '^totals: [1-9]' "$x" && echo "$x"; done | tail -1)
  python3 - "$f" "$2" <<'PY'
import sys, collections
path, n = sys.argv[1], int(sys.argv[2])
lines = collections.Counter(); in_call = False
for l in open(path, errors="replace"):
    if l.startswith("calls="):
        in_call = True
    elif l.startswith("0x"):
        if in_call:
            in_call = False  # a call's inclusive cost, not the caller's own instruction
        else:
            p = l.split()
            lines[int(p[0], 16) >> 6] += int(p[2])
    elif not l.startswith(("cob=", "cfn=", "cfi=", "cfl=")):
        in_call = False
print(sum(1 for v in lines.values() if v >= n))
PY
}
if [ "${HOT:-}" = 1 ]; then
  printf '%-30s %10s %10s %7s %9s %9s   (per call in the command, callgrind)\n' \
    workload built-in ferrous ratio "hot b-in" "hot ferr"
else
  printf '%-30s %10s %10s %7s   (instructions per call in the command, callgrind)\n' \
    workload built-in ferrous ratio
fi
for w in ${SEL[@]}; do
  b=($(count "$w" builtin)); f=($(count "$w" ferrous))
  printf '%-30s %10s %10s %7.2f' "${NAMES[$w]}" "${b[0]}" "${f[0]}" "$(echo "${f[0]} / ${b[0]}" | bc -l)"
  [ "${HOT:-}" = 1 ] && printf ' %9s %9s' "${b[1]}" "${f[1]}"
  printf '\n'
done
