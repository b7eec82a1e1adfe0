#!/usr/bin/env python3
"""Writes the golden fixtures of BackendsTests/GoldenTests.swift, computed with numpy only.

Run from this folder:  python3 make_golden.py
Writes mlp.txt, block.txt and init.txt next to this script.

Weights are drawn here (numpy, float32) and stored under their polspec/PyTorch names, so the
Swift test feeds them by name: the test checks the forward pass and one gradient against an
implementation written from the PyTorch/timm definitions, not against polspec itself.
Forward passes run in float64 on the float32 weights; gradients are computed by hand (MLP)
or by central differences in float64 (transformer block).

init.txt re-implements the initialisation recipe of docs/weights.md (Philox4x32-10 streams
keyed by parameter name) so the test can check that polspec's seeded init is reproducible
outside polspec.

File format: for each tensor a line `tensor NAME D0 D1 ...` (no extents for a scalar) and a
line with its values, row-major, space-separated.
"""
import math
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def write(path, tensors):
    with open(os.path.join(HERE, path), "w") as f:
        for name, value in tensors:
            value = np.asarray(value)
            f.write("tensor " + " ".join([name] + [str(d) for d in value.shape]) + "\n")
            f.write(" ".join("%.9g" % v for v in value.astype(np.float64).ravel()) + "\n")


def linear_weights(rng, out_features, in_features):
    bound = 1 / math.sqrt(in_features)
    w = rng.uniform(-bound, bound, size=(out_features, in_features)).astype(np.float32)
    b = rng.uniform(-bound, bound, size=(out_features,)).astype(np.float32)
    return w, b


erf = np.vectorize(math.erf)


def gelu(x):
    return 0.5 * x * (1 + erf(x / math.sqrt(2)))


def gelu_tanh(x):
    return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))


def gelu_tanh_grad(x):
    t = np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3))
    inner = math.sqrt(2 / math.pi) * (1 + 3 * 0.044715 * x ** 2)
    return 0.5 * (1 + t) + 0.5 * x * (1 - t ** 2) * inner


def layer_norm(x, weight, bias, eps=1e-5):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def softmax_masked(scores, mask):
    scores = np.where(mask, scores, -np.inf)
    scores = scores - scores.max(-1, keepdims=True)
    e = np.where(mask, np.exp(scores), 0)
    return e / e.sum(-1, keepdims=True)


