#!/usr/bin/env bash
# Times polspec and the reference frameworks on the four reference workloads side by side,
# each (implementation, thread count) in its own process pinned with taskset to CPU 0
# (1 thread) or CPUs 0-1 (2 threads), and prints a table of medians and ratios.
#
#   tools/perf/compare.sh                      # threads 1 and 2; polspec, numpy, jax, ort
#   ROUNDS=3 tools/perf/compare.sh             # repeat; each cell keeps its lowest median
#   THREADS=1 IMPLS="jax ort" tools/perf/compare.sh
#   POLSPEC=.build/release/polspec RUNS=20 SECONDS_MIN=1 tools/perf/compare.sh
#
# Needs a release build of polspec (swift build -c release) and python3 with numpy, jax and
# onnxruntime (pip install numpy jax onnxruntime onnx). The raw RESULT lines are kept in
# $OUT (default: a temporary file) so a run can be re-tabulated.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
polspec="${POLSPEC:-$root/.build/release/polspec}"
threads="${THREADS:-1 2}"
impls="${IMPLS:-numpy jax ort}"
runs="${RUNS:-20}"
seconds="${SECONDS_MIN:-1}"
rounds="${ROUNDS:-1}"
out="${OUT:-$(mktemp -t polspec-compare.XXXXXX)}"

[ -x "$polspec" ] || { echo "error: $polspec not found; run swift build -c release" >&2; exit 2; }
command -v taskset >/dev/null || { echo "error: taskset not found (util-linux)" >&2; exit 2; }

for round in $(seq "$rounds"); do
  echo "# load before round $round: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
  for t in $threads; do
    if [ "$t" = 1 ]; then cpus=0; else cpus="0-$((t - 1))"; fi
    echo "# threads $t (taskset -c $cpus)" >&2
    taskset -c "$cpus" "$polspec" perf --threads "$t" --format jsonl --runs "$runs" --seconds "$seconds" | tee -a "$out" >&2
    for impl in $impls; do
      taskset -c "$cpus" python3 "$here/reference_workloads.py" --impl "$impl" --threads "$t" | tee -a "$out" >&2 \
        || echo "# $impl failed at $t threads" | tee -a "$out" >&2
    done
  done
  echo "# load after round $round: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
done

python3 - "$out" <<'PY'
import json, sys
rows = {}
loads = []
for line in open(sys.argv[1]):
    if line.startswith("# load"):
        loads.append(line.strip("# \n"))
    if not line.startswith("RESULT "):
        continue
    r = json.loads(line[len("RESULT "):])
    cell = rows.setdefault((r["bench"], r["threads"]), {})
    cell[r["impl"]] = min(cell.get(r["impl"], float("inf")), r["median_ms"])
refs = ["numpy", "jax", "ort"]
order = ["infer_b1", "infer_b32", "train_b32", "ddim10_b1"]
print("| bench | threads | polspec ms | unfused ms | numpy ms | jax ms | ort ms | fastest reference | polspec speedup over it |")
print("|---|---:|---:|---:|---:|---:|---:|---|---:|")
for (bench, threads) in sorted(rows, key=lambda k: (order.index(k[0]) if k[0] in order else 9, k[1])):
    r = rows[(bench, threads)]
    cell = lambda k: f"{r[k]:.3f}" if k in r else "–"
    present = [k for k in refs if k in r]
    if present and "polspec" in r:
        best = min(present, key=lambda k: r[k])
        ratio = f"{r[best] / r['polspec']:.2f}x"
        fastest = f"{best} {r[best]:.3f}"
    else:
        ratio, fastest = "–", "–"
    print(f"| {bench} | {threads} | {cell('polspec')} | {cell('polspec-unfused')} | {cell('numpy')} | {cell('jax')} | {cell('ort')} | {fastest} | {ratio} |")
print()
print("speedup > 1: polspec is faster than the fastest reference; load average (1/5/15 min): " + "; ".join(loads))
PY
echo "raw results: $out" >&2
