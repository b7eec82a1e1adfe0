#!/usr/bin/env python3
"""Writes the golden fixtures of the spec-level tests (polspecTests/InferGoldenTests.swift),
computed with numpy only, outside polspec.

Run from this folder:  python3 make_lowering_golden.py

For each spec NAME.yaml next to this script it writes
  NAME.weights.safetensors   weights drawn here (numpy, float32), under the names of docs/weights.md
  NAME.input.safetensors     observation tensors (and the sampler noise of denoising heads)
  NAME.expected.safetensors  the action chunk `action`, computed here in float64
and for mlp-bc also NAME.loss.safetensors: a target chunk `target.action` and the bc losses
`loss.mse`, `loss.l1`, `loss.smooth_l1`; for the denoisers NAME.loss.safetensors: the diffusion
objective's requests `target.action`, `target.noise`, `target.timestep` (i32) and its `loss`
(diffusers' add_noise, then MSE against the prediction type's target).

The networks are written from the PyTorch/timm definitions the docs name (nn.Sequential
numbering, timm Block, nn.Conv2d, nn.Embedding, DiT's timestep embedding, diffusers' DDIM and
DDPM steps), reading each weight by its polspec name: the test checks polspec against this,
never against itself. safetensors files are written by the small writer below (the format is
an 8-byte little-endian header length, a JSON header, then the raw data), so only numpy is
needed.
"""
import functools
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import golden_files  # noqa: E402
BATCH = 2


# ---------------------------------------------------------------------------------------------
# safetensors

write_safetensors = functools.partial(golden_files.write_safetensors_in, HERE)


# ---------------------------------------------------------------------------------------------
# layers (float64), reading weights by name from the dict `w`

erf = np.vectorize(math.erf)


def gelu(x):
    return 0.5 * x * (1 + erf(x / math.sqrt(2)))


def gelu_tanh(x):
    return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))


def silu(x):
    return x / (1 + np.exp(-x))


def relu(x):
    return np.maximum(x, 0)


def linear(w, name, x):
    return x @ w[name + ".weight"].T + w[name + ".bias"]


def layer_norm(w, name, x, eps=1e-5):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w[name + ".weight"] + w[name + ".bias"]


