#!/usr/bin/env bash
# Regenerates tests/lua/*.expected by running each program through Debian's lua5.1 (the
# reference). Run from anywhere: `bash tests/regen-expected.sh`. Programs are (re)written first
# by tests/gen/make_programs.py. An uncaught error appends `error: <message>`.
set -euo pipefail
cd "$(dirname "$0")"
python3 gen/make_programs.py
cd lua
for f in *.lua; do
  if out=$(lua5.1 "$f" 2>/tmp/regen_err); then
    printf '%s\n' "$out" > "$f.expected"
  else
    { [ -n "$out" ] && printf '%s\n' "$out"; printf 'error: %s\n' "$(head -1 /tmp/regen_err | sed 's/^lua5.1: //')"; } > "$f.expected"
  fi
done
echo "regenerated $(ls *.expected | wc -l) expectations"
