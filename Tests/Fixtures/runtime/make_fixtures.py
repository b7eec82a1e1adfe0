#!/usr/bin/env python3
"""Reference values for polspec's optimisers, learning-rate schedules and training step.

PyTorch itself is not installed here (`pip install torch` is not practical on this
machine), so this script re-implements, in numpy float32, the documented update rules of
PyTorch 2.x's single-tensor implementations, operation by operation:

- torch.optim.SGD (`_single_tensor_sgd`): g = g + wd*p; buf = g on the first step, else
  buf = momentum*buf + g (dampening 0); g = g + momentum*buf (nesterov) or buf; p -= lr*g.
- torch.optim.Adam (`_single_tensor_adam`): m.lerp_(g, 1-b1); v = b2*v + (1-b2)*g*g;
  step_size = lr/(1-b1^t); denom = sqrt(v)/sqrt(1-b2^t) + eps; p -= step_size*m/denom.
- torch.optim.AdamW: p *= 1 - lr*wd, then the Adam update.
- torch.nn.utils.clip_grad_norm_: total = sqrt(sum of squares of every gradient);
  coef = min(max_norm/(total + 1e-6), 1); every gradient *= coef.
- Learning-rate schedules: transformers' get_constant_schedule_with_warmup,
  get_linear_schedule_with_warmup and get_cosine_schedule_with_warmup (as used through
  diffusers), extended with a final ratio f: factor = f + (1-f)*decay.

Scalars that PyTorch computes in Python (bias corrections, step size, 1 - lr*wd) are
computed here in float64 and applied to float32 tensors, as PyTorch does.

Weight decay, as polspec documents it, is skipped for tensors of rank < 2 (biases and norm
weights) unless decay_all is set.

Run: python3 make_fixtures.py   (writes optimizers.json, schedules.json, training_step.json)
"""
import json
import math

import numpy as np

f32 = np.float32


def schedule(kind, t, total, warmup, final=0.0):
    if t < warmup:
        return t / warmup
    progress = (t - warmup) / max(1, total - warmup)
    if kind == "constant":
        return 1.0
    if kind == "linear":
        return final + (1 - final) * max(0.0, 1 - progress)
    if kind == "cosine":
        return final + (1 - final) * 0.5 * (1 + math.cos(math.pi * min(progress, 1.0)))
    raise ValueError(kind)


def decays(shape, config):
    return config.get("weight_decay", 0) > 0 and (config.get("decay_all", False) or len(shape) >= 2)


class Optimizer:
    """One parameter tensor's optimizer, PyTorch rules in float32."""

    def __init__(self, config, shape):
        self.c = config
        self.shape = shape
        self.t = 0
        self.m = np.zeros(shape, f32)
        self.v = np.zeros(shape, f32)
        self.buf = None

    def step(self, p, g, lr):
        c = self.c
        self.t += 1
        p = p.astype(f32).copy()
        g = g.astype(f32).copy()
        if c["kind"] == "sgd":
            if decays(self.shape, c):
                g = g + f32(c["weight_decay"]) * p
            if c["momentum"] > 0:
                if self.buf is None:
                    self.buf = g.copy()
                else:
                    self.buf = self.buf * f32(c["momentum"]) + g
                g = g + f32(c["momentum"]) * self.buf if c["nesterov"] else self.buf
            return p - f32(lr) * g, self.state()
        b1, b2 = c["betas"]
        if c["kind"] == "adamw" and decays(self.shape, c):
            p = p * f32(1 - lr * c["weight_decay"])
        self.m = self.m + (g - self.m) * f32(1 - b1)
        self.v = self.v * f32(b2) + (g * g) * f32(1 - b2)
        step_size = lr / (1 - b1 ** self.t)
        bc2_sqrt = math.sqrt(1 - b2 ** self.t)
        denom = np.sqrt(self.v) / f32(bc2_sqrt) + f32(c["eps"])
        return p - f32(step_size) * (self.m / denom), self.state()

    def state(self):
        if self.c["kind"] == "sgd":
            return {"momentum_buffer": self.buf.tolist()} if self.c["momentum"] > 0 else {}
        return {"exp_avg": self.m.tolist(), "exp_avg_sq": self.v.tolist()}


