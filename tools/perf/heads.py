#!/usr/bin/env python3
"""PyTorch (eager) implementations of the paper-head specs, timed as `polspec perf SPEC` times
them: the action chunk at batch 1 (encoders once, then the head's whole inference loop, under
no_grad) and one training step at batch 32 (forward, the objective, backward, AdamW over every
parameter). Prints RESULT lines in polspec's format, so tools/perf/compare_heads.sh can put them
side by side.

    VENV/bin/python tools/perf/heads.py specs/dita.yaml --threads 1

The models are the reference implementations the golden tests check polspec against
(Tests/Fixtures/golden/heads/make_heads_golden.py), run in float32, with the spec's encoders
written here the way docs/weights.md describes them. Weights are random: timing does not depend
on them. Needs torch and pyyaml (tools ../shared/tools/torch-cpu.sh VENV; VENV/bin/pip install
pyyaml).
"""
import argparse
import json
import math
import os
import re
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "Tests", "Fixtures", "golden", "heads"))
import make_heads_golden as ref  # noqa: E402  (sets float64 as default; switched back below)

torch.set_default_dtype(torch.float32)
_schedule = ref.alphas_cumprod
ref.alphas_cumprod = lambda cfg: _schedule(cfg).float()  # the reference builds it in float64
ACTIVATIONS = {"gelu": F.gelu, "relu": F.relu, "silu": F.silu, "gelu_tanh": lambda x: F.gelu(x, approximate="tanh")}


class SpecLoader(yaml.SafeLoader):
    """YAML 1.2 numbers: PyYAML (YAML 1.1) reads `1.0e4`, an exponent without a sign, as a string."""


SpecLoader.add_implicit_resolver("tag:yaml.org,2002:float", re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+$"),
                                 list("-+0123456789."))


def param(*shape):
    return (torch.randn(*shape) * 0.02).requires_grad_()


