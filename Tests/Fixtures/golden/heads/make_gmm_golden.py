#!/usr/bin/env python3
"""Writes the golden fixtures of the gmm head and its mixture_nll objective
(polspecTests/HeadGoldenTests.swift, GMMGoldenTests.swift), computed with PyTorch outside polspec.

Run from this folder with a PyTorch venv (../../../../../shared/tools/torch-cpu.sh VENV):
    VENV/bin/python make_gmm_golden.py

For each fixture spec NAME.yaml it writes
  NAME.weights.safetensors   weights drawn here (float32), under polspec's names (docs/weights.md)
  NAME.input.safetensors     observations and the policy's draws (`noise.mode`, `noise.action`)
  NAME.expected.safetensors  `action`: the policy's chunk; `mixture.means`, `mixture.scales`,
                             `mixture.logits`: the mixture's parameters
  NAME.loss.safetensors      `target.action`, the `loss` and `grad.<name>` of every parameter

The head follows robomimic's GMMActorNetwork (robomimic/models/policy_nets.py): an MLP with the
activation after every hidden layer, decoders `mean`, `scale`, `logits`; means tanh-squashed
(use_tanh False) onto the action range, scales softplus + min_std, the distribution
MixtureSameFamily(Categorical(logits), Independent(Normal(means, scales), 1)) over the whole
chunk (chunk × action.dim values, one event), loss −log_prob(action).mean() (BC_GMM). Inference
draws the component by Gumbel-max from the uniform draws and samples it, every scale 1e-4 under
low_noise_eval. Float64; the tests check polspec against this, never against itself.
"""
import functools
import os
import sys

import numpy as np
import torch
import torch.distributions as D
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import golden_files  # noqa: E402
from golden_files import f32  # noqa: E402

BATCH = 2
torch.set_default_dtype(torch.float64)
write_safetensors = functools.partial(golden_files.write_safetensors_in, HERE)

PORTS = {"feats": (3, 6), "state": (1, 5)}   # name -> (tokens, width), gmm-base.yaml
ACTIVATIONS = {"relu": F.relu, "gelu": F.gelu}
FIXTURES = {
    "gmm-low-noise": {"condition": ["feats", "state"], "hidden": [16, 12], "activation": "relu", "modes": 3,
                      "min_std": 0.01, "low_noise_eval": True, "range": (-1.0, 1.0)},
    "gmm-sampled": {"condition": ["state", "feats"], "hidden": [10], "activation": "gelu", "modes": 4,
                    "min_std": 1e-4, "low_noise_eval": False, "range": (0.0, 2.0)},
}
CHUNK, ACTION_DIM = 2, 3


def linear(p, name, x):
    return x @ p[name + ".weight"].T + p[name + ".bias"]


def parameter_shapes(cfg):
    width = sum(PORTS[n][1] for n in cfg["condition"])
    shapes = {}
    for i, features in enumerate(cfg["hidden"]):
        shapes["head.fc%d.weight" % (i + 1)] = (features, width)
        shapes["head.fc%d.bias" % (i + 1)] = (features,)
        width = features
    components = cfg["modes"] * CHUNK * ACTION_DIM
    for name, out in [("mean", components), ("scale", components), ("logits", cfg["modes"])]:
        shapes["head.%s.weight" % name] = (out, width)
        shapes["head.%s.bias" % name] = (out,)
    return shapes


def mixture(cfg, p, obs):
    """Means and scales [B, K, chunk, dim], logits [B, K]: GMMActorNetwork.forward_train's outputs."""
    # The mlp head's pooling: token ports averaged over tokens, vectors as they are.
    x = torch.cat([obs[n].mean(1) if obs[n].dim() == 3 else obs[n] for n in cfg["condition"]], 1)
    for i in range(len(cfg["hidden"])):
        x = ACTIVATIONS[cfg["activation"]](linear(p, "head.fc%d" % (i + 1), x))
    shape = (x.shape[0], cfg["modes"], CHUNK, ACTION_DIM)
    low, high = cfg["range"]
    means = torch.tanh(linear(p, "head.mean", x)).reshape(shape) * (high - low) / 2 + (high + low) / 2
    scales = F.softplus(linear(p, "head.scale", x)).reshape(shape) + cfg["min_std"]
    return means, scales, linear(p, "head.logits", x)


def distribution(means, scales, logits):
    """robomimic's MixtureSameFamily with the whole chunk as one event."""
    flat = (means.shape[0], means.shape[1], -1)
    components = D.Independent(D.Normal(means.reshape(flat), scales.reshape(flat)), 1)
    return D.MixtureSameFamily(D.Categorical(logits=logits), components)


def act(cfg, means, scales, logits, noise):
    """The component argmax(logits − log(−log u)) (first on ties), sampled with noise.action."""
    mode = torch.argmax(logits - torch.log(-torch.log(noise["noise.mode"].clamp(min=1e-20))), 1)
    rows = torch.arange(means.shape[0])
    spread = 1e-4 if cfg["low_noise_eval"] else scales[rows, mode]
    return means[rows, mode] + noise["noise.action"] * spread


def fixture(name, seed):
    cfg = FIXTURES[name]
    rng = np.random.default_rng(seed)
    weights32 = {k: rng.normal(0, 0.3, s).astype(np.float32) for k, s in parameter_shapes(cfg).items()}
    p = {k: torch.tensor(v.astype(np.float64), requires_grad=True) for k, v in weights32.items()}
    obs32 = {"feats": rng.standard_normal((BATCH, 3, 6)).astype(np.float32),
             "state": rng.standard_normal((BATCH, 5)).astype(np.float32)}
    obs = {k: torch.tensor(v.astype(np.float64)) for k, v in obs32.items()}
    noise32 = {"noise.mode": rng.uniform(0, 1, (BATCH, cfg["modes"])).astype(np.float32),
               "noise.action": rng.standard_normal((BATCH, CHUNK, ACTION_DIM)).astype(np.float32)}
    noise = {k: torch.tensor(v.astype(np.float64)) for k, v in noise32.items()}
    with torch.no_grad():
        means, scales, logits = mixture(cfg, p, obs)
        action = act(cfg, means, scales, logits, noise)
    write_safetensors(name + ".weights.safetensors", weights32)
    write_safetensors(name + ".input.safetensors", dict(obs32, **noise32))
    write_safetensors(name + ".expected.safetensors", {"action": f32(action), "mixture.means": f32(means),
                                                       "mixture.scales": f32(scales), "mixture.logits": f32(logits)})

    low, high = cfg["range"]
    target32 = rng.uniform(low, high, (BATCH, CHUNK, ACTION_DIM)).astype(np.float32)
    target = torch.tensor(target32.astype(np.float64))
    loss = -distribution(*mixture(cfg, p, obs)).log_prob(target.reshape(BATCH, -1)).mean()
    loss.backward()
    grads = {"grad." + k: f32(v.grad) for k, v in p.items()}
    write_safetensors(name + ".loss.safetensors",
                      dict({"target.action": target32}, loss=np.array(loss.item(), dtype=np.float32), **grads))


def main():
    for seed, name in enumerate(FIXTURES):
        fixture(name, 400 + seed)


if __name__ == "__main__":
    main()
