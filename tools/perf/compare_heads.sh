#!/usr/bin/env bash
# The paper heads' specs side by side with PyTorch eager: `polspec perf SPEC` (the action chunk
# at batch 1: encoders, then the whole sampling / unmasking loop; one training step at batch
# 32) and tools/perf/heads.py (the same models in PyTorch), each pinned with taskset to CPU 0
# (1 thread) or CPUs 0-1 (2 threads), and a table of medians and ratios.
#
#   VENV=/path/to/torch-venv tools/perf/compare_heads.sh                 # every paper-head spec, 1 thread
#   THREADS="1 2" SPECS="specs/dita.yaml" VENV=... tools/perf/compare_heads.sh
#
# Needs a release build (swift build -c release) and a venv with torch and pyyaml
# (../shared/tools/torch-cpu.sh VENV; VENV/bin/pip install pyyaml). Raw RESULT lines go to $OUT.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
polspec="${POLSPEC:-$root/.build/release/polspec}"
python="${VENV:?set VENV to a venv with torch and pyyaml}/bin/python"
threads="${THREADS:-1}"
specs="${SPECS:-specs/dita.yaml specs/uwm.yaml specs/discrete-diffusion.yaml specs/ebt-policy.yaml}"
runs="${RUNS:-10}"
seconds="${SECONDS_MIN:-2}"
out="${OUT:-$(mktemp -t polspec-heads.XXXXXX)}"

[ -x "$polspec" ] || { echo "error: $polspec not found; run swift build -c release" >&2; exit 2; }
echo "# $(grep -m1 'model name' /proc/cpuinfo) · load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
for t in $threads; do
  if [ "$t" = 1 ]; then cpus=0; else cpus="0-$((t - 1))"; fi
  for spec in $specs; do
    cd "$root"
    taskset -c "$cpus" "$polspec" perf "$spec" --threads "$t" --format jsonl --runs "$runs" --seconds "$seconds" \
      | grep '^RESULT' | tee -a "$out" >&2 || echo "# polspec failed on $spec" | tee -a "$out" >&2
    taskset -c "$cpus" "$python" "$here/heads.py" "$spec" --threads "$t" --runs "$runs" --seconds "$seconds" \
      | tee -a "$out" >&2 || echo "# pytorch failed on $spec" | tee -a "$out" >&2
  done
done

python3 - "$out" <<'PY'
import json, sys
rows = {}
for line in open(sys.argv[1]):
    if line.startswith("RESULT "):
        r = json.loads(line[len("RESULT "):])
        rows.setdefault((r["bench"], r["threads"]), {})[r["impl"]] = r["median_ms"]
print("| bench | threads | polspec ms | PyTorch eager ms | polspec / PyTorch |")
print("|---|---:|---:|---:|---:|")
for (bench, threads), r in sorted(rows.items()):
    if "polspec" not in r or "pytorch" not in r:
        continue
    print(f"| {bench} | {threads} | {r['polspec']:.3f} | {r['pytorch']:.3f} | {r['polspec'] / r['pytorch']:.2f}x |")
PY
echo "raw results: $out"