def attention(w, name, x, heads, causal):
    """timm Attention: fused qkv read as [B, T, 3, heads, head_dim]."""
    b, t, d = x.shape
    qkv = linear(w, name + ".qkv", x).reshape(b, t, 3, heads, d // heads).transpose(2, 0, 3, 1, 4)
    q, k, v = qkv[0], qkv[1], qkv[2]
    scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(d // heads)
    if causal:
        scores = np.where(np.tril(np.ones((t, t), dtype=bool)), scores, -np.inf)
    scores = np.exp(scores - scores.max(-1, keepdims=True))
    probabilities = scores / scores.sum(-1, keepdims=True)
    y = (probabilities @ v).transpose(0, 2, 1, 3).reshape(b, t, d)
    return linear(w, name + ".proj", y)


def block(w, name, x, heads, causal, act):
    """timm Block (pre-LN)."""
    x = x + attention(w, name + ".attn", layer_norm(w, name + ".norm1", x), heads, causal)
    h = act(linear(w, name + ".mlp.fc1", layer_norm(w, name + ".norm2", x)))
    return x + linear(w, name + ".mlp.fc2", h)


def conv2d(w, name, x, stride, padding):
    """nn.Conv2d on [N, C, H, W] by direct loops."""
    weight, bias = w[name + ".weight"], w[name + ".bias"]
    out_c, in_c, k, _ = weight.shape
    n, _, h, wd = x.shape
    padded = np.zeros((n, in_c, h + 2 * padding, wd + 2 * padding))
    padded[:, :, padding:padding + h, padding:padding + wd] = x
    oh, ow = (h + 2 * padding - k) // stride + 1, (wd + 2 * padding - k) // stride + 1
    y = np.zeros((n, out_c, oh, ow))
    for r in range(oh):
        for c in range(ow):
            patch = padded[:, :, r * stride:r * stride + k, c * stride:c * stride + k]
            y[:, :, r, c] = np.einsum("nckl,ockl->no", patch, weight) + bias
    return y


def sincos_positions(count, dim):
    """MAE's 1-D sine-cosine table: [sin(p w_i) ..., cos(p w_i) ...], w_i = 10000^(-i/half)."""
    half = dim // 2
    table = np.zeros((count, dim))
    for p in range(count):
        for i in range(half):
            angle = p * 10000.0 ** (-i / half)
            table[p, i] = math.sin(angle)
            table[p, half + i] = math.cos(angle)
    return table


def timestep_embedding(t, dim):
    """DiT's timestep_embedding: [cos(t f), sin(t f)], f_i = exp(-ln(10000) i / half), zero-padded."""
    half = dim // 2
    freqs = np.exp(-math.log(10000) * np.arange(half) / half)
    args = t * freqs
    embedding = np.concatenate([np.cos(args), np.sin(args)])
    return np.concatenate([embedding, np.zeros(dim % 2)])


def pooled(x):
    """The mlp head's view of a port [B, F, ...]: token ports mean-pooled, then frames concatenated."""
    if x.ndim == 4:
        x = x.mean(2)
    return x.reshape(x.shape[0], -1)


def head_mlp(w, x, hidden, act, norm=False):
    for i in range(hidden):
        x = linear(w, "head.fc%d" % (i + 1), x)
        if norm:
            x = layer_norm(w, "head.norm%d" % (i + 1), x)
        x = act(x)
    return linear(w, "head.fc%d" % (hidden + 1), x)


# ---------------------------------------------------------------------------------------------
# diffusion (diffusers' schedules and steps)

def alphas_cumprod(schedule, steps):
    if schedule == "linear":
        betas = np.linspace(1e-4, 0.02, steps)
    else:
        def alpha_bar(s):
            return math.cos((s + 0.008) / 1.008 * math.pi / 2) ** 2
        betas = np.array([min(1 - alpha_bar((i + 1) / steps) / alpha_bar(i / steps), 0.999) for i in range(steps)])
    return np.cumprod(1 - betas)


def sample(denoise, noise, schedule, train_steps, sample_steps, sampler, prediction, clip):
    """noise: [draws, B, n]; denoise(x, t) -> model output [B, n]."""
    ac = alphas_cumprod(schedule, train_steps)
    ratio = train_steps // sample_steps
    timesteps = [s * ratio for s in reversed(range(sample_steps))]
    x = noise[0]
    for index, t in enumerate(timesteps):
        out = denoise(x, t)
        a = ac[t]
        prev = ac[t - ratio] if t - ratio >= 0 else 1.0
        if prediction == "epsilon":
            x0, eps = (x - math.sqrt(1 - a) * out) / math.sqrt(a), out
        elif prediction == "sample":
            x0, eps = out, (x - math.sqrt(a) * out) / math.sqrt(1 - a)
        else:
            x0, eps = math.sqrt(a) * x - math.sqrt(1 - a) * out, math.sqrt(a) * out + math.sqrt(1 - a) * x
        if clip is not None:
            x0 = np.clip(x0, clip[0], clip[1])
        if sampler == "ddim":
            x = math.sqrt(prev) * x0 + math.sqrt(1 - prev) * eps
        else:
            alpha = a / prev
            beta = 1 - alpha
            x = (math.sqrt(prev) * beta / (1 - a)) * x0 + (math.sqrt(alpha) * (1 - prev) / (1 - a)) * x
            if index + 1 < len(timesteps):
                variance = max((1 - prev) / (1 - a) * beta, 1e-20)
                x = x + math.sqrt(variance) * noise[index + 1]
    return x


# ---------------------------------------------------------------------------------------------
# weights

class Weights(dict):
    def __init__(self, seed):
        super().__init__()
        self.rng = np.random.default_rng(seed)

    def linear(self, name, out_features, in_features):
        bound = 1 / math.sqrt(in_features)
        self[name + ".weight"] = self.rng.uniform(-bound, bound, (out_features, in_features)).astype(np.float32)
        self[name + ".bias"] = self.rng.uniform(-bound, bound, (out_features,)).astype(np.float32)

    def conv(self, name, out_c, in_c, k):
        bound = 1 / math.sqrt(in_c * k * k)
        self[name + ".weight"] = self.rng.uniform(-bound, bound, (out_c, in_c, k, k)).astype(np.float32)
        self[name + ".bias"] = self.rng.uniform(-bound, bound, (out_c,)).astype(np.float32)

    def norm(self, name, d):
        self[name + ".weight"] = (1 + 0.2 * self.rng.standard_normal(d)).astype(np.float32)
        self[name + ".bias"] = (0.2 * self.rng.standard_normal(d)).astype(np.float32)

    def normal(self, name, shape, std):
        self[name] = (std * self.rng.standard_normal(shape)).astype(np.float32)

    def block(self, name, d, hidden):
        self.norm(name + ".norm1", d)
        self.linear(name + ".attn.qkv", 3 * d, d)
        self.linear(name + ".attn.proj", d, d)
        self.norm(name + ".norm2", d)
        self.linear(name + ".mlp.fc1", hidden, d)
        self.linear(name + ".mlp.fc2", d, hidden)

    def f64(self):
        return {name: value.astype(np.float64) for name, value in self.items()}


def save(name, weights, inputs, action):
    write_safetensors(name + ".weights.safetensors", dict(weights))
    write_safetensors(name + ".input.safetensors", inputs)
    write_safetensors(name + ".expected.safetensors", {"action": action.astype(np.float32)})


# ---------------------------------------------------------------------------------------------
# fixtures (each mirrors NAME.yaml)

def mlp_bc_forward(p, inputs):
    x = inputs["state"].astype(np.float64)
    trunk = silu(layer_norm(p, "encoders.trunk.1", linear(p, "encoders.trunk.0", x)))
    trunk = silu(layer_norm(p, "encoders.trunk.4", linear(p, "encoders.trunk.3", trunk)))
    robot = layer_norm(p, "encoders.robot.1", linear(p, "encoders.robot.0", x))
    condition = np.concatenate([pooled(trunk), pooled(robot)], axis=1)
    return head_mlp(p, condition, 1, gelu, norm=True).reshape(-1, 2, 3)


def mlp_bc():
    w = Weights(11)
    w.linear("encoders.trunk.0", 8, 5)
    w.norm("encoders.trunk.1", 8)
    w.linear("encoders.trunk.3", 6, 8)
    w.norm("encoders.trunk.4", 6)
    w.linear("encoders.robot.0", 4, 5)
    w.norm("encoders.robot.1", 4)
    w.linear("head.fc1", 7, 20)
    w.norm("head.norm1", 7)
    w.linear("head.fc2", 6, 7)
    inputs = {"state": w.rng.standard_normal((BATCH, 2, 5)).astype(np.float32)}
    action = mlp_bc_forward(w.f64(), inputs)
    save("mlp-bc", w, inputs, action)
    target = w.rng.standard_normal((BATCH, 2, 3)).astype(np.float32)
    d = action - target.astype(np.float64)
    smooth = np.where(np.abs(d) < 1, 0.5 * d ** 2, np.abs(d) - 0.5)
    write_safetensors("mlp-bc.loss.safetensors", {
        "target.action": target,
        "loss.mse": np.array((d ** 2).mean(), dtype=np.float32),
        "loss.l1": np.array(np.abs(d).mean(), dtype=np.float32),
        "loss.smooth_l1": np.array(smooth.mean(), dtype=np.float32),
    })


def transformer_forward(p, inputs):
    feats, proprio = inputs["feats"].astype(np.float64), inputs["proprio"].astype(np.float64)
    batch = feats.shape[0]
    x = linear(p, "encoders.backbone.input_proj", feats.reshape(batch, 6, 6))
    x = x + p["encoders.backbone.pos_embed"]
    for i in range(2):
        x = block(p, "encoders.backbone.blocks.%d" % i, x, 2, True, gelu)
    backbone = layer_norm(p, "encoders.backbone.norm", x)[:, None]
    tokmlp = relu(linear(p, "encoders.tokmlp.0", backbone))
    m = proprio + sincos_positions(2, 6)
    m = block(p, "encoders.motion.blocks.0", m, 3, False, gelu_tanh)
    motion = layer_norm(p, "encoders.motion.norm", m)[:, None]
    condition = np.concatenate([pooled(tokmlp), pooled(motion)], axis=1)
    return head_mlp(p, condition, 1, gelu).reshape(batch, 2, 2)


def transformer():
    w = Weights(12)
    w.linear("encoders.backbone.input_proj", 8, 6)
    w.normal("encoders.backbone.pos_embed", (1, 6, 8), 0.5)
    for i in range(2):
        w.block("encoders.backbone.blocks.%d" % i, 8, 16)
    w.norm("encoders.backbone.norm", 8)
    w.linear("encoders.tokmlp.0", 5, 8)
    w.block("encoders.motion.blocks.0", 6, 9)
    w.norm("encoders.motion.norm", 6)
    w.linear("head.fc1", 9, 11)
    w.linear("head.fc2", 4, 9)
    inputs = {"feats": w.rng.standard_normal((BATCH, 2, 3, 6)).astype(np.float32),
              "proprio": w.rng.standard_normal((BATCH, 2, 6)).astype(np.float32)}
    save("transformer", w, inputs, transformer_forward(w.f64(), inputs))


def cnn_text_forward(p, inputs):
    cam, instruction = inputs["cam"].astype(np.float64), inputs["instruction"]
    batch = cam.shape[0]
    frames = cam.reshape(batch * 2, 3, 9, 7)
    v = relu(conv2d(p, "encoders.vision.0", frames, 2, 1))
    v = relu(conv2d(p, "encoders.vision.2", v, 2, 1))
    vision = v.reshape(batch * 2, 5, -1).transpose(0, 2, 1).reshape(batch, 2, -1, 5)
    q = gelu(conv2d(p, "encoders.pooled.0", frames, 3, 2))
    pooled_vector = q.mean((2, 3)).reshape(batch, 2, 3)
    text = (p["encoders.text.token_embedding.weight"][instruction] + p["encoders.text.position_embedding.weight"])[:, None]
    condition = np.concatenate([pooled(vision), pooled(pooled_vector), pooled(text)], axis=1)
    return head_mlp(p, condition, 1, gelu).reshape(batch, 1, 2)


def cnn_text():
    w = Weights(13)
    w.conv("encoders.vision.0", 4, 3, 3)
    w.conv("encoders.vision.2", 5, 4, 3)
    w.conv("encoders.pooled.0", 3, 3, 5)
    w.normal("encoders.text.token_embedding.weight", (11, 5), 1.0)
    w.normal("encoders.text.position_embedding.weight", (5, 5), 1.0)
    w.linear("head.fc1", 6, 21)
    w.linear("head.fc2", 2, 6)
    inputs = {"cam": w.rng.uniform(0, 1, (BATCH, 2, 3, 9, 7)).astype(np.float32),
              "instruction": w.rng.integers(0, 11, (BATCH, 5)).astype(np.int32)}
    save("cnn-text", w, inputs, cnn_text_forward(w.f64(), inputs))


# name -> (obs_dim, chunk, dim, hidden, act, time_embed_dim, schedule, train_steps, sample_steps,
#          sampler, prediction, clip range or None), as in NAME.yaml
DENOISERS = {
    "mlp-ddim": (4, 3, 2, [16, 16], gelu, 6, "cosine", 20, 5, "ddim", "epsilon", (-1.0, 1.0)),
    "mlp-ddim-sample": (4, 2, 2, [12], silu, 4, "linear", 12, 4, "ddim", "sample", (-0.5, 2.0)),
    "mlp-ddpm": (3, 2, 2, [10], gelu, 5, "linear", 6, 6, "ddpm", "v", None),
}


def denoiser_forward(name, p, inputs):
    """The sampling loop from the fed noise (`noise.initial` [batch, chunk, dim], and
    `noise.steps` [batch, steps - 1, chunk, dim]: row-major per sample, as polspec feeds it)."""
    _, chunk, dim, hidden, act, temb, schedule, train_steps, sample_steps, sampler, prediction, clip = DENOISERS[name]
    obs = inputs["obs"].astype(np.float64)
    batch = obs.shape[0]
    noise = inputs["noise.initial"][None]
    if "noise.steps" in inputs:
        noise = np.concatenate([noise, inputs["noise.steps"].transpose(1, 0, 2, 3)])

    def denoise(x, t):
        embedding = np.tile(timestep_embedding(float(t), temb), (batch, 1))
        return head_mlp(p, np.concatenate([x, obs, embedding], axis=1), len(hidden), act)

    x = sample(denoise, noise.astype(np.float64).reshape(len(noise), batch, chunk * dim), schedule, train_steps,
               sample_steps, sampler, prediction, clip)
    return x.reshape(batch, chunk, dim)


def denoiser(name, seed):
    obs_dim, chunk, dim, hidden, _, temb, _, _, sample_steps, sampler, _, _ = DENOISERS[name]
    w = Weights(seed)
    n = chunk * dim
    widths = [n + obs_dim + temb] + hidden + [n]
    for i in range(len(widths) - 1):
        w.linear("head.fc%d" % (i + 1), widths[i + 1], widths[i])
    obs = w.rng.standard_normal((BATCH, obs_dim)).astype(np.float32)
    draws = sample_steps if sampler == "ddpm" else 1
    noise = w.rng.standard_normal((draws, BATCH, chunk, dim)).astype(np.float32)
    inputs = {"obs": obs, "noise.initial": noise[0]}
    if draws > 1:
        inputs["noise.steps"] = np.ascontiguousarray(noise[1:].transpose(1, 0, 2, 3))
    save(name, w, inputs, denoiser_forward(name, w.f64(), inputs))
    diffusion_loss(name, w)


def diffusion_loss(name, w):
    """The diffusion objective on fresh requests: x_t = sqrt(ab_t) x0 + sqrt(1 - ab_t) eps, the
    denoiser at (x_t, t), MSE against eps (epsilon), x0 (sample) or sqrt(ab_t) eps - sqrt(1 - ab_t) x0 (v)."""
    obs_dim, chunk, dim, hidden, act, temb, schedule, train_steps, _, _, prediction, _ = DENOISERS[name]
    p = w.f64()
    obs = w.rng.standard_normal((BATCH, obs_dim)).astype(np.float32)
    x0 = w.rng.uniform(-1, 1, (BATCH, chunk, dim)).astype(np.float32)
    eps = w.rng.standard_normal((BATCH, chunk, dim)).astype(np.float32)
    t = w.rng.integers(0, train_steps, BATCH).astype(np.int32)
    ab = alphas_cumprod(schedule, train_steps)[t][:, None, None]
    x0d, epsd = x0.astype(np.float64), eps.astype(np.float64)
    noisy = np.sqrt(ab) * x0d + np.sqrt(1 - ab) * epsd
    embedding = np.stack([timestep_embedding(float(ti), temb) for ti in t])
    x = np.concatenate([noisy.reshape(BATCH, -1), obs.astype(np.float64), embedding], axis=1)
    out = head_mlp(p, x, len(hidden), act).reshape(BATCH, chunk, dim)
    target = {"epsilon": epsd, "sample": x0d, "v": np.sqrt(ab) * epsd - np.sqrt(1 - ab) * x0d}[prediction]
    write_safetensors(name + ".loss.safetensors", {
        "obs": obs, "target.action": x0, "target.noise": eps, "target.timestep": t,
        "loss": np.array(((out - target) ** 2).mean(), dtype=np.float32),
    })


# name -> the forward pass from weights (float64, by name) and inputs
FORWARD = {
    "mlp-bc": mlp_bc_forward,
    "transformer": transformer_forward,
    "cnn-text": cnn_text_forward,
    **{name: (lambda name: lambda p, inputs: denoiser_forward(name, p, inputs))(name) for name in DENOISERS},
}


def main():
    mlp_bc()
    transformer()
    cnn_text()
    denoiser("mlp-ddim", 14)
    denoiser("mlp-ddim-sample", 15)
    denoiser("mlp-ddpm", 16)


if __name__ == "__main__":
    main()
