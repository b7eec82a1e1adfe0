#!/usr/bin/env bash
# Times polspec and the reference frameworks (PyTorch, JAX, ONNX Runtime; numpy on request) on
# the reference workloads side by side, each (implementation, thread count) in its own process
# pinned with taskset to CPU 0 (1 thread) or CPUs 0-1 (2 threads), and prints a table of
# medians and of polspec's time over the fastest framework's.
#
#   PYTHON=/path/to/venv/bin/python tools/perf/compare.sh     # threads 1 and 2; polspec, torch, jax, ort
#   ROUNDS=3 tools/perf/compare.sh             # repeat; each cell keeps its lowest median
#   THREADS=1 IMPLS="torch ort" BENCHES="infer_b1 train_cnn_b64" tools/perf/compare.sh
#   POLSPEC=.build/release/polspec RUNS=20 SECONDS_MIN=1 tools/perf/compare.sh
#
# Needs a release build of polspec (swift build -c release) and a Python with torch, jax,
# onnxruntime and onnx: ../shared/tools/torch-cpu.sh VENV; VENV/bin/pip install jax onnxruntime onnx
# (PYTHON=VENV/bin/python). Rounds alternate the order (polspec first, then last), so neither
# side always runs first. The raw RESULT lines are kept in $OUT (default: a temporary file) so
# a run can be re-tabulated: tools/perf/compare.sh --table FILE.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
python="${PYTHON:-python3}"

table() {
  "$python" - "$1" <<'PY'
import json, sys
rows, loads, machine = {}, [], []
for line in open(sys.argv[1]):
    if line.startswith("# load"):
        loads.append(line.strip("# \n"))
    elif line.startswith("# machine:"):
        machine.append(line[len("# machine:"):].strip())
    if not line.startswith("RESULT "):
        continue
    r = json.loads(line[len("RESULT "):])
    cell = rows.setdefault((r["bench"], r["threads"]), {})
    cell[r["impl"]] = min(cell.get(r["impl"], float("inf")), r["median_ms"])
peers = ["torch", "jax", "ort", "numpy"]
shown = [p for p in peers if any(p in r for r in rows.values())]
order = ["infer_b1", "infer_b32", "train_b32", "ddim10_b1", "train_cnn_b64"]
names = {"torch": "PyTorch", "jax": "JAX", "ort": "ONNX Runtime", "numpy": "numpy"}
if machine:
    print(machine[0])
    print()
print("| bench | threads | polspec ms | " + " | ".join(f"{names[p]} ms" for p in shown) + " | fastest framework | polspec / fastest |")
print("|---|---:|---:|" + "---:|" * len(shown) + "---|---:|")
for (bench, threads) in sorted(rows, key=lambda k: (order.index(k[0]) if k[0] in order else 9, k[1])):
    r = rows[(bench, threads)]
    cell = lambda k: (f"{r[k]:.3f}" if r[k] < 10 else f"{r[k]:.1f}") if k in r else "–"
    present = [k for k in shown if k in r]
    if present and "polspec" in r:
        best = min(present, key=lambda k: r[k])
        ratio = f"{r['polspec'] / r[best]:.2f}"
        fastest = f"{names[best]} {cell(best)}"
    else:
        ratio, fastest = "–", "–"
    print(f"| {bench} | {threads} | {cell('polspec')} | " + " | ".join(cell(p) for p in shown) + f" | {fastest} | {ratio} |")
print()
print("polspec / fastest < 1: polspec is faster. Each cell: the lowest median over the rounds. "
      "Load average (1/5/15 min): " + "; ".join(loads))
PY
}

if [ "${1:-}" = "--table" ]; then table "${2:?usage: compare.sh --table FILE}"; exit 0; fi

polspec="${POLSPEC:-$root/.build/release/polspec}"
threads="${THREADS:-1 2}"
impls="${IMPLS:-torch jax ort}"
benches="${BENCHES:-infer_b1 infer_b32 train_b32 ddim10_b1 train_cnn_b64}"
runs="${RUNS:-20}"
seconds="${SECONDS_MIN:-1}"
rounds="${ROUNDS:-1}"
out="${OUT:-$(mktemp -t polspec-compare.XXXXXX)}"
# The table keeps each cell's lowest median over every line in $out: results of an earlier run
# left there would mix into this one's table.
if [ -n "${OUT:-}" ] && [ -e "$OUT" ]; then
  echo "error: $OUT exists; its results would be tabulated with this run's (choose a new OUT, or remove it)" >&2; exit 2
fi

[ -x "$polspec" ] || { echo "error: $polspec not found; run swift build -c release" >&2; exit 2; }
command -v taskset >/dev/null || { echo "error: taskset not found (util-linux)" >&2; exit 2; }
"$python" -c "import numpy" 2>/dev/null || { echo "error: $python has no numpy; set PYTHON to a venv's python" >&2; exit 2; }

model="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
core="$("$polspec" --version --verbose | sed -n 's/^BLAS: *//p')"
echo "# machine: CPU $model ($(nproc) CPUs); polspec BLAS: $core" | tee -a "$out" >&2
bench_args=()
for b in $benches; do bench_args+=(--bench "$b"); done

run_polspec() {
  taskset -c "$2" "$polspec" perf --threads "$1" --format jsonl --runs "$runs" --seconds "$seconds" --no-baseline "${bench_args[@]}" \
    | tee -a "$out" >&2 || echo "# polspec failed at $1 threads" | tee -a "$out" >&2
}
run_peer() {
  taskset -c "$3" "$python" "$here/reference_workloads.py" --impl "$1" --threads "$2" "${bench_args[@]}" | tee -a "$out" >&2 \
    || echo "# $1 failed at $2 threads" | tee -a "$out" >&2
}

for round in $(seq "$rounds"); do
  echo "# load before round $round: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out" >&2
  for t in $threads; do
    if [ "$t" = 1 ]; then cpus=0; else cpus="0-$((t - 1))"; fi
    echo "# round $round, threads $t (taskset -c $cpus)" >&2
    if [ $((round % 2)) = 1 ]; then run_polspec "$t" "$cpus"; fi
    for impl in $impls; do run_peer "$impl" "$t" "$cpus"; done
    if [ $((round % 2)) = 0 ]; then run_polspec "$t" "$cpus"; fi
  done
  echo "# load after round $round: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out" >&2
done

table "$out"
echo "raw results: $out" >&2
