#!/usr/bin/env bash
# Prints, for every script in ../shared/bench, the median wall time of ferrous and lua5.1 and
# the ratio, plus the geometric mean of the ratios. Builds ferrous in release mode first.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p ferrous-cli
BENCH=${BENCH_DIR:-../shared/bench}
python3 - "$BENCH" <<'PY'
import os, subprocess, sys, time, statistics, math
bench = sys.argv[1]
scripts = ["fib", "loop", "table", "strcat", "strlib", "closures", "oop", "binarytrees", "nbody", "coroutines"]
def run(cmd):
    ts, outs, rss = [], set(), 0
    for _ in range(3):
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        out, _ = p.communicate()
        _, status, ru = os.wait4(p.pid, 0) if False else (0, 0, None)
        ts.append(time.perf_counter() - t0)
        lines = out.decode(errors="replace").strip().splitlines()
        outs.add((p.returncode, lines[-1] if lines else ""))
    return statistics.median(ts), outs
ratios = []
print(f"{'script':12s} {'ferrous ms':>11s} {'lua5.1 ms':>10s} {'ratio':>6s}  same-output")
for s in scripts:
    path = os.path.join(bench, s + ".lua")
    tf, of = run(["target/release/ferrous", path])
    tl, ol = run(["lua5.1", path])
    r = tf / tl
    ok = of == ol
    if ok: ratios.append(r)
    print(f"{s:12s} {tf*1000:11.1f} {tl*1000:10.1f} {r:6.2f}  {'yes' if ok else 'NO: ' + repr(sorted(of))[:60]}")
if ratios:
    print(f"geomean (matching outputs, {len(ratios)} scripts): {math.exp(sum(map(math.log, ratios))/len(ratios)):.2f}")
PY