class Encoders:
    """The spec's encoders on [batch, frames, ...] observations; ports as [batch, tokens, width]."""

    def __init__(self, spec):
        self.spec, self.p = spec, {}
        self.history = spec["observation"].get("history", 1)
        for name, e in spec.get("encoders", {}).items():
            if e["kind"] == "cnn":
                c = self.obs_shape(e["input"])[0]
                for i, out in enumerate(e.get("channels", [32, 64, 128])):
                    k = e.get("kernel", 3)
                    self.p[f"{name}.{2 * i}.w"], self.p[f"{name}.{2 * i}.b"] = param(out, c, k, k), param(out)
                    c = out
            elif e["kind"] == "mlp":
                width = self.width(e["input"])
                for i, h in enumerate(e.get("hidden", [256])):
                    self.p[f"{name}.{2 * i}.w"], self.p[f"{name}.{2 * i}.b"] = param(h, width), param(h)
                    width = h
            elif e["kind"] == "text_embedding":
                t = spec["observation"][e["input"]]
                self.p[f"{name}.tok"] = param(t.get("vocab", 256), e["dim"])
                self.p[f"{name}.pos"] = param(t["max_tokens"], e["dim"])

    def obs_shape(self, name):
        o = self.spec["observation"][name]
        return o["shape"] if o["kind"] == "image" else [o.get("dim", 0)]

    def width(self, port):
        if port in self.spec["observation"]:
            o = self.spec["observation"][port]
            return o["dim"] if o["kind"] == "vector" else o.get("dim", 0)
        e = self.spec["encoders"][port]
        return {"cnn": lambda: e.get("channels", [32, 64, 128])[-1], "mlp": lambda: e.get("hidden", [256])[-1],
                "text_embedding": lambda: e["dim"]}[e["kind"]]()

    def inputs(self, batch):
        obs = {}
        for name, o in self.spec["observation"].items():
            if name == "history":
                continue
            frames = 1 if o["kind"] == "text" else self.history
            if o["kind"] == "image":
                obs[name] = torch.rand(batch, frames, *o["shape"])
            elif o["kind"] == "vector":
                obs[name] = torch.randn(batch, frames, o["dim"])
            elif o["kind"] == "text":
                obs[name] = torch.randint(0, 50, (batch, 1, o["max_tokens"]))
        return obs

    def __call__(self, obs):
        ports = {k: (v if v.dtype != torch.float32 or v.dim() != 3 else v) for k, v in obs.items()}
        out = {}
        for name, o in self.spec["observation"].items():
            if name != "history" and o["kind"] == "vector":
                out[name] = obs[name]                                  # [B, F, d]: one token per frame
        for name, e in self.spec.get("encoders", {}).items():
            x = out.get(e["input"], ports.get(e["input"]))
            if e["kind"] == "cnn":
                b, f = x.shape[:2]
                x = x.reshape(b * f, *x.shape[2:])
                act = ACTIVATIONS[e.get("activation", "relu")]
                for i in range(len(e.get("channels", [32, 64, 128]))):
                    k = e.get("kernel", 3)
                    x = act(F.conv2d(x, self.p[f"{name}.{2 * i}.w"], self.p[f"{name}.{2 * i}.b"], stride=e.get("stride", 2), padding=k // 2))
                x = x.mean((2, 3)).reshape(b, f, -1) if e.get("output", "tokens") == "vector" else \
                    x.flatten(2).transpose(1, 2).reshape(b, -1, x.shape[1])
            elif e["kind"] == "mlp":
                act = ACTIVATIONS[e.get("activation", "gelu")]
                for i in range(len(e.get("hidden", [256]))):
                    x = act(F.linear(x, self.p[f"{name}.{2 * i}.w"], self.p[f"{name}.{2 * i}.b"]))
            elif e["kind"] == "text_embedding":
                x = (self.p[f"{name}.tok"][x[:, 0]] + self.p[f"{name}.pos"])
            out[name] = x
        return out


def head_model(spec, ports):
    """The reference head of the spec, its parameters, its training loss and its inference."""
    h, action = spec["head"], spec["action"]
    cond = h["condition"]
    widths = [ports[c].shape[-1] for c in cond]
    rng = np.random.default_rng(0)
    as32 = lambda d: {k: (v.float() * 0.07).requires_grad_() for k, v in d.items()}
    if h["kind"] == "dit":
        diffusion = dict(ref.DIFFUSION, **{k: v for k, v in h.get("diffusion", {}).items()})
        cfg = dict(ref.BASE, dim=h.get("dim", 128), depth=h.get("depth", 4), heads=h.get("heads", 4),
                   hidden=max(1, round(h.get("dim", 128) * h.get("mlp_ratio", 4.0))), chunk=action.get("chunk", 1),
                   action_dim=action["dim"], causal=h.get("causal", True), positions=h.get("positions", "rope"),
                   norm=h.get("norm", "rms"), ffn=h.get("ffn", "swiglu"), action_pad=h.get("action_pad", "zero"),
                   conditioning=h.get("conditioning", "in_context"), condition=cond, condition_widths=widths,
                   prefix=sum(ports[c].shape[1] for c in cond))
        model = ref.DiT(cfg)
        p = as32(model.parameters(rng))
        diffusion["train_steps"], diffusion["sample_steps"] = diffusion.get("train_steps", 100), diffusion.get("sample_steps", 10)

        def infer(ports):
            noise = {"noise.initial": torch.randn(ports[cond[0]].shape[0], cfg["chunk"], cfg["action_dim"])}
            return ref.diffusion_sample(model, p, ports, noise, diffusion)

        def loss(ports, batch):
            req = {"target.action": torch.rand(batch, cfg["chunk"], cfg["action_dim"]) * 2 - 1,
                   "target.noise": torch.randn(batch, cfg["chunk"], cfg["action_dim"]),
                   "target.timestep": torch.randint(0, diffusion["train_steps"], (batch,))}
            return ref.diffusion_loss(model, p, ports, req, diffusion)
        return p, infer, loss
    if h["kind"] == "discrete_diffusion":
        cfg = dict(ref.DD_BASE, condition=cond, condition_widths=widths, bins=h.get("bins", 256), dim=h.get("dim", 128),
                   depth=h.get("depth", 4), heads=h.get("heads", 4), hidden=max(1, round(h.get("dim", 128) * h.get("mlp_ratio", 4.0))),
                   rounds=h.get("rounds", 8), chunk=action.get("chunk", 1), action_dim=action["dim"])
        model = ref.DiscreteDiffusion(cfg)
        p = as32(model.parameters(rng))
        objective = {"mask_ratio": "uniform", "weighting": "none", "min_mask_ratio": 0.05}

        def infer(ports):
            return model.unmask(p, ports, {})

        def loss(ports, batch):
            req = {"target.action": torch.rand(batch, cfg["chunk"], cfg["action_dim"]) * 2 - 1,
                   "target.mask_ratio": torch.rand(batch), "target.mask": torch.rand(batch, model.length)}
            return ref.masked_diffusion_loss(model, p, ports, req, objective)
        return p, infer, loss
    if h["kind"] == "uwm":
        image = spec["observation"][h["predict"]]["shape"]
        frames = h.get("future_frames", 1)
        cfg = {"image": tuple(image), "global": sum(ports[c].reshape(ports[c].shape[0], -1).shape[1] for c in cond),
               "condition": cond, "predict": h["predict"], "action_dim": action["dim"], "chunk": action.get("chunk", 1),
               "dim": h.get("dim", 128), "depth": h.get("depth", 4), "heads": h.get("heads", 4),
               "hidden": max(1, round(h.get("dim", 128) * h.get("mlp_ratio", 4.0))), "registers": h.get("registers", 4),
               "latent": h.get("latent_channels", 4), "downsample": h.get("latent_downsample", 4), "width": h.get("autoencoder_width", 32),
               "patch": h.get("patch", 2), "frames": frames, "te": h.get("timestep_embed_dim", 64),
               "action_free": h.get("action_free_ratio", 0.0), "action_weight": h.get("action_loss_weight", 1.0)}
        diffusion = dict(ref.DIFFUSION, **h.get("diffusion", {}))
        diffusion["train_steps"], diffusion["sample_steps"] = diffusion.get("train_steps", 100), diffusion.get("sample_steps", 10)
        model = ref.UWM(cfg)
        p = as32(model.parameters(rng))

        def infer(ports):
            b = ports[cond[0]].shape[0]
            held = torch.randn(b, model.patches, model.patch_values)
            last = torch.full((b,), float(diffusion["train_steps"] - 1))
            net = lambda _, __, x, t: model(p, ports, x, held, t, last)[0]
            return ref.diffusion_sample(net, p, ports, {"noise.initial": torch.randn(b, cfg["chunk"], cfg["action_dim"])}, diffusion)

        def loss(ports, batch):
            o = h["predict"]
            req = {"target.action": torch.rand(batch, cfg["chunk"], cfg["action_dim"]) * 2 - 1,
                   "target.noise.action": torch.randn(batch, cfg["chunk"], cfg["action_dim"]),
                   "target.timestep.action": torch.randint(0, diffusion["train_steps"], (batch,)),
                   "target.noise_only.action": torch.rand(batch), "target.future." + o: torch.rand(batch, frames, *image),
                   "target.noise." + o: torch.randn(batch, model.patches, model.patch_values),
                   "target.timestep." + o: torch.randint(0, diffusion["train_steps"], (batch,))}
            return ref.uwm_loss(model, p, ports, req, diffusion, cfg)
        return p, infer, loss
    if h["kind"] == "ebt":
        import make_ebt_golden as ebt  # noqa: E402
        sincos = ebt.sincos
        ebt.sincos = lambda count, dim: sincos(count, dim).float()  # built in float64 there
        m = dict({"train_steps": [2, 5], "infer_steps": 20, "step_size": 1.0e4, "momentum": 0.9, "temperature": 1.0,
                  "langevin_sigma": [0.3, 0.001], "min_grad": 0.002, "truncate": False, "grad_clamp": None}, **h.get("mcmc", {}))
        ebt.PORTS = {c: tuple(ports[c].shape[1:]) for c in cond}
        cfg = {"condition": cond, "dim": h.get("dim", 256), "depth": h.get("depth", 8), "heads": h.get("heads", 8),
               "hidden": max(1, round(h.get("dim", 256) * h.get("mlp_ratio", 4.0))), "chunk": action.get("chunk", 1),
               "action_dim": action["dim"], "momentum": m["momentum"], "temperature": m["temperature"],
               "grad_clamp": m["grad_clamp"] or False, "step_size": m["step_size"], "min_grad": m["min_grad"],
               "infer_steps": m["infer_steps"], "train_steps": m["train_steps"], "langevin": m["langevin_sigma"],
               "truncate": m["truncate"]}
        model = ebt.EBT(cfg)
        p = as32({k: torch.from_numpy(v) for k, v in model.parameters(rng).items()})
        low, high = cfg["train_steps"]

        # polspec's static graph runs every step (converged rows freeze); time PyTorch over the
        # same count: never exit early (random weights would exit after a step or two).
        cfg["min_grad"] = -1.0

        def infer(ports):
            # The authors' descent loop (it needs gradients with respect to the chunk).
            with torch.enable_grad():
                noise = torch.randn(ports[cond[0]].shape[0], cfg["chunk"], cfg["action_dim"])
                return model.descend(p, model.memory(p, ports), noise)[0]

        def loss(ports, batch):
            # K ~ U{low..high} per batch, as the authors draw it (polspec unrolls `high` and masks).
            req = {"target.action": torch.rand(batch, cfg["chunk"], cfg["action_dim"]) * 2 - 1,
                   "target.noise": torch.randn(batch, cfg["chunk"], cfg["action_dim"]),
                   "target.descent_steps": torch.randint(0, high - low + 1, (batch,)),
                   "target.langevin": torch.randn(batch, high, cfg["chunk"], cfg["action_dim"])}
            return model.loss(p, model.memory(p, ports), req)
        return p, infer, loss
    raise SystemExit(f"tools/perf/heads.py: no PyTorch model for head kind {h['kind']} yet")


def timed(fn, min_runs, min_seconds):
    for _ in range(2):
        fn()
    times, start = [], time.perf_counter()
    while len(times) < min_runs or time.perf_counter() - start < min_seconds:
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1e3)
    times.sort()
    return statistics.median(times), times[len(times) // 10], times[(len(times) * 9) // 10], len(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("spec")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=1.0)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    spec = yaml.load(open(args.spec), Loader=SpecLoader)
    encoders = Encoders(spec)
    ports1 = encoders(encoders.inputs(1))
    params, infer, loss_fn = head_model(spec, {k: v.detach() for k, v in ports1.items()})
    everything = list(params.values()) + list(encoders.p.values())
    stage = spec["recipe"]["stages"][-1]
    optimizer = torch.optim.AdamW(everything, lr=1e-4, weight_decay=stage.get("optimizer", {}).get("weight_decay", 0.01))
    obs1, obs32 = encoders.inputs(1), encoders.inputs(32)

    def chunk():
        with torch.no_grad():
            infer(encoders(obs1))

    def train_step():
        optimizer.zero_grad(set_to_none=True)
        loss_fn(encoders(obs32), 32).backward()
        torch.nn.utils.clip_grad_norm_(everything, 1.0)
        optimizer.step()

    for bench, fn in [(f"{spec['name']}/b1", chunk), (f"{spec['name']}/train_b32", train_step)]:
        median, p10, p90, runs = timed(fn, args.runs, args.seconds)
        print("RESULT " + json.dumps({"impl": "pytorch", "bench": bench, "threads": args.threads, "median_ms": round(median, 4),
                                      "p10_ms": round(p10, 4), "p90_ms": round(p90, 4), "runs": runs}), flush=True)


if __name__ == "__main__":
    main()
