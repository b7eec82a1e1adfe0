#!/usr/bin/env python3
"""Writes the golden fixtures of the ebt head (EBT-Policy) and its energy objective
(polspecTests/EBTGoldenTests.swift), computed with PyTorch outside polspec.

Run from this folder with a PyTorch venv (../../../../../shared/tools/torch-cpu.sh VENV):
    VENV/bin/python make_ebt_golden.py

For each fixture NAME it writes
  NAME.yaml                  the spec (its step size and min_grad are chosen here from the drawn
                             weights: steps of a useful size, and a threshold that stops one row
                             of the descent early and lets the other run on)
  NAME.weights.safetensors   weights drawn here (float32), under polspec's names (docs/weights.md)
  NAME.input.safetensors     observations and the descent's starting noise `noise.initial`
  NAME.expected.safetensors  the whole inference descent: `action`, and per row
                             `diagnostic.descent_steps` and `diagnostic.energy`
  NAME.energy.safetensors    one energy evaluation: `energy.actions` in, `energy` and its
                             gradient `grad.actions` = dE/dA out
  NAME.loss.safetensors      the energy objective's requests (`target.*`), its `loss`, and
                             `grad.<name>` of every parameter (torch.autograd with
                             create_graph=True through the unrolled steps)

The network and the descent follow EBT-Policy's code (ZhiChengAIR/benchmarks, robomimic
`EBTTransformer`/`EBT`/`EBTBlock`, timm `Attention` with qk-norm, `EBTPolicy._energy_step`,
`_get_action_trajectory`, `train_on_batch`, `compute_loss`, the cosine Langevin scheduler), in
float64, reading each weight by its polspec name: the tests check polspec against this, never
against itself. The inference descent runs each row alone (batch 1) with the authors' while loop,
so its gradient norm is the row's own.
"""
import math

import numpy as np
import torch
import torch.nn.functional as F

from make_heads_golden import f32, linear, write_safetensors

BATCH = 2
PORTS = {"feats": (3, 6), "state": (1, 5)}   # name -> (tokens, width)
BASE = {"condition": ["feats", "state"], "dim": 16, "depth": 2, "heads": 2, "hidden": 32, "chunk": 4, "action_dim": 3,
        "momentum": 0.9, "temperature": 1.0, "grad_clamp": False, "early_exit": True}

# name -> settings, as in NAME.yaml
FIXTURES = {
    # Second order through a random K: train_steps [2, 4] with K = 3 drawn, so step 4 is masked.
    "ebt-unrolled": dict(BASE, train_steps=[2, 4], drawn=1, infer_steps=6, langevin=[0.3, 0.001], truncate=False,
                         temperature=0.8),
    # EBT's truncate_mcmc with a fixed K and the gradient clamp (at the median |g| of the start);
    # min_grad 0: every row takes every step.
    "ebt-truncated": dict(BASE, train_steps=[3, 3], drawn=0, infer_steps=5, langevin=[0.2, 0.01], truncate=True,
                          grad_clamp=True, early_exit=False, condition=["state", "feats"], hidden=16),
}


def rms(x, weight):
    return x * torch.rsqrt((x * x).mean(-1, keepdim=True) + 1e-6) * weight


def gelu(x):
    return F.gelu(x, approximate="tanh")


