#!/usr/bin/env bash
# Regenerates the evidence tables of docs/evidence.md with `polspec bench compare` (release build).
#
#   scripts/evidence.sh TABLE [extra bench compare options]
#
# TABLE is one of:
#   heads-mt10   the paper heads (metaworld-like variants of dita, ebt-policy, discrete-diffusion)
#                against MLP-BC on metaworld-like MT10 (issue 13; uwm needs a camera, which
#                metaworld-like does not have)
#   heads-libero the paper heads (specs/dita, uwm, ebt-policy, discrete-diffusion) against MLP-BC
#                on libero-like's vision track, all four groups (hours at a useful budget here)
#   jepa         JEPA-pretrained against from-scratch vision, 10 demos per task, libero-like spatial
#   memory       moment tokens with memory (specs/hamlet.yaml) against memory_window 1, on
#                libero-like's history-dependent memory tasks
#   rays         pixel-as-ray against raw keypoint pixels, libero-like (all four groups) with the
#                cameras randomised per episode (--camera-randomization 1)
#
# The budget is an environment variable each (defaults: the ones docs/evidence.md reports):
#   STEPS (optimizer steps per spec), DEMOS (per task), EPISODES (per task), SEEDS (training seeds
#   per spec, default 1; rays 3), OUT (folder).
# Each table goes to OUT/comparison.{txt,md,json}; running the same command again keeps the
# finished (spec, seed) folders, so an interrupted run continues. Options after TABLE go to
# `polspec bench compare` as they are (e.g. --threads 1).
set -euo pipefail
cd "$(dirname "$0")/.."

table="${1:-}"
[ -n "$table" ] || { sed -n '2,23p' "$0"; exit 2; }
shift

swift build -c release >&2
polspec=.build/release/polspec
seeds="${SEEDS:-1}"

case "$table" in
heads-mt10)
    "$polspec" bench compare specs/metaworld/mlp-bc.yaml specs/metaworld/dita.yaml specs/metaworld/ebt-policy.yaml \
        specs/metaworld/discrete-diffusion.yaml --suite metaworld-like --tasks mt10 \
        --demos "${DEMOS:-20}" --steps "${STEPS:-1500}" --episodes "${EPISODES:-10}" --seeds "$seeds" \
        --out "${OUT:-runs/evidence/heads-mt10}" "$@"
    ;;
heads-libero)
    "$polspec" bench compare specs/mlp-bc-vision.yaml specs/dita.yaml specs/uwm.yaml specs/ebt-policy.yaml \
        specs/discrete-diffusion.yaml --suite libero-like \
        --demos "${DEMOS:-20}" --steps "${STEPS:-1500}" --episodes "${EPISODES:-10}" --seeds "$seeds" \
        --out "${OUT:-runs/evidence/heads-libero}" "$@"
    ;;
jepa)
    "$polspec" bench compare specs/evidence/vit-scratch.yaml specs/jepa.yaml --suite libero-like --tasks spatial \
        --demos "${DEMOS:-10}" --steps "${STEPS:-600}" --episodes "${EPISODES:-10}" --seeds "$seeds" \
        --out "${OUT:-runs/evidence/jepa}" "$@"
    ;;
memory)
    "$polspec" bench compare specs/evidence/hamlet-no-memory.yaml specs/hamlet.yaml --suite libero-like --tasks memory \
        --demos "${DEMOS:-50}" --steps "${STEPS:-650}" --episodes "${EPISODES:-20}" --seeds "$seeds" \
        --out "${OUT:-runs/evidence/memory}" "$@"
    ;;
rays)
    "$polspec" bench compare specs/evidence/keypoint-pixels.yaml specs/physhmr.yaml --suite libero-like --camera-randomization 1 \
        --demos "${DEMOS:-50}" --steps "${STEPS:-10000}" --episodes "${EPISODES:-20}" --seeds "${SEEDS:-3}" \
        --out "${OUT:-runs/evidence/rays}" "$@"
    ;;
*)
    echo "unknown table '$table' (heads-mt10, heads-libero, memory, jepa, rays)" >&2
    exit 2
    ;;
esac
