#!/usr/bin/env bash
# Regenerates tests/lua/*.expected by running each program through Debian's lua5.1 (the
# reference). Run from anywhere: `bash tests/regen-expected.sh`.
#
# The generated programs are (re)written first by tests/gen/make_programs.py; the other
# programs in tests/lua/ are hand-written files. Each program runs with tests/lua as the working
# directory and is given by its bare file name, so chunk names (and thus error positions such as
# `core_closures.lua:12: ...`) are stable. The expectation is stdout byte for byte (no trailing
# newline added or stripped); if lua5.1 exits non-zero, a last line `error: <message>` is
# appended, where <message> is the first line of stderr without the leading `lua5.1: `.
set -euo pipefail
cd "$(dirname "$0")"
if [ -f gen/make_programs.py ]; then
  python3 gen/make_programs.py
fi
cd lua
err=$(mktemp)
trap 'rm -f "$err"' EXIT
count=0
for f in *.lua; do
  start=$(date +%s%N)
  if ! lua5.1 "$f" >"$f.expected" 2>"$err"; then
    printf 'error: %s\n' "$(head -n 1 "$err" | sed 's/^lua5\.1: //')" >>"$f.expected"
  fi
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  if [ "$ms" -gt 1000 ]; then
    echo "warning: $f took ${ms} ms in lua5.1" >&2
  fi
  count=$((count + 1))
done
echo "regenerated $count expectations"