def sincos(count, dim):
    """MAE's get_1d_sincos_pos_embed_from_grid: [sin(p w_i) | cos(p w_i)], w_i = 10000^(-i/(d/2))."""
    omega = 1.0 / 10000 ** (torch.arange(dim // 2, dtype=torch.float64) / (dim / 2.0))
    out = torch.outer(torch.arange(count, dtype=torch.float64), omega)
    return torch.cat([out.sin(), out.cos()], 1)


def heads_of(x, heads):
    b, t, d = x.shape
    return x.reshape(b, t, heads, d // heads).transpose(1, 2)


def attend(q, k, v):
    """timm Attention without fused kernels: softmax(q * scale @ k^T) @ v, merged back."""
    attn = ((q * q.shape[-1] ** -0.5) @ k.transpose(-2, -1)).softmax(-1)
    y = attn @ v
    return y.transpose(1, 2).reshape(y.shape[0], y.shape[2], -1)


class EBT:
    def __init__(self, cfg):
        self.c = cfg

    def parameters(self, rng):
        """name -> value: Linear weights and biases N(0, 0.3^2), norm weights 1 + N(0, 0.2^2)."""
        c, d, h, da = self.c, self.c["dim"], self.c["hidden"], self.c["action_dim"]
        dh = d // c["heads"]
        p = {}

        def lin(name, out, inp, bias=True):
            p[name + ".weight"] = rng.normal(0, 0.3, (out, inp))
            if bias:
                p[name + ".bias"] = rng.normal(0, 0.3, (out,))

        def norm(name, width, bias=False):
            p[name + ".weight"] = 1 + rng.normal(0, 0.2, (width,))
            if bias:
                p[name + ".bias"] = rng.normal(0, 0.2, (width,))

        for i, name in enumerate(c["condition"]):
            if PORTS[name][1] != d:
                lin("head.condition_proj.%d" % i, d, PORTS[name][1])
        lin("head.input_emb.0", d, da)
        norm("head.input_emb.1", d, bias=True)
        lin("head.input_emb.3", d, d)
        for i in range(c["depth"]):
            b = "head.blocks.%d" % i
            norm(b + ".norm1", d)
            lin(b + ".attn.qkv", 3 * d, d)
            norm(b + ".attn.q_norm", dh)
            norm(b + ".attn.k_norm", dh)
            lin(b + ".attn.proj", d, d)
            norm(b + ".norm2", d)
            lin(b + ".cross_attn.q", d, d)
            lin(b + ".cross_attn.kv", 2 * d, d)
            norm(b + ".cross_attn.q_norm", dh)
            norm(b + ".cross_attn.k_norm", dh)
            lin(b + ".cross_attn.proj", d, d, bias=False)
            norm(b + ".norm3", d)
            lin(b + ".mlp.fc1", h, d)
            lin(b + ".mlp.fc2", d, h)
        norm("head.final_layer.norm_final", d)
        lin("head.final_layer.linear.fc1", d, d)
        lin("head.final_layer.linear.fc2", da, d)
        norm("head.ebl_norm", da)
        return p

    def memory(self, p, obs):
        """The condition tokens [B, M, d], each port projected where its width differs."""
        tokens = []
        for i, name in enumerate(self.c["condition"]):
            count, width = PORTS[name]
            x = obs[name].reshape(obs[name].shape[0], count, width)
            tokens.append(linear(p, "head.condition_proj.%d" % i, x) if width != self.c["dim"] else x)
        return torch.cat(tokens, 1)

    def energy(self, p, memory, a):
        """EBTTransformer: input_emb(A) + pos, EBT blocks, final layer; E = mean over (chunk, Da)."""
        c, d, heads = self.c, self.c["dim"], self.c["heads"]
        x = linear(p, "head.input_emb.0", a)
        x = F.layer_norm(x, (d,), p["head.input_emb.1.weight"], p["head.input_emb.1.bias"], eps=1e-5)
        x = gelu(linear(p, "head.input_emb.3", gelu(x))) + sincos(c["chunk"], d)
        for i in range(c["depth"]):
            b = "head.blocks.%d" % i
            h = rms(x, p[b + ".norm1.weight"])
            qkv = linear(p, b + ".attn.qkv", h).reshape(h.shape[0], h.shape[1], 3, heads, d // heads).permute(2, 0, 3, 1, 4)
            q, k = rms(qkv[0], p[b + ".attn.q_norm.weight"]), rms(qkv[1], p[b + ".attn.k_norm.weight"])
            x = x + linear(p, b + ".attn.proj", attend(q, k, qkv[2]))
            h = rms(x, p[b + ".norm2.weight"])
            q = rms(heads_of(linear(p, b + ".cross_attn.q", h), heads), p[b + ".cross_attn.q_norm.weight"])
            kv = linear(p, b + ".cross_attn.kv", memory)
            kv = kv.reshape(kv.shape[0], kv.shape[1], 2, heads, d // heads).permute(2, 0, 3, 1, 4)
            k = rms(kv[0], p[b + ".cross_attn.k_norm.weight"])
            x = x + linear(p, b + ".cross_attn.proj", attend(q, k, kv[1]))
            h = rms(x, p[b + ".norm3.weight"])
            x = x + linear(p, b + ".mlp.fc2", gelu(linear(p, b + ".mlp.fc1", h)))
        h = rms(x, p["head.final_layer.norm_final.weight"])
        out = linear(p, "head.final_layer.linear.fc2", gelu(linear(p, "head.final_layer.linear.fc1", h)))
        return out.mean(dim=(-1, -2))

    def step(self, p, memory, trajectory, velocity, project, noise, create_graph):
        """EBTPolicy._energy_step; returns (trajectory, velocity, gradient, energy)."""
        c = self.c
        trajectory = trajectory.detach().requires_grad_()
        if project:
            trajectory = rms(trajectory, p["head.ebl_norm.weight"])
        if noise is not None:
            trajectory = trajectory + noise
        look = trajectory + velocity * c["momentum"]
        energy = self.energy(p, memory, look)
        alpha = max(c["step_size"], 1e-4) * torch.exp(energy[:, None, None]) / c["temperature"]
        grad = torch.autograd.grad(energy.sum(), look, create_graph=create_graph)[0]
        if c["grad_clamp"]:
            bound = c["grad_clamp"] / c["step_size"]
            grad = grad.clamp(-bound, bound)
        velocity = velocity * c["momentum"] - alpha * grad
        return trajectory + velocity, velocity, grad, energy

    def descend(self, p, memory, noise):
        """_get_action_trajectory for one row: while i < max - 1 and |g| > min_grad, then a last
        step without the projection. Returns (chunk, steps, E(chunk), gradient norms)."""
        a, v = noise, torch.zeros_like(noise)
        i, norm, norms = 0, float("inf"), []
        while i < self.c["infer_steps"] - 1 and norm > self.c["min_grad"]:
            a, v, g, _ = self.step(p, memory, a, v, True, None, False)
            norm = g.norm().item()
            norms.append(norm)
            i += 1
        a, v, _, _ = self.step(p, memory, a, v, False, None, False)
        a = a.detach()
        return a, i + 1, self.energy(p, memory, a).detach(), norms

    def loss(self, p, memory, req):
        """train_on_batch + compute_loss with K = min + target.descent_steps[0] steps."""
        c = self.c
        k_steps = c["train_steps"][0] + int(req["target.descent_steps"][0])
        start, end = c["langevin"]
        a, v = req["target.noise"], torch.zeros_like(req["target.noise"])
        losses = []
        for k in range(k_steps):
            final = k == k_steps - 1
            sigma = end + 0.5 * (start - end) * (1 + math.cos(math.pi * k / k_steps))
            noise = sigma * req["target.langevin"][:, k]
            if c["truncate"] and not final:
                # truncate_mcmc: no graph through the steps before the last.
                a, v, _, _ = self.step(p, memory, a, v, True, noise, False)
                a, v = a.detach(), v.detach()
                continue
            a, v, _, _ = self.step(p, memory, a, v, not final, noise, True)
            losses.append(F.mse_loss(a, req["target.action"]))
        return losses[-1] if c["truncate"] else sum(losses) / k_steps


def write_spec(name, cfg):
    conditions = ", ".join(cfg["condition"])
    clamp = "\n    grad_clamp: %r" % cfg["grad_clamp"] if cfg["grad_clamp"] else ""
    lo, hi = cfg["train_steps"]
    text = f"""# {name}: written by make_ebt_golden.py (step_size and min_grad chosen from the drawn weights).
polspec: 1
name: {name}
observation:
  feats: {{kind: tokens, count: 3, dim: 6}}
  state: {{kind: vector, dim: 5}}
action: {{dim: {cfg["action_dim"]}, chunk: {cfg["chunk"]}}}
head:
  kind: ebt
  condition: [{conditions}]
  dim: {cfg["dim"]}
  depth: {cfg["depth"]}
  heads: {cfg["heads"]}
  mlp_ratio: {cfg["hidden"] / cfg["dim"]!r}
  mcmc:
    train_steps: [{lo}, {hi}]
    infer_steps: {cfg["infer_steps"]}
    step_size: {cfg["step_size"]!r}
    momentum: {cfg["momentum"]!r}
    temperature: {cfg["temperature"]!r}
    langevin_sigma: [{cfg["langevin"][0]!r}, {cfg["langevin"][1]!r}]
    min_grad: {cfg["min_grad"]!r}
    truncate: {"true" if cfg["truncate"] else "false"}{clamp}
recipe:
  stages:
    - {{name: e, objective: energy, steps: 10}}
"""
    with open(name + ".yaml", "w") as f:
        f.write(text)


def steps_taken(norms, threshold, infer_steps):
    """The steps a row's descent takes with `norms` its gradient norms when it never stops."""
    below = [j for j, n in enumerate(norms) if n <= threshold]
    return below[0] + 2 if below else infer_steps


def min_grad_between(norms, infer_steps):
    """A threshold that stops the rows' descents after different step counts, one of them early:
    the geometric mean of two neighbouring gradient norms (of either row) at least 10% apart, so
    that float32 rounding cannot move an exit."""
    values = sorted(n for row in norms for n in row)
    for low, high in zip(values, values[1:]):
        threshold = float("%.3g" % math.sqrt(low * high))
        if high < 1.1 * low or not all(abs(n - threshold) > 0.04 * threshold for n in values):
            continue
        steps = [steps_taken(row, threshold, infer_steps) for row in norms]
        if len(set(steps)) == len(steps) and min(steps) < infer_steps and min(steps) > 2:
            return threshold
    raise AssertionError("no threshold separates the rows: %r" % (norms,))


def fixture(name, seed):
    cfg = dict(FIXTURES[name], step_size=1.0, min_grad=0.0)
    clamp, cfg["grad_clamp"] = cfg["grad_clamp"], None
    model = EBT(cfg)
    rng = np.random.default_rng(seed)
    weights32 = {k: v.astype(np.float32) for k, v in model.parameters(rng).items()}
    p = {k: torch.tensor(v.astype(np.float64), requires_grad=True) for k, v in weights32.items()}
    obs32 = {"feats": rng.standard_normal((BATCH, 3, 6)).astype(np.float32),
             "state": rng.standard_normal((BATCH, 5)).astype(np.float32)}
    obs = {k: torch.tensor(v.astype(np.float64)) for k, v in obs32.items()}
    shape = (BATCH, cfg["chunk"], cfg["action_dim"])
    noise32 = rng.standard_normal(shape).astype(np.float32)
    noise = torch.tensor(noise32.astype(np.float64))
    memory = model.memory(p, obs)

    # A step size that moves the chunk by about 0.3 per element at the start.
    look = noise.clone().requires_grad_()
    energy = model.energy(p, memory, look)
    grad = torch.autograd.grad(energy.sum(), look)[0]
    cfg["step_size"] = float("%.3g" % (0.3 / (grad.abs().mean() * energy.exp().mean()).item()))
    if clamp:
        cfg["grad_clamp"] = float("%.3g" % (cfg["step_size"] * grad.abs().median().item()))
    # The rows' gradient norms over a full descent, then the threshold between them.
    norms = [model.descend(p, memory[r:r + 1], noise[r:r + 1])[3] for r in range(BATCH)]
    if cfg["early_exit"]:
        cfg["min_grad"] = min_grad_between(norms, cfg["infer_steps"])
    write_spec(name, cfg)

    runs = [model.descend(p, memory[r:r + 1], noise[r:r + 1]) for r in range(BATCH)]
    assert [run[1] for run in runs] == [steps_taken(row, cfg["min_grad"], cfg["infer_steps"]) for row in norms]
    write_safetensors(name + ".weights.safetensors", weights32)
    write_safetensors(name + ".input.safetensors", dict(obs32, **{"noise.initial": noise32}))
    write_safetensors(name + ".expected.safetensors", {
        "action": f32(torch.cat([run[0] for run in runs])),
        "diagnostic.descent_steps": np.array([run[1] for run in runs], dtype=np.float32),
        "diagnostic.energy": f32(torch.cat([run[2] for run in runs])),
    })

    actions32 = rng.uniform(-1, 1, shape).astype(np.float32)
    actions = torch.tensor(actions32.astype(np.float64), requires_grad=True)
    energy = model.energy(p, memory, actions)
    grad = torch.autograd.grad(energy.sum(), actions)[0]
    write_safetensors(name + ".energy.safetensors", {"energy.actions": actions32, "energy": f32(energy), "grad.actions": f32(grad)})

    most = cfg["train_steps"][1]
    requests32 = {"target.action": rng.uniform(-1, 1, shape).astype(np.float32),
                  "target.noise": rng.standard_normal(shape).astype(np.float32),
                  "target.langevin": rng.standard_normal((BATCH, most) + shape[1:]).astype(np.float32)}
    requests = {k: torch.tensor(v.astype(np.float64)) for k, v in requests32.items()}
    # The drawn K: row 0 decides; row 1 draws something else to show it is ignored.
    requests32["target.descent_steps"] = np.array([cfg["drawn"], most - cfg["train_steps"][0] - cfg["drawn"]], dtype=np.int32)
    requests["target.descent_steps"] = torch.tensor(requests32["target.descent_steps"])
    loss = model.loss(p, memory, requests)
    loss.backward()
    # (With truncate and the last step unprojected, ebl_norm takes no gradient: zeros.)
    grads = {"grad." + k: f32(v.grad) if v.grad is not None else np.zeros(v.shape, np.float32) for k, v in p.items()}
    if cfg["train_steps"][0] == most:
        del requests32["target.descent_steps"]
    write_safetensors(name + ".loss.safetensors", dict(requests32, loss=np.array(loss.item(), dtype=np.float32), **grads))


def main():
    torch.set_default_dtype(torch.float64)
    for seed, name in enumerate(FIXTURES):
        fixture(name, 200 + seed)


if __name__ == "__main__":
    main()