def optimizers():
    rng = np.random.default_rng(7)
    weight = rng.normal(size=(2, 3)).astype(f32)
    bias = rng.normal(size=(3,)).astype(f32)
    steps = 6
    grads = [(rng.normal(size=(2, 3)).astype(f32), rng.normal(size=(3,)).astype(f32)) for _ in range(steps)]
    lrs = [0.05 * (1 + 0.5 * math.sin(t)) for t in range(steps)]
    configs = [
        {"name": "sgd", "kind": "sgd", "momentum": 0.0, "nesterov": False, "weight_decay": 0.0},
        {"name": "sgd-momentum-decay", "kind": "sgd", "momentum": 0.9, "nesterov": False, "weight_decay": 0.01},
        {"name": "sgd-nesterov", "kind": "sgd", "momentum": 0.8, "nesterov": True, "weight_decay": 0.0},
        {"name": "adam", "kind": "adam", "betas": [0.9, 0.999], "eps": 1e-8},
        {"name": "adamw", "kind": "adamw", "betas": [0.8, 0.99], "eps": 1e-6, "weight_decay": 0.05},
        {"name": "adamw-decay-all", "kind": "adamw", "betas": [0.9, 0.95], "eps": 1e-8, "weight_decay": 0.1, "decay_all": True},
    ]
    cases = []
    for config in configs:
        opt_w, opt_b = Optimizer(config, weight.shape), Optimizer(config, bias.shape)
        w, b = weight, bias
        trajectory = []
        for t in range(steps):
            w, sw = opt_w.step(w, grads[t][0], lrs[t])
            b, sb = opt_b.step(b, grads[t][1], lrs[t])
            trajectory.append({"weight": w.tolist(), "bias": b.tolist(), "weight_state": sw, "bias_state": sb})
        cases.append({"config": config, "steps": trajectory})
    return {
        "weight": weight.tolist(), "bias": bias.tolist(),
        "gradients": [{"weight": gw.tolist(), "bias": gb.tolist()} for gw, gb in grads],
        "lrs": lrs, "cases": cases,
    }


def schedules():
    cases = []
    for kind, total, warmup, final in [("constant", 10, 3, 0.0), ("constant", 5, 0, 0.0), ("linear", 12, 4, 0.0),
                                       ("linear", 9, 0, 0.25), ("cosine", 20, 5, 0.0), ("cosine", 7, 2, 0.1)]:
        cases.append({"kind": kind, "steps": total, "warmup": warmup, "final_ratio": final,
                      "factors": [schedule(kind, t, total, warmup, final) for t in range(total)]})
    return {"cases": cases}


def training_step():
    """A linear head y = x W^T + b trained with MSE, AdamW, clipping, accumulation 2 and EMA."""
    rng = np.random.default_rng(11)
    batch, features, outputs = 8, 3, 2
    steps, accumulate, lr, wd, clip, ema = 6, 2, 0.05, 0.1, 0.5, 0.9
    betas, eps = (0.9, 0.999), 1e-8
    w = rng.normal(size=(outputs, features)).astype(f32) * f32(0.5)
    b = rng.normal(size=(outputs,)).astype(f32) * f32(0.5)
    batches = []
    for _ in range(steps * accumulate):
        x = rng.uniform(-1, 1, size=(batch, features)).astype(f32)
        y = (x @ np.array([[1.5, -2.0, 0.5], [0.3, 0.8, -1.2]], f32).T + f32(0.2)).astype(f32)
        batches.append((x, y))
    config = {"kind": "adamw", "betas": betas, "eps": eps, "weight_decay": wd}
    opt_w, opt_b = Optimizer(config, w.shape), Optimizer(config, b.shape)
    ema_w, ema_b = w.copy(), b.copy()
    records = []
    initial = {"weight": w.tolist(), "bias": b.tolist()}
    for t in range(steps):
        acc_w, acc_b = np.zeros_like(w), np.zeros_like(b)
        losses = []
        for k in range(accumulate):
            x, y = batches[t * accumulate + k]
            pred = x @ w.T + b
            diff = pred - y
            losses.append(float(np.mean(diff * diff)))
            n = f32(diff.size)
            gw = (f32(2) / n) * (diff.T @ x)
            gb = (f32(2) / n) * diff.sum(axis=0)
            acc_w, acc_b = acc_w + gw, acc_b + gb
        gw, gb = acc_w * f32(1 / accumulate), acc_b * f32(1 / accumulate)
        norm = np.sqrt(np.sum(gw * gw) + np.sum(gb * gb))
        coef = min(clip / (float(norm) + 1e-6), 1.0)
        gw, gb = gw * f32(coef), gb * f32(coef)
        rate = lr * schedule("cosine", t, steps, 2)
        w, _ = opt_w.step(w, gw, rate)
        b, _ = opt_b.step(b, gb, rate)
        ema_w = ema_w * f32(ema) + w * f32(1 - ema)
        ema_b = ema_b * f32(ema) + b * f32(1 - ema)
        records.append({"losses": losses, "grad_norm": float(norm), "lr": rate, "weight": w.tolist(), "bias": b.tolist(),
                        "ema_weight": ema_w.tolist(), "ema_bias": ema_b.tolist()})
    return {
        "config": {"batch": batch, "steps": steps, "accumulate": accumulate, "lr": lr, "weight_decay": wd, "clip": clip,
                   "ema": ema, "warmup": 2},
        "initial": initial,
        "batches": [{"x": x.tolist(), "y": y.tolist()} for x, y in batches],
        "steps": records,
    }


def main():
    for name, value in [("optimizers.json", optimizers()), ("schedules.json", schedules()), ("training_step.json", training_step())]:
        with open(name, "w") as f:
            json.dump(value, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
