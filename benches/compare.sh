#!/usr/bin/env bash
# Ferrous vs lua5.1 on every script in ../shared/bench: CPU time (user + system of the process,
# from wait4) of each, median of RUNS runs, interleaved, the ratio, and the geometric mean of
# the ratios. CPU time rather than wall time: on a shared machine it moves less with the
# load. With INSTR=1 it also counts instructions with callgrind (deterministic; blind to
# stalls, so a ratio of instructions can be lower than the ratio of times).
# Usage: benches/compare.sh            RUNS=5 INSTR=1 benches/compare.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p ferrous-cli
BENCH=${BENCH_DIR:-../shared/bench}
python3 - "$BENCH" "${RUNS:-5}" "${INSTR:-0}" <<'PY'
import os, subprocess, sys, statistics, math, re
bench, runs, instr = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
scripts = ["fib", "loop", "table", "strcat", "strlib", "closures", "oop", "binarytrees", "nbody", "coroutines"]
engines = {"ferrous": ["target/release/ferrous"], "lua5.1": ["lua5.1"]}
def once(cmd):
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    lines = out.decode(errors="replace").strip().splitlines()
    # (ru_maxrss is not reported: it includes the forking Python's pages, a ~14 MiB floor.)
    return ru.ru_utime + ru.ru_stime, (os.waitstatus_to_exitcode(status), lines[-1] if lines else "")
def instructions(cmd):
    r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + cmd,
                       capture_output=True, text=True)
    m = re.search(r"Collected : (\d+)", r.stderr)
    return int(m.group(1)) if m else float("nan")
ratios, iratios = [], []
head = f"{'script':12s} {'ferrous ms':>11s} {'lua5.1 ms':>10s} {'ratio':>6s}"
if instr:
    head += f" {'ferrous Ir':>15s} {'lua5.1 Ir':>15s} {'Ir ratio':>8s}"
print(head + "  same-output")
for s in scripts:
    path = os.path.join(bench, s + ".lua")
    t = {e: [] for e in engines}; outs = {e: set() for e in engines}
    for _ in range(runs):
        for e, cmd in engines.items():
            cpu, o = once(cmd + [path])
            t[e].append(cpu); outs[e].add(o)
    tf, tl = statistics.median(t["ferrous"]), statistics.median(t["lua5.1"])
    r = tf / tl
    ok = outs["ferrous"] == outs["lua5.1"]
    if ok: ratios.append(r)
    line = f"{s:12s} {tf*1000:11.1f} {tl*1000:10.1f} {r:6.2f}"
    if instr:
        fi, li = instructions(engines["ferrous"] + [path]), instructions(engines["lua5.1"] + [path])
        iratios.append(fi / li)
        line += f" {fi:15,d} {li:15,d} {fi / li:8.2f}"
    print(line + f"  {'yes' if ok else 'NO: ' + repr(sorted(outs['ferrous']))[:60]}", flush=True)
gm = lambda xs: math.exp(sum(map(math.log, xs)) / len(xs))
if ratios:
    print(f"geomean of CPU-time ratios (matching outputs, {len(ratios)} scripts): {gm(ratios):.2f}")
if iratios:
    print(f"geomean of instruction ratios: {gm(iratios):.2f}")
PY