def mlp_fixture():
    """timm Mlp 7 -> 16 -> 5, GELU-tanh; loss = sum(y * r); gradient w.r.t. fc1.weight."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal((3, 7)).astype(np.float32)
    w1, b1 = linear_weights(rng, 16, 7)
    w2, b2 = linear_weights(rng, 5, 16)
    r = rng.standard_normal((3, 5)).astype(np.float32)
    X, W1, B1, W2, B2, R = (a.astype(np.float64) for a in (x, w1, b1, w2, b2, r))
    h = X @ W1.T + B1
    y = gelu_tanh(h) @ W2.T + B2
    loss = (y * R).sum()
    dh = (R @ W2) * gelu_tanh_grad(h)
    grad_w1 = dh.T @ X
    write("mlp.txt", [
        ("state", x), ("r", r),
        ("encoders.trunk.fc1.weight", w1), ("encoders.trunk.fc1.bias", b1),
        ("encoders.trunk.fc2.weight", w2), ("encoders.trunk.fc2.bias", b2),
        ("y", y), ("loss", np.array(loss)), ("grad.encoders.trunk.fc1.weight", grad_w1),
    ])


BLOCK = "encoders.vision.blocks.0."
DIM, HEADS, TOKENS, BATCH = 12, 3, 5, 2


def block_forward(p, x, valid):
    """timm Block (pre-LN, exact GELU, MLP ratio 4) with a causal and key-padding mask."""
    head_dim = DIM // HEADS
    h = layer_norm(x, p["norm1.weight"], p["norm1.bias"])
    qkv = h @ p["attn.qkv.weight"].T + p["attn.qkv.bias"]
    qkv = qkv.reshape(BATCH, TOKENS, 3, HEADS, head_dim).transpose(2, 0, 3, 1, 4)
    q, k, v = qkv[0], qkv[1], qkv[2]
    scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(head_dim)
    causal = np.tril(np.ones((TOKENS, TOKENS), dtype=bool))
    mask = causal[None, None] & (valid[:, None, None, :] != 0)
    attended = (softmax_masked(scores, mask) @ v).transpose(0, 2, 1, 3).reshape(BATCH, TOKENS, DIM)
    x = x + attended @ p["attn.proj.weight"].T + p["attn.proj.bias"]
    h = layer_norm(x, p["norm2.weight"], p["norm2.bias"])
    h = gelu(h @ p["mlp.fc1.weight"].T + p["mlp.fc1.bias"])
    return x + h @ p["mlp.fc2.weight"].T + p["mlp.fc2.bias"]


def block_fixture():
    rng = np.random.default_rng(2)
    p = {}
    p["norm1.weight"] = (1 + 0.1 * rng.standard_normal(DIM)).astype(np.float32)
    p["norm1.bias"] = (0.1 * rng.standard_normal(DIM)).astype(np.float32)
    p["attn.qkv.weight"], p["attn.qkv.bias"] = linear_weights(rng, 3 * DIM, DIM)
    p["attn.proj.weight"], p["attn.proj.bias"] = linear_weights(rng, DIM, DIM)
    p["norm2.weight"] = (1 + 0.1 * rng.standard_normal(DIM)).astype(np.float32)
    p["norm2.bias"] = (0.1 * rng.standard_normal(DIM)).astype(np.float32)
    p["mlp.fc1.weight"], p["mlp.fc1.bias"] = linear_weights(rng, 4 * DIM, DIM)
    p["mlp.fc2.weight"], p["mlp.fc2.bias"] = linear_weights(rng, DIM, 4 * DIM)
    x = rng.standard_normal((BATCH, TOKENS, DIM)).astype(np.float32)
    valid = np.array([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]], dtype=np.float32)
    r = rng.standard_normal((BATCH, TOKENS, DIM)).astype(np.float32)
    P = {name: value.astype(np.float64) for name, value in p.items()}
    X, R = x.astype(np.float64), r.astype(np.float64)
    y = block_forward(P, X, valid)

    def loss(params):
        return (block_forward(params, X, valid) * R).sum()

    gradients = {}
    for name in ("attn.qkv.weight", "norm1.weight"):
        grad = np.zeros_like(P[name])
        for index in np.ndindex(grad.shape):
            step = 1e-6
            up, down = dict(P), dict(P)
            up[name] = P[name].copy()
            up[name][index] += step
            down[name] = P[name].copy()
            down[name][index] -= step
            grad[index] = (loss(up) - loss(down)) / (2 * step)
        gradients[name] = grad
    tensors = [("tokens", x), ("valid", valid), ("r", r)]
    tensors += [(BLOCK + name, value) for name, value in p.items()]
    tensors += [("y", y), ("loss", np.array(loss(P)))]
    tensors += [("grad." + BLOCK + name, value) for name, value in gradients.items()]
    write("block.txt", tensors)


# --- The initialisation recipe of docs/weights.md -------------------------------------------

M32 = 0xFFFFFFFF


def philox4x32_10(counter, key):
    x0, x1, x2, x3 = counter
    k0, k1 = key
    for round_index in range(10):
        if round_index > 0:
            k0 = (k0 + 0x9E3779B9) & M32
            k1 = (k1 + 0xBB67AE85) & M32
        p0 = 0xD2511F53 * x0
        p1 = 0xCD9E8D57 * x2
        x0, x1, x2, x3 = ((p1 >> 32) ^ x1 ^ k0) & M32, p1 & M32, ((p0 >> 32) ^ x3 ^ k1) & M32, p0 & M32
    return x0, x1, x2, x3


def fnv1a64(text):
    h = 0xCBF29CE484222325
    for byte in text.encode("utf-8"):
        h ^= byte
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def uniform01(seed, name, index):
    stream = fnv1a64(name)
    w = philox4x32_10((index & M32, index >> 32, stream & M32, stream >> 32), (seed & M32, seed >> 32))
    return (((w[0] << 32) | w[1]) >> 11) * 2.0 ** -53


def normal01(seed, name, index):
    stream = fnv1a64(name)
    w = philox4x32_10((index & M32, index >> 32, stream & M32, stream >> 32), (seed & M32, seed >> 32))
    u1 = (((w[0] << 32) | w[1]) >> 11) * 2.0 ** -53
    u2 = (((w[2] << 32) | w[3]) >> 11) * 2.0 ** -53
    return math.sqrt(-2 * math.log(1 - u1)) * math.cos(2 * math.pi * u2)


def init_fixture():
    """Linear(7 -> 16) weight and bias and an Embedding(5, 3) weight at seed 1234."""
    seed = 1234
    tensors = []
    bound = 1 / math.sqrt(7)
    for name, shape in (("encoders.trunk.fc1.weight", (16, 7)), ("encoders.trunk.fc1.bias", (16,))):
        count = int(np.prod(shape))
        values = [-bound + 2 * bound * uniform01(seed, name, i) for i in range(count)]
        tensors.append((name, np.array(values, dtype=np.float32).reshape(shape)))
    name = "encoders.text.embed.weight"
    tensors.append((name, np.array([normal01(seed, name, i) for i in range(15)], dtype=np.float32).reshape(5, 3)))
    write("init.txt", tensors)


if __name__ == "__main__":
    mlp_fixture()
    block_fixture()
    init_fixture()
