"""Train the MLP behaviour-cloning spec of a polspec run again in PyTorch, on the same demos and
the same normalisation, and write a copy of the run whose checkpoint holds PyTorch's weights, so
`polspec bench --checkpoint` evaluates both trainings through the same policy code.

    VENV/bin/python tools/envs/torch_bc_twin.py --run runs/mw-bc --data demos/mw-mt10 --out runs/mw-bc-torch [--seed 0]
    polspec bench --env "..." --tasks mt10 --checkpoint runs/mw-bc-torch --episodes 50

What it answers: whether a gap between polspec and a PyTorch reference comes from polspec's
training or from the data (docs/env-protocol.md, "MT10 from demos"). Needs torch and numpy
(../shared/tools/torch-cpu.sh VENV). Not used at run time or in CI.

The model is the spec's `mlp` encoder (`nn.Sequential` of Linear and activation) feeding an
`mlp` head (`fc1` ... `fc<k+1>`), with the run's own parameter names; single-step chunks of
one vector observation only (specs/mlp-bc-state.yaml's shape). Training follows the spec's
recipe as docs/training.md defines it: every step of every episode one sample, reshuffled each
epoch; observations standardised and actions mapped onto [-1, 1] with the run's
normalization.safetensors; MSE; AdamW (PyTorch's, weight decay on weight matrices only); the
warm-up + cosine schedule; global-norm clipping at 1.0. Initialisation: PyTorch's defaults
under `--seed`.

Before training, the script checks its model against polspec: it loads the run's trained
weights and compares its actions on 64 demo observations with `polspec infer --checkpoint`
(largest difference printed; it stops above 1e-4).
"""

import argparse
import json
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import hashlib

import numpy as np
import torch
from torch import nn

DTYPES = {"F32": np.float32, "I32": np.int32, "U8": np.uint8}


def read_safetensors(path):
    """(tensors by name, metadata) of a safetensors file."""
    with open(path, "rb") as f:
        raw = f.read()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + length])
    body = raw[8 + length:]
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, entry in header.items():
        start, end = entry["data_offsets"]
        tensors[name] = np.frombuffer(body[start:end], dtype=DTYPES[entry["dtype"]]).reshape(entry["shape"])
    return tensors, metadata


def write_safetensors(path, tensors, metadata):
    """Writes float32 `tensors` (names sorted) with `metadata`."""
    header, chunks, offset = {"__metadata__": metadata}, [], 0
    for name in sorted(tensors):
        raw = np.ascontiguousarray(tensors[name], dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))


def checkpoint_folder(run):
    with open(os.path.join(run, "checkpoints", "latest")) as f:
        name = f.read().strip()
    if "/" in name or name in ("", ".", ".."):
        sys.exit("error: %s/checkpoints/latest names %r, not a folder inside checkpoints/" % (run, name))
    return os.path.join(run, "checkpoints", name)


def activation(name):
    table = {"gelu": nn.GELU(), "gelu_tanh": nn.GELU(approximate="tanh"), "relu": nn.ReLU(), "silu": nn.SiLU()}
    if name not in table:
        sys.exit("error: activation %r is not supported here" % name)
    return table[name]


class Policy(nn.Module):
    """The spec's mlp encoder (`encoders.<name>.<i>`) and mlp head (`head.fc<i>`)."""

    def __init__(self, spec, shapes):
        super().__init__()
        (name, encoder), = spec["encoders"].items()
        if encoder["kind"] != "mlp" or spec["head"]["kind"] != "mlp" or spec["action"].get("chunk", 1) != 1:
            sys.exit("error: only an mlp encoder, an mlp head and chunk 1 are supported")
        self.observation = encoder["input"]
        self.encoder_name = name
        layers, width = [], shapes["encoders.%s.0.weight" % name][1]
        for index, features in enumerate(encoder["hidden"]):
            layers += [nn.Linear(width, features), activation(encoder.get("activation", "gelu"))]
            width = features
        self.encoder = nn.Sequential(*layers)
        head = spec["head"]
        self.head = nn.ModuleDict()
        self.head_activation = activation(head.get("activation", "gelu"))
        widths = list(head.get("hidden", [])) + [spec["action"]["dim"]]
        for index, features in enumerate(widths):
            self.head["fc%d" % (index + 1)] = nn.Linear(width, features)
            width = features

    def forward(self, x):
        h = self.encoder(x)
        count = len(self.head)
        for index in range(count):
            h = self.head["fc%d" % (index + 1)](h)
            if index < count - 1:
                h = self.head_activation(h)
        return h

    def polspec_names(self):
        """PyTorch parameter name -> the run's name."""
        names = {}
        for key, _ in self.named_parameters():
            if key.startswith("encoder."):
                names[key] = "encoders.%s.%s" % (self.encoder_name, key[len("encoder."):])
            else:
                names[key] = key
        return names


def load_demos(data, observation):
    with open(os.path.join(data, "manifest.json")) as f:
        manifest = json.load(f)
    observations, actions = [], []
    for entry in manifest["files"]:
        tensors, _ = read_safetensors(os.path.join(data, entry["file"]))
        observations.append(tensors["obs." + observation])
        actions.append(tensors["action"])
    return np.concatenate(observations).astype(np.float32), np.concatenate(actions).astype(np.float32)


def normalisers(normalization, observation):
    mean, std = normalization["observation.%s.mean" % observation], normalization["observation.%s.std" % observation]
    scale = np.where(std < 1e-4, 1.0, std).astype(np.float32)
    low, high = normalization["action.min"], normalization["action.max"]
    span = high - low
    s = np.where(span < 1e-4, 1.0, 2.0 / np.where(span < 1e-4, 1.0, span)).astype(np.float32)
    return (lambda o: (o - mean) / scale), (lambda a: (a - (low + high) / 2) * s), (lambda n: n / s + (low + high) / 2)


