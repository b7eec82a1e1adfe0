"""Writes reference.safetensors with the official `safetensors` package (pip install
safetensors numpy). SafeTensorsTests reads it and checks every value; the test itself needs
no Python. Run from this folder: python3 make_fixtures.py"""
import numpy as np
from safetensors.numpy import save_file

tensors = {
    "encoders.trunk.0.weight": np.arange(12, dtype=np.float32).reshape(3, 4) / 8 - 0.5,
    "encoders.trunk.0.bias": np.array([1.5, -2.25, 3.0], dtype=np.float32),
    "scalar": np.array(7.0, dtype=np.float32),
    "indices": np.array([[0, 5], [-3, 2147483647]], dtype=np.int32),
    "indices64": np.array([1, -2, 3], dtype=np.int64),
    "image": np.arange(24, dtype=np.uint8).reshape(2, 3, 4),
    "half": np.array([0.5, -1.0, 65504.0], dtype=np.float16),
    "double": np.array([0.1, 1e-3], dtype=np.float64),
    "empty": np.zeros((0, 4), dtype=np.float32),
}
save_file(tensors, "reference.safetensors", metadata={"format": "pt", "note": "polspec fixture"})
