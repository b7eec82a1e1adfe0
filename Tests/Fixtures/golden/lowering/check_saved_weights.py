#!/usr/bin/env python3
"""Checks, outside the test run, that the weights `polspec infer --save-weights` writes are
ordinary PyTorch-style safetensors: the official `safetensors` package reads them, every
tensor is F32 under the name docs/weights.md gives it, and the numpy networks of
make_lowering_golden.py, built from those names, reproduce polspec's actions.

Needs numpy and safetensors (pip install safetensors) and a built polspec:
    python3 check_saved_weights.py [path/to/polspec]      (default: ../../../../.build/debug/polspec)
"""
import os
import subprocess
import sys
import tempfile

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file

import make_lowering_golden as golden

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))


def main():
    polspec = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "debug", "polspec")
    with tempfile.TemporaryDirectory() as scratch:
        for name, forward in golden.FORWARD.items():
            weights_path = os.path.join(scratch, name + ".weights.safetensors")
            action_path = os.path.join(scratch, name + ".action.safetensors")
            command = [polspec, "infer", os.path.join(HERE, name + ".yaml"), "--init-seed", "3",
                       "--save-weights", weights_path, "--input", os.path.join(HERE, name + ".input.safetensors"),
                       "--output", action_path]
            if name in golden.DENOISERS:
                command.append("--noise-from-input")
            subprocess.run(command, check=True)
            with safe_open(weights_path, framework="numpy") as f:
                assert f.metadata()["format"] == "pt", f.metadata()
                dtypes = {f.get_slice(key).get_dtype() for key in f.keys()}
                assert dtypes == {"F32"}, dtypes
            weights = load_file(weights_path)
            inputs = load_file(os.path.join(HERE, name + ".input.safetensors"))
            expected = forward({key: value.astype(np.float64) for key, value in weights.items()}, inputs)
            actual = load_file(action_path)["action"]
            difference = float(np.max(np.abs(actual - expected)))
            print("%-16s %3d tensors  max |polspec - numpy| = %.2e" % (name, len(weights), difference))
            assert np.all(np.abs(actual - expected) <= 1e-5 + 1e-4 * np.abs(expected)), name
    print("ok: every saved weights file loads with safetensors %s and reproduces polspec's actions" % __import__("safetensors").__version__)


if __name__ == "__main__":
    main()
