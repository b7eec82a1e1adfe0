"""What the golden-fixture scripts share: writing safetensors files by hand (an 8-byte
little-endian header length, a JSON header padded to 8 bytes, the data) and float32 copies of
torch tensors. Each script writes into its own folder:

    write_safetensors = functools.partial(golden_files.write_safetensors_in, HERE)
"""

import json
import os
import struct

import numpy as np


def write_safetensors_in(directory, name, tensors):
    """Writes `tensors` (name -> float32 or int32 array) to `directory/name`, names sorted."""
    header, data, offset = {}, b"", 0
    for key in sorted(tensors):
        value = np.asarray(tensors[key], order="C")
        dtype = {np.dtype(np.float32): "F32", np.dtype(np.int32): "I32"}[value.dtype]
        raw = value.astype(value.dtype.newbyteorder("<")).tobytes()
        header[key] = {"dtype": dtype, "shape": list(value.shape), "data_offsets": [offset, offset + len(raw)]}
        data += raw
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(os.path.join(directory, name), "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


def f32(t):
    """A torch tensor as a float32 numpy array."""
    return t.detach().numpy().astype(np.float32)