def check_against_polspec(polspec, run, model, observations, normalise, denormalise, observation):
    sample = observations[np.linspace(0, len(observations) - 1, 64).astype(int)]
    with tempfile.TemporaryDirectory() as tmp:
        write_safetensors(os.path.join(tmp, "in.safetensors"), {observation: sample}, {})
        subprocess.run([polspec, "infer", "--checkpoint", run, "--input", os.path.join(tmp, "in.safetensors"),
                        "--output", os.path.join(tmp, "out.safetensors")], check=True)
        theirs = read_safetensors(os.path.join(tmp, "out.safetensors"))[0]["action"].reshape(len(sample), -1)
    with torch.no_grad():
        ours = denormalise(model(torch.from_numpy(normalise(sample))).numpy())
    difference = float(np.abs(ours - theirs).max())
    print("forward check: largest difference from polspec infer on 64 observations %.2e" % difference)
    if difference > 1e-4:
        sys.exit("error: the PyTorch model does not compute what polspec's does")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--run", required=True, help="a polspec run folder trained on --data")
    parser.add_argument("--data", required=True, help="the demo dataset it was trained on")
    parser.add_argument("--out", required=True, help="new run folder with PyTorch's weights (must not exist)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--polspec", default=os.path.join(os.path.dirname(__file__), "..", "..", ".build", "release", "polspec"))
    args = parser.parse_args()
    if os.path.exists(args.out):
        sys.exit("error: %s exists" % args.out)
    torch.set_num_threads(1)
    checkpoint = checkpoint_folder(args.run)
    with open(os.path.join(args.run, "spec.yaml")) as f:
        import yaml  # noqa: PLC0415 (pyyaml: only this script needs it)
        spec = yaml.safe_load(f)
    if os.path.exists(os.path.join(checkpoint, "ema.safetensors")):
        sys.exit("error: the run keeps an EMA of its weights; this script trains none")
    if read_safetensors(os.path.join(checkpoint, "optimizer.safetensors"))[0]:
        sys.exit("error: the run's checkpoint is inside a stage (its optimiser state is not empty): use a finished run")
    weights, metadata = read_safetensors(os.path.join(checkpoint, "weights.safetensors"))
    normalization, _ = read_safetensors(os.path.join(checkpoint, "normalization.safetensors"))
    model = Policy(spec, {k: v.shape for k, v in weights.items()})
    names = model.polspec_names()
    if sorted(names.values()) != sorted(weights):
        sys.exit("error: parameter names differ: %s vs %s" % (sorted(names.values()), sorted(weights)))
    observation = model.observation
    observations, actions = load_demos(args.data, observation)
    normalise, normalise_action, denormalise = normalisers(normalization, observation)

    with torch.no_grad():
        for key, parameter in model.named_parameters():
            parameter.copy_(torch.from_numpy(weights[names[key]].copy()))
    check_against_polspec(args.polspec, args.run, model, observations, normalise, denormalise, observation)

    torch.manual_seed(args.seed)
    model = Policy(spec, {k: v.shape for k, v in weights.items()})
    (stage,) = spec["recipe"]["stages"]
    optimizer_spec = stage["optimizer"]
    steps, batch = stage["steps"], stage["batch"]
    warmup = stage.get("schedule", {}).get("warmup", 0)
    decay = [p for p in model.parameters() if p.dim() >= 2]
    rest = [p for p in model.parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": optimizer_spec.get("weight_decay", 0.0)},
                                   {"params": rest, "weight_decay": 0.0}], lr=optimizer_spec["lr"], foreach=False)

    def factor(t):
        if t < warmup:
            return t / warmup
        p = (t - warmup) / max(1, steps - warmup)
        return 0.5 * (1 + math.cos(math.pi * p))

    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, factor)
    x_all = torch.from_numpy(normalise(observations))
    y_all = torch.from_numpy(normalise_action(actions).astype(np.float32))
    generator = torch.Generator().manual_seed(args.seed)
    order, cursor = torch.randperm(len(x_all), generator=generator), 0
    for step in range(steps):
        if cursor + batch > len(order):
            order, cursor = torch.randperm(len(x_all), generator=generator), 0
        index = order[cursor:cursor + batch]
        cursor += batch
        loss = nn.functional.mse_loss(model(x_all[index]), y_all[index])
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), stage.get("clip", 1.0))
        optimizer.step()
        schedule.step()
        if (step + 1) % 1000 == 0:
            print("step %d loss %.5f" % (step + 1, loss.item()))

    shutil.copytree(args.run, args.out, ignore=shutil.ignore_patterns(".lock"))
    target = checkpoint_folder(args.out)
    trained = {names[k]: p.detach().numpy().astype(np.float32) for k, p in model.named_parameters()}
    write_safetensors(os.path.join(target, "weights.safetensors"), trained, metadata)
    manifest_path = os.path.join(target, "checkpoint.json")
    with open(manifest_path) as f:
        manifest = json.load(f)
    with open(os.path.join(target, "weights.safetensors"), "rb") as f:
        raw = f.read()
    manifest["files"]["weights.safetensors"] = {"bytes": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}
    with open(manifest_path, "w") as f:
        json.dump(manifest, f, indent=2, sort_keys=True)
    print("wrote %s: PyTorch's weights after %d steps (seed %d)" % (args.out, steps, args.seed))


if __name__ == "__main__":
    main()
