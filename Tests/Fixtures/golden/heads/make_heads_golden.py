#!/usr/bin/env python3
"""Writes the golden fixtures of the paper heads (LoweringTests/HeadGoldenTests.swift), computed
with PyTorch outside polspec.

Run from this folder with a PyTorch venv (../../../../../shared/tools/torch-cpu.sh VENV):
    VENV/bin/python make_heads_golden.py

For each fixture spec NAME.yaml it writes
  NAME.weights.safetensors   weights drawn here (float32), under polspec's names (docs/weights.md)
  NAME.input.safetensors     observations and the sampler's noise (`noise.initial`, `noise.steps`)
  NAME.expected.safetensors  `action`: the whole sampling run (DDIM / DDPM / flow integration)
  NAME.loss.safetensors      the objective's requests (`target.*`), its `loss`, and `grad.<name>`
                             for every parameter (torch.autograd)

The networks are written here from the papers' definitions (Dita's in-context causal transformer,
DiT's adaLN-Zero block, diffusers' DDPM/DDIM steps, rectified-flow integration), in float64,
reading each weight by its polspec name: the tests check polspec against this, never against
itself. The in-context model runs the whole sequence with a causal mask (polspec caches the
prefix's keys and values; both must agree).
"""
import functools
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import golden_files  # noqa: E402
from golden_files import f32  # noqa: E402
BATCH = 2
torch.set_default_dtype(torch.float64)


# ---------------------------------------------------------------------------------------------
# safetensors (golden_files.py: written by hand)

write_safetensors = functools.partial(golden_files.write_safetensors_in, HERE)


# ---------------------------------------------------------------------------------------------
# layers (float64), reading parameters by name from the dict `p`

def linear(p, name, x):
    y = x @ p[name + ".weight"].T
    return y + p[name + ".bias"] if name + ".bias" in p else y


def norm(p, name, x, kind):
    if kind == "rms":
        return x * torch.rsqrt((x * x).mean(-1, keepdim=True) + 1e-6) * p[name + ".weight"]
    return F.layer_norm(x, x.shape[-1:], p[name + ".weight"], p[name + ".bias"], eps=1e-5)


def timestep_embedding(t, dim):
    """DiT's: [cos(t f), sin(t f)], f_i = exp(-ln(10000) i / half)."""
    half = dim // 2
    freqs = torch.exp(-math.log(10000) * torch.arange(half) / half)
    args = t[:, None] * freqs[None]
    embedding = torch.cat([torch.cos(args), torch.sin(args)], -1)
    return F.pad(embedding, (0, dim % 2))


def rope(x, positions):
    """Hugging Face LLaMA's rotate-half rotary embedding over the last axis of x [B, h, T, d]."""
    d = x.shape[-1]
    inv = 10000.0 ** (-torch.arange(0, d // 2) * 2.0 / d)
    angles = positions[:, None] * inv[None]
    cos, sin = torch.cat([angles.cos()] * 2, -1), torch.cat([angles.sin()] * 2, -1)
    rotated = torch.cat([-x[..., d // 2:], x[..., : d // 2]], -1)
    return x * cos + rotated * sin


def heads_of(x, heads):
    b, t, d = x.shape
    return x.reshape(b, t, heads, d // heads).transpose(1, 2)


def self_attention(p, name, x, heads, mask, positions):
    b, t, d = x.shape
    qkv = linear(p, name + ".qkv", x).reshape(b, t, 3, heads, d // heads).permute(2, 0, 3, 1, 4)
    q, k, v = qkv[0], qkv[1], qkv[2]
    if positions is not None:
        q, k = rope(q, positions), rope(k, positions)
    y = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    return linear(p, name + ".proj", y.transpose(1, 2).reshape(b, t, d))


def cross_attention(p, name, x, context, heads):
    b, t, d = x.shape
    q = heads_of(linear(p, name + ".q", x), heads)
    kv = linear(p, name + ".kv", context).reshape(b, context.shape[1], 2, heads, d // heads).permute(2, 0, 3, 1, 4)
    y = F.scaled_dot_product_attention(q, kv[0], kv[1])
    return linear(p, name + ".proj", y.transpose(1, 2).reshape(b, t, d))


def feed_forward(p, name, x, ffn):
    if ffn == "swiglu":
        return linear(p, name + ".fc2", F.silu(linear(p, name + ".fc1_g", x)) * linear(p, name + ".fc1_x", x))
    return linear(p, name + ".fc2", F.gelu(linear(p, name + ".fc1", x), approximate="tanh"))


def modulate(x, shift, scale):
    return x * (1 + scale[:, None]) + shift[:, None]


# ---------------------------------------------------------------------------------------------
# the dit head (Dita) and its three conditionings

class DiT:
    def __init__(self, cfg):
        self.c = cfg

    def parameters(self, rng):
        """name -> shape of every parameter, drawn as N(0, 0.3²) (biases and norms too)."""
        c, d, h = self.c, self.c["dim"], self.c["hidden"]
        shapes = {}

        def lin(name, out, inp):
            shapes[name + ".weight"] = (out, inp)
            shapes[name + ".bias"] = (out,)

        def nrm(name):
            shapes[name + ".weight"] = (d,)
            if c["norm"] == "layer":
                shapes[name + ".bias"] = (d,)

        def ffn(name):
            if c["ffn"] == "swiglu":
                lin(name + ".fc1_g", h, d)
                lin(name + ".fc1_x", h, d)
            else:
                lin(name + ".fc1", h, d)
            lin(name + ".fc2", d, h)

        for i, width in enumerate(c["condition_widths"]):
            if width != d:
                lin("head.condition_proj.%d" % i, d, width)
        if c["action_pad"] == "linear":
            lin("head.action_in", d, c["action_dim"])
        tokens = {"in_context": c["prefix"] + 1 + c["chunk"], "cross_attention": 1 + c["chunk"], "adaln": c["chunk"]}[c["conditioning"]]
        if c["positions"] == "learned":
            shapes["head.pos_embed"] = (1, tokens, d)
        if c["conditioning"] == "adaln":
            lin("head.t_embedder.mlp.0", d, 256)
            lin("head.t_embedder.mlp.2", d, d)
        for i in range(c["depth"]):
            b = "head.blocks.%d" % i
            if c["conditioning"] == "adaln":
                lin(b + ".attn.qkv", 3 * d, d)
                lin(b + ".attn.proj", d, d)
                ffn(b + ".mlp")
                lin(b + ".adaLN_modulation.1", 6 * d, d)
                continue
            nrm(b + ".norm1")
            lin(b + ".attn.qkv", 3 * d, d)
            lin(b + ".attn.proj", d, d)
            nrm(b + ".norm2")
            if c["conditioning"] == "cross_attention":
                lin(b + ".cross_attn.q", d, d)
                lin(b + ".cross_attn.kv", 2 * d, d)
                lin(b + ".cross_attn.proj", d, d)
                nrm(b + ".norm3")
            ffn(b + ".mlp")
        if c["conditioning"] == "adaln":
            lin("head.final.adaLN_modulation.1", 2 * d, d)
        else:
            nrm("head.norm")
        lin("head.action_out", c["action_dim"], d)
        return {name: torch.tensor(rng.normal(0, 0.3, shape)) for name, shape in shapes.items()}

    def prefix(self, p, obs):
        """The condition tokens [B, P, dim], each port projected where its width differs."""
        tokens = []
        for i, (name, width) in enumerate(zip(self.c["condition"], self.c["condition_widths"])):
            x = obs[name]
            x = x.reshape(x.shape[0], -1, width)
            tokens.append(linear(p, "head.condition_proj.%d" % i, x) if width != self.c["dim"] else x)
        return torch.cat(tokens, 1)

    def actions(self, p, x):
        if self.c["action_pad"] == "linear":
            return linear(p, "head.action_in", x)
        return F.pad(x, (0, self.c["dim"] - x.shape[-1]))

    def positions(self, count, start=0):
        return torch.arange(start, start + count, dtype=torch.get_default_dtype()) if self.c["positions"] == "rope" else None

    def __call__(self, p, obs, x, t):
        c, d, heads = self.c, self.c["dim"], self.c["heads"]
        prefix = self.prefix(p, obs)
        t_token = timestep_embedding(t, d)[:, None]
        if c["conditioning"] == "in_context":
            h = torch.cat([prefix, t_token, self.actions(p, x)], 1)
            if c["positions"] == "learned":
                h = h + p["head.pos_embed"]
            n = h.shape[1]
            mask = torch.tril(torch.ones(n, n, dtype=torch.bool)) if c["causal"] else None
            for i in range(c["depth"]):
                b = "head.blocks.%d" % i
                h = h + self_attention(p, b + ".attn", norm(p, b + ".norm1", h, c["norm"]), heads, mask, self.positions(n))
                h = h + feed_forward(p, b + ".mlp", norm(p, b + ".norm2", h, c["norm"]), c["ffn"])
            return linear(p, "head.action_out", norm(p, "head.norm", h, c["norm"])[:, -c["chunk"]:])
        if c["conditioning"] == "cross_attention":
            h = torch.cat([t_token, self.actions(p, x)], 1)
            if c["positions"] == "learned":
                h = h + p["head.pos_embed"]
            n = h.shape[1]
            mask = torch.tril(torch.ones(n, n, dtype=torch.bool)) if c["causal"] else None
            for i in range(c["depth"]):
                b = "head.blocks.%d" % i
                h = h + self_attention(p, b + ".attn", norm(p, b + ".norm1", h, c["norm"]), heads, mask, self.positions(n))
                h = h + cross_attention(p, b + ".cross_attn", norm(p, b + ".norm2", h, c["norm"]), prefix, heads)
                h = h + feed_forward(p, b + ".mlp", norm(p, b + ".norm3", h, c["norm"]), c["ffn"])
            return linear(p, "head.action_out", norm(p, "head.norm", h, c["norm"])[:, 1:])
        # adaLN-Zero (DiT): norms without affine parameters, eps 1e-6.
        cond = prefix.mean(1) + linear(p, "head.t_embedder.mlp.2", F.silu(linear(p, "head.t_embedder.mlp.0", timestep_embedding(t, 256))))
        h = self.actions(p, x)
        if c["positions"] == "learned":
            h = h + p["head.pos_embed"]
        n = h.shape[1]
        mask = torch.tril(torch.ones(n, n, dtype=torch.bool)) if c["causal"] else None
        ln = lambda v: F.layer_norm(v, v.shape[-1:], eps=1e-6)
        for i in range(c["depth"]):
            b = "head.blocks.%d" % i
            m = linear(p, b + ".adaLN_modulation.1", F.silu(cond)).chunk(6, -1)
            h = h + m[2][:, None] * self_attention(p, b + ".attn", modulate(ln(h), m[0], m[1]), heads, mask, self.positions(n))
            h = h + m[5][:, None] * feed_forward(p, b + ".mlp", modulate(ln(h), m[3], m[4]), c["ffn"])
        m = linear(p, "head.final.adaLN_modulation.1", F.silu(cond)).chunk(2, -1)
        return linear(p, "head.action_out", modulate(ln(h), m[0], m[1]))


# ---------------------------------------------------------------------------------------------
# the discrete_diffusion head (Discrete Diffusion VLA / LLaDA-VLA)

class DiscreteDiffusion:
    def __init__(self, cfg):
        self.c = cfg

    @property
    def length(self):
        return self.c["chunk"] * self.c["action_dim"]

    def parameters(self, rng):
        c, d, h = self.c, self.c["dim"], self.c["hidden"]
        shapes = {}

        def lin(name, out, inp):
            shapes[name + ".weight"] = (out, inp)
            shapes[name + ".bias"] = (out,)

        def nrm(name):
            shapes[name + ".weight"] = (d,)
            shapes[name + ".bias"] = (d,)

        for i, width in enumerate(c["condition_widths"]):
            if width != d:
                lin("head.condition_proj.%d" % i, d, width)
        shapes["head.token_embed.weight"] = (c["bins"] + 1, d)
        shapes["head.dim_embed"] = (c["action_dim"], d)
        shapes["head.step_embed"] = (c["chunk"], d)
        for i in range(c["depth"]):
            b = "head.blocks.%d" % i
            nrm(b + ".norm1")
            lin(b + ".attn.qkv", 3 * d, d)
            lin(b + ".attn.proj", d, d)
            nrm(b + ".norm2")
            lin(b + ".mlp.fc1", h, d)
            lin(b + ".mlp.fc2", d, h)
        nrm("head.norm")
        lin("head.logits", c["bins"], d)
        return {name: torch.tensor(rng.normal(0, 0.3, shape)) for name, shape in shapes.items()}

    def gripper(self):
        """1 at the binary gripper's token positions (the last dimension of each step)."""
        d = self.c["action_dim"]
        return torch.tensor([1.0 if self.c["gripper"] == "binary" and i % d == d - 1 else 0.0 for i in range(self.length)])

    def tokens(self, actions):
        low, high, bins = -1.0, 1.0, self.c["bins"]
        flat = actions.reshape(actions.shape[0], -1)
        uniform = torch.floor(((flat - low) * (bins / (high - low))).clamp(0, bins - 1))
        binary = (flat >= (low + high) / 2).to(torch.get_default_dtype())
        return torch.where(self.gripper() > 0, binary, uniform)

    def actions(self, tokens):
        low, high, bins = -1.0, 1.0, self.c["bins"]
        centres = low + (tokens + 0.5) * (high - low) / bins
        binary = low + tokens * (high - low)
        return torch.where(self.gripper() > 0, binary, centres).reshape(tokens.shape[0], self.c["chunk"], self.c["action_dim"])

    def logits(self, p, obs, tokens):
        c, d = self.c, self.c["dim"]
        prefix = DiT.prefix(self, p, obs)
        positions = (p["head.dim_embed"][None] + p["head.step_embed"][:, None]).reshape(self.length, d)
        h = torch.cat([prefix, p["head.token_embed.weight"][tokens.long()] + positions], 1)
        for i in range(c["depth"]):
            b = "head.blocks.%d" % i
            ln = lambda name, v: F.layer_norm(v, v.shape[-1:], p[name + ".weight"], p[name + ".bias"], eps=1e-5)
            h = h + self_attention(p, b + ".attn", ln(b + ".norm1", h), c["heads"], None, None)
            h = h + linear(p, b + ".mlp.fc2", F.gelu(linear(p, b + ".mlp.fc1", ln(b + ".norm2", h))))
        h = F.layer_norm(h, h.shape[-1:], p["head.norm.weight"], p["head.norm.bias"], eps=1e-5)[:, -self.length:]
        out = linear(p, "head.logits", h)
        invalid = torch.zeros(self.length, c["bins"])
        invalid[self.gripper() > 0, 2:] = -1e9
        return out + invalid

    def unmask(self, p, obs, noise):
        """Confidence-ordered parallel unmasking with secondary re-masking, as documented."""
        c, L, bins = self.c, self.length, self.c["bins"]
        batch, rounds, T = next(iter(obs.values())).shape[0], c["rounds"], c["temperature"]
        tokens = torch.full((batch, L), float(bins))
        committed = torch.zeros(batch, L)
        committed_p = torch.zeros(batch, L)
        for r in range(1, rounds + 1):
            logits = self.logits(p, obs, tokens)
            probs = torch.softmax(logits / T if T > 0 else logits, -1)
            scores = logits
            if T > 0:
                u = noise["noise.gumbel.%d" % r]
                scores = logits / T - torch.log(-torch.log(u.clamp(min=1e-20)))
            candidate = scores.argmax(-1).to(torch.get_default_dtype())      # first maximum, as polspec
            chosen = F.one_hot(candidate.long(), bins).to(torch.get_default_dtype())
            cand_p = (probs * chosen).sum(-1)
            conf = cand_p if c["confidence"] == "max_prob" else cand_p - (probs - 2 * chosen).max(-1).values.clamp(min=0)
            if r < rounds:
                first, last = c["remask_threshold"]
                eta = first + (last - first) * (r - 1) / max(rounds - 1, 1)
                current = (probs * F.one_hot(tokens.clamp(max=bins - 1).long(), bins).to(torch.get_default_dtype())).sum(-1)
                doubted = ((current < eta) | (committed_p - current > c["remask_drop"])).to(torch.get_default_dtype())
                committed = committed * (1 - doubted)
            masked = 1 - committed
            keep = 0 if r == rounds else math.ceil(L * math.cos(math.pi / 2 * r / rounds))
            commits = (masked.sum(1, keepdim=True) - keep).clamp(min=0)
            score = torch.where(masked > 0, conf, torch.full_like(conf, -1e9))
            above = (score[:, None, :] > score[:, :, None]).to(torch.get_default_dtype()) \
                + (score[:, None, :] == score[:, :, None]).to(torch.get_default_dtype()) * torch.tril(torch.ones(L, L), -1)
            rank = (above * masked[:, None, :]).sum(2)
            newly = masked * (rank < commits).to(torch.get_default_dtype())
            committed_p = torch.where(newly > 0, cand_p, committed_p)
            tokens = torch.where(newly > 0, candidate, torch.where(committed > 0, tokens, torch.full_like(tokens, float(bins))))
            committed = committed + newly
        return self.actions(tokens)


# ---------------------------------------------------------------------------------------------
# the uwm head (Unified World Model): a conv autoencoder's latents and actions, one adaLN DiT

class UWM:
    def __init__(self, cfg):
        self.c = cfg
        c = cfg
        self.levels = int(round(math.log2(c["downsample"])))
        self.grid = c["image"][1] // c["downsample"]
        self.patches = (self.grid // c["patch"]) ** 2
        self.patch_values = c["frames"] * c["latent"] * c["patch"] ** 2

    def parameters(self, rng):
        c, d = self.c, self.c["dim"]
        shapes = {}

        def lin(name, out, inp):
            shapes[name + ".weight"] = (out, inp)
            shapes[name + ".bias"] = (out,)

        def conv(name, out, inp, k):
            shapes[name + ".weight"] = (out, inp, k, k)
            shapes[name + ".bias"] = (out,)

        channels, width = c["image"][0], c["width"]
        index = 0
        for level in range(self.levels):
            conv("head.autoencoder.encoder.%d" % index, width, channels if level == 0 else width, 3)
            index += 2
        conv("head.autoencoder.encoder.%d" % index, c["latent"], width if self.levels else channels, 1)
        conv("head.autoencoder.decoder.0", width if self.levels else channels, c["latent"], 1)
        index = 2
        for level in range(self.levels):
            last = level == self.levels - 1
            conv("head.autoencoder.decoder.%d" % (index + 1), channels if last else width, width, 3)
            index += 2 if last else 3
        lin("head.action_in.0", 4 * d, c["action_dim"])
        lin("head.action_in.2", d, 4 * d)
        lin("head.obs_in", d, self.patch_values)
        shapes["head.registers"] = (1, c["registers"], d)
        shapes["head.pos_embed"] = (1, c["chunk"] + self.patches + c["registers"], d)
        lin("head.t_embed.0", 4 * d, 2 * c["te"])
        lin("head.t_embed.2", d, 4 * d)
        ada = c["global"] + d
        for i in range(c["depth"]):
            b = "head.blocks.%d" % i
            lin(b + ".attn.qkv", 3 * d, d)
            lin(b + ".attn.proj", d, d)
            lin(b + ".mlp.fc1", c["hidden"], d)
            lin(b + ".mlp.fc2", d, c["hidden"])
            lin(b + ".adaLN_modulation.1", 6 * d, ada)
        lin("head.final.adaLN_modulation.1", 2 * d, ada)
        lin("head.final.linear", d, d)
        lin("head.action_out.0", 4 * d, d)
        lin("head.action_out.2", c["action_dim"], 4 * d)
        lin("head.obs_out", self.patch_values, d)
        return {name: torch.tensor(rng.normal(0, 0.3, shape)) for name, shape in shapes.items()}

    def encode(self, p, x):
        index = 0
        for _ in range(self.levels):
            x = F.silu(F.conv2d(x, p["head.autoencoder.encoder.%d.weight" % index], p["head.autoencoder.encoder.%d.bias" % index],
                                stride=2, padding=1))
            index += 2
        return torch.tanh(F.conv2d(x, p["head.autoencoder.encoder.%d.weight" % index], p["head.autoencoder.encoder.%d.bias" % index]))

    def decode(self, p, z):
        x = F.conv2d(z, p["head.autoencoder.decoder.0.weight"], p["head.autoencoder.decoder.0.bias"])
        x = torch.sigmoid(x) if self.levels == 0 else F.silu(x)
        index = 2
        for level in range(self.levels):
            last = level == self.levels - 1
            x = F.interpolate(x, scale_factor=2, mode="nearest")
            x = F.conv2d(x, p["head.autoencoder.decoder.%d.weight" % (index + 1)], p["head.autoencoder.decoder.%d.bias" % (index + 1)],
                         padding=1)
            x = torch.sigmoid(x) if last else F.silu(x)
            index += 2 if last else 3
        return x

    def latents(self, p, frames):
        """[B, F, C, H, W] -> patch tokens [B, patches, F·latent·patch²]."""
        b, f = frames.shape[:2]
        z = self.encode(p, frames.reshape((b * f,) + tuple(frames.shape[2:])))
        pp, lc, g = self.c["patch"], self.c["latent"], self.grid // self.c["patch"]
        return z.reshape(b, f, lc, g, pp, g, pp).permute(0, 3, 5, 1, 2, 4, 6).reshape(b, g * g, f * lc * pp * pp)

    def frames(self, p, tokens):
        b, f = tokens.shape[0], self.c["frames"]
        pp, lc, g = self.c["patch"], self.c["latent"], self.grid // self.c["patch"]
        z = tokens.reshape(b, g, g, f, lc, pp, pp).permute(0, 3, 4, 1, 5, 2, 6).reshape(b * f, lc, self.grid, self.grid)
        return self.decode(p, z).reshape((b, f) + tuple(self.c["image"]))

    def __call__(self, p, obs, xa, xo, ta, to):
        c, d = self.c, self.c["dim"]
        mish_mlp = lambda name, x: linear(p, name + ".2", F.mish(linear(p, name + ".0", x)))
        temb = mish_mlp("head.t_embed", torch.cat([timestep_embedding(ta, c["te"]), timestep_embedding(to, c["te"])], -1))
        pooled = [obs[name].reshape(obs[name].shape[0], -1) for name in c.get("condition", ["state"])]
        cond = torch.cat(pooled + [temb], -1)
        b = xa.shape[0]
        h = torch.cat([mish_mlp("head.action_in", xa), linear(p, "head.obs_in", xo),
                       p["head.registers"].expand(b, -1, -1)], 1) + p["head.pos_embed"]
        ln = lambda v: F.layer_norm(v, v.shape[-1:], eps=1e-6)
        for i in range(c["depth"]):
            blk = "head.blocks.%d" % i
            m = linear(p, blk + ".adaLN_modulation.1", F.silu(cond)).chunk(6, -1)
            h = h + m[2][:, None] * self_attention(p, blk + ".attn", modulate(ln(h), m[0], m[1]), c["heads"], None, None)
            h = h + m[5][:, None] * feed_forward(p, blk + ".mlp", modulate(ln(h), m[3], m[4]), "gelu")
        m = linear(p, "head.final.adaLN_modulation.1", F.silu(cond)).chunk(2, -1)
        h = linear(p, "head.final.linear", modulate(ln(h), m[0], m[1]))
        return mish_mlp("head.action_out", h[:, :c["chunk"]]), linear(p, "head.obs_out", h[:, c["chunk"]:c["chunk"] + self.patches])


def uwm_loss(model, p, obs, req, process, cfg):
    """UWM's joint loss: independent t_a, t_o, action-free samples (t_a = N - 1, no action loss),
    the predicted observation's latents from the frozen autoencoder, v/epsilon/sample targets."""
    ab = alphas_cumprod(process)
    dropped = req["target.noise_only.action"] < cfg["action_free"]
    ta = torch.where(dropped, torch.tensor(process["train_steps"] - 1), req["target.timestep.action"]).long()
    cam = cfg.get("predict", "cam")
    to = req["target.timestep." + cam].long()
    xo0 = model.latents(p, req["target.future." + cam]).detach()
    sa, sga = ab[ta].sqrt()[:, None, None], (1 - ab[ta]).sqrt()[:, None, None]
    so, sgo = ab[to].sqrt()[:, None, None], (1 - ab[to]).sqrt()[:, None, None]
    xa = sa * req["target.action"] + sga * req["target.noise.action"]
    xo = so * xo0 + sgo * req["target.noise." + cam]
    pa, po = model(p, obs, xa, xo, ta.to(torch.get_default_dtype()), to.to(torch.get_default_dtype()))
    target = lambda clean, noise, s, sg: {"epsilon": noise, "sample": clean, "v": s * noise - sg * clean}[process["prediction"]]
    va = target(req["target.action"], req["target.noise.action"], sa, sga)
    vo = target(xo0, req["target.noise." + cam], so, sgo)
    keep = (~dropped).to(torch.get_default_dtype())
    loss_a = (((pa - va) ** 2).mean((1, 2)) * keep).sum() / keep.sum().clamp(min=1)
    return cfg["action_weight"] * loss_a + ((po - vo) ** 2).mean()


def uwm_fixture(name, seed):
    cfg = {"image": (3, 8, 8), "global": 5, "action_dim": 3, "chunk": 4, "dim": 16, "depth": 2, "heads": 2, "hidden": 32,
           "registers": 2, "latent": 2, "downsample": 2, "width": 4, "patch": 2, "frames": 2, "te": 8,
           "action_free": 0.5, "action_weight": 0.7}
    process = dict(DIFFUSION, train_steps=20, sample_steps=4, prediction="v")
    model = UWM(cfg)
    rng = np.random.default_rng(seed)
    weights32 = {k: v.numpy().astype(np.float32) for k, v in model.parameters(rng).items()}
    p = {k: torch.tensor(v.astype(np.float64), requires_grad=True) for k, v in weights32.items()}
    t64 = lambda v: torch.tensor(v.astype(np.float64))
    obs32 = {"cam": rng.uniform(0, 1, (BATCH, 3, 8, 8)).astype(np.float32), "state": rng.standard_normal((BATCH, 5)).astype(np.float32)}
    obs = {k: t64(v) for k, v in obs32.items()}
    a_shape, o_shape = (BATCH, cfg["chunk"], cfg["action_dim"]), (BATCH, model.patches, model.patch_values)
    last = float(process["train_steps"] - 1)
    full = lambda v: torch.full((BATCH,), v)
    inputs32 = {"noise.initial": rng.standard_normal(a_shape).astype(np.float32),
                "noise.observation": rng.standard_normal(o_shape).astype(np.float32),
                "noise.observation.initial": rng.standard_normal(o_shape).astype(np.float32),
                "given.action": rng.uniform(-1, 1, a_shape).astype(np.float32),
                "given.future.cam": rng.uniform(0, 1, (BATCH, 2, 3, 8, 8)).astype(np.float32)}
    given = {k: t64(v) for k, v in inputs32.items()}
    with torch.no_grad():
        run = lambda shape_noise, net: diffusion_sample(lambda _, __, x, t: net(x, t), p, obs, {"noise.initial": shape_noise}, process)
        policy = run(given["noise.initial"], lambda x, t: model(p, obs, x, given["noise.observation"], t, full(last))[0])
        forward = model.frames(p, run(given["noise.observation.initial"],
                                      lambda x, t: model(p, obs, given["given.action"], x, full(0.0), t)[1]))
        observed = model.latents(p, given["given.future.cam"])
        inverse = run(given["noise.initial"], lambda x, t: model(p, obs, x, observed, t, full(0.0))[0])
    write_safetensors(name + ".weights.safetensors", weights32)
    write_safetensors(name + ".input.safetensors", dict(obs32, **inputs32))
    write_safetensors(name + ".expected.safetensors", {"action": f32(policy), "forward_dynamics.future.cam": f32(forward),
                                                       "inverse_dynamics.action": f32(inverse)})
    # The joint diffusion loss on fixed requests.
    req32 = {"target.action": rng.uniform(-1, 1, a_shape).astype(np.float32),
             "target.noise.action": rng.standard_normal(a_shape).astype(np.float32),
             "target.timestep.action": rng.integers(0, process["train_steps"], BATCH).astype(np.int32),
             "target.noise_only.action": np.array([0.2, 0.9], dtype=np.float32),
             "target.future.cam": rng.uniform(0, 1, (BATCH, 2, 3, 8, 8)).astype(np.float32),
             "target.noise.cam": rng.standard_normal(o_shape).astype(np.float32),
             "target.timestep.cam": rng.integers(0, process["train_steps"], BATCH).astype(np.int32)}
    req = {k: t64(v) if v.dtype == np.float32 else torch.tensor(v) for k, v in req32.items()}
    loss = uwm_loss(model, p, obs, req, process, cfg)
    loss.backward()
    grads = {"grad." + k: f32(v.grad) for k, v in p.items() if v.grad is not None and v.grad.abs().sum() > 0}
    write_safetensors(name + ".loss.safetensors", dict(req32, loss=np.array(loss.item(), dtype=np.float32), **grads))
    # The autoencoder objective (l1) on the current frames.
    for v in p.values():
        v.grad = None
    ae_loss = (model.decode(p, model.encode(p, obs["cam"])) - obs["cam"]).abs().mean()
    ae_loss.backward()
    ae_grads = {"grad." + k: f32(v.grad) for k, v in p.items() if v.grad is not None and v.grad.abs().sum() > 0}
    write_safetensors(name + ".autoencoder.safetensors", dict(loss=np.array(ae_loss.item(), dtype=np.float32), **ae_grads))


def masked_diffusion_loss(model, p, obs, req, cfg):
    L, bins = model.length, model.c["bins"]
    targets = model.tokens(req["target.action"])
    u = req["target.mask_ratio"]
    ratio = u * (1 - cfg["min_mask_ratio"]) + cfg["min_mask_ratio"] if cfg["mask_ratio"] == "uniform" \
        else torch.cos(u * math.pi / 2).clamp(min=cfg["min_mask_ratio"])
    masked = (req["target.mask"] < ratio[:, None]).to(torch.get_default_dtype())
    inputs = torch.where(masked > 0, torch.full_like(targets, float(bins)), targets)
    per_token = F.cross_entropy(model.logits(p, obs, inputs).reshape(-1, bins), targets.long().reshape(-1),
                                reduction="none").reshape(masked.shape)
    if cfg["weighting"] == "none":
        return (per_token * masked).sum() / masked.sum().clamp(min=1)
    return ((per_token * masked).sum(1) / (ratio * L)).mean()


# ---------------------------------------------------------------------------------------------
# processes (diffusers' schedules and steps; rectified flow)

def alphas_cumprod(cfg):
    n = cfg["train_steps"]
    if cfg["schedule"] == "linear":
        betas = np.linspace(cfg["beta_start"], cfg["beta_end"], n)
    else:
        bar = lambda s: math.cos((s + 0.008) / 1.008 * math.pi / 2) ** 2
        betas = np.array([min(1 - bar((i + 1) / n) / bar(i / n), 0.999) for i in range(n)])
    return torch.tensor(np.cumprod(1 - betas))


def diffusion_sample(model, p, obs, noise, cfg):
    """diffusers' DDIMScheduler (eta) / DDPMScheduler (fixed_small) steps, leading spacing, clip to [-1, 1]."""
    ab = alphas_cumprod(cfg)
    ratio = cfg["train_steps"] // cfg["sample_steps"]
    timesteps = [i * ratio for i in reversed(range(cfg["sample_steps"]))]
    x = noise["noise.initial"]
    for index, t in enumerate(timesteps):
        out = model(p, obs, x, torch.full((x.shape[0],), float(t)))
        a = ab[t]
        prev = ab[t - ratio] if t - ratio >= 0 else torch.tensor(1.0)
        if cfg["prediction"] == "epsilon":
            x0, eps = (x - (1 - a).sqrt() * out) / a.sqrt(), out
        elif cfg["prediction"] == "sample":
            x0, eps = out, (x - a.sqrt() * out) / (1 - a).sqrt()
        else:
            x0, eps = a.sqrt() * x - (1 - a).sqrt() * out, a.sqrt() * out + (1 - a).sqrt() * x
        x0 = x0.clamp(-1, 1)
        z = noise["noise.steps"][:, index] if index + 1 < len(timesteps) and "noise.steps" in noise else None
        if cfg["sampler"] == "ddpm":
            alpha = a / prev
            beta = 1 - alpha
            x = (prev.sqrt() * beta / (1 - a)) * x0 + (alpha.sqrt() * (1 - prev) / (1 - a)) * x
            if z is not None:
                x = x + ((1 - prev) / (1 - a) * beta).clamp(min=1e-20).sqrt() * z
        else:
            sigma = cfg["eta"] * ((1 - prev) / (1 - a) * (1 - a / prev)).sqrt()
            x = prev.sqrt() * x0 + (1 - prev - sigma ** 2).clamp(min=0).sqrt() * eps
            if z is not None:
                x = x + sigma * z
    return x


def flow_sample(model, p, obs, noise, cfg):
    """x from noise at tau = 0 to the chunk at tau = 1; the network sees tau * 1000."""
    x = noise["noise.initial"]
    dt = 1.0 / cfg["steps"]
    v = lambda x, tau: model(p, obs, x, torch.full((x.shape[0],), tau * 1000.0))
    for i in range(cfg["steps"]):
        tau = i * dt
        if cfg["integrator"] == "euler":
            x = x + dt * v(x, tau)
        else:
            x = x + dt * v(x + 0.5 * dt * v(x, tau), tau + 0.5 * dt)
    return x


def diffusion_loss(model, p, obs, req, cfg):
    ab = alphas_cumprod(cfg)[req["target.timestep"].long()][:, None, None]
    x0, eps = req["target.action"], req["target.noise"]
    noisy = ab.sqrt() * x0 + (1 - ab).sqrt() * eps
    out = model(p, obs, noisy, req["target.timestep"].to(torch.get_default_dtype()))
    target = {"epsilon": eps, "sample": x0, "v": ab.sqrt() * eps - (1 - ab).sqrt() * x0}[cfg["prediction"]]
    return ((out - target) ** 2).mean()


def flow_loss(model, p, obs, req, cfg):
    u = req["target.time"]
    tau = (cfg["cutoff"] * (1 - u) if cfg["time_sampling"] == "beta" else u)[:, None, None]
    x0, eps = req["target.action"], req["target.noise"]
    out = model(p, obs, (1 - tau) * eps + tau * x0, tau[:, 0, 0] * 1000.0)
    return ((out - (x0 - eps)) ** 2).mean()


# ---------------------------------------------------------------------------------------------
# fixtures

DIFFUSION = {"schedule": "squaredcos", "beta_start": 1e-4, "beta_end": 0.02, "prediction": "epsilon",
             "sampler": "ddim", "eta": 0.0}
FLOW = {"time_sampling": "uniform", "alpha": 1.5, "beta": 1.0, "cutoff": 0.999, "integrator": "euler"}
BASE = {"dim": 16, "depth": 2, "heads": 2, "chunk": 4, "action_dim": 3, "causal": True, "positions": "rope",
        "norm": "rms", "ffn": "swiglu", "action_pad": "zero", "conditioning": "in_context"}
PORTS = {"feats": (3, 6), "state": (1, 5)}   # name -> (tokens, width)

# name -> (head settings, process settings), as in NAME.yaml
FIXTURES = {
    "dit-incontext": ({"condition": ["feats", "state"], "hidden": 32},
                      dict(DIFFUSION, train_steps=20, sample_steps=4)),
    "dit-bidirectional": ({"condition": ["state", "feats"], "hidden": 24, "causal": False, "positions": "learned",
                           "norm": "layer", "ffn": "gelu", "action_pad": "linear"},
                          dict(DIFFUSION, schedule="linear", beta_start=0.001, beta_end=0.05, train_steps=20, sample_steps=4,
                               prediction="v", eta=0.5)),
    "dit-cross": ({"condition": ["feats", "state"], "hidden": 32, "conditioning": "cross_attention"},
                  dict(DIFFUSION, train_steps=5, sample_steps=5, sampler="ddpm", prediction="sample")),
    "dit-adaln": ({"condition": ["feats", "state"], "hidden": 32, "conditioning": "adaln", "positions": "learned",
                   "ffn": "gelu", "causal": False},
                  dict(FLOW, steps=3, integrator="midpoint", time_sampling="beta")),
}


DD_BASE = {"chunk": 2, "action_dim": 3, "heads": 2, "confidence": "max_prob", "temperature": 0.0, "gripper": "continuous",
           "remask_threshold": [0.1, 0.5], "remask_drop": 0.3}
DD_FIXTURES = {
    "dd-greedy": ({"condition": ["feats", "state"], "bins": 8, "dim": 16, "depth": 2, "hidden": 32, "rounds": 4,
                   "remask_threshold": [0.2, 0.4], "remask_drop": 0.1},
                  {"mask_ratio": "uniform", "weighting": "none", "min_mask_ratio": 0.2}),
    "dd-sampled": ({"condition": ["state", "feats"], "bins": 6, "dim": 16, "depth": 1, "hidden": 24, "rounds": 3,
                    "confidence": "margin", "temperature": 0.7, "gripper": "binary"},
                   {"mask_ratio": "cosine", "weighting": "inverse_ratio", "min_mask_ratio": 0.05}),
}


def dd_fixture(name, seed):
    settings, objective = DD_FIXTURES[name]
    cfg = dict(DD_BASE, **settings)
    cfg["condition_widths"] = [PORTS[n][1] for n in cfg["condition"]]
    model = DiscreteDiffusion(cfg)
    rng = np.random.default_rng(seed)
    weights32 = {k: v.numpy().astype(np.float32) for k, v in model.parameters(rng).items()}
    p = {k: torch.tensor(v.astype(np.float64), requires_grad=True) for k, v in weights32.items()}
    obs32 = {"feats": rng.standard_normal((BATCH, 3, 6)).astype(np.float32),
             "state": rng.standard_normal((BATCH, 5)).astype(np.float32)}
    obs = {k: torch.tensor(v.astype(np.float64)) for k, v in obs32.items()}
    noise32 = {}
    if cfg["temperature"] > 0:
        for r in range(1, cfg["rounds"] + 1):
            noise32["noise.gumbel.%d" % r] = rng.uniform(0, 1, (BATCH, model.length, cfg["bins"])).astype(np.float32)
    noise = {k: torch.tensor(v.astype(np.float64)) for k, v in noise32.items()}
    with torch.no_grad():
        action = model.unmask(p, obs, noise)
    write_safetensors(name + ".weights.safetensors", weights32)
    write_safetensors(name + ".input.safetensors", dict(obs32, **noise32))
    write_safetensors(name + ".expected.safetensors", {"action": f32(action)})
    requests32 = {"target.action": rng.uniform(-1, 1, (BATCH, cfg["chunk"], cfg["action_dim"])).astype(np.float32),
                  "target.mask_ratio": rng.uniform(0, 1, BATCH).astype(np.float32),
                  "target.mask": rng.uniform(0, 1, (BATCH, model.length)).astype(np.float32)}
    requests = {k: torch.tensor(v.astype(np.float64)) for k, v in requests32.items()}
    loss = masked_diffusion_loss(model, p, obs, requests, objective)
    loss.backward()
    grads = {"grad." + k: f32(v.grad) for k, v in p.items()}
    write_safetensors(name + ".loss.safetensors", dict(requests32, loss=np.array(loss.item(), dtype=np.float32), **grads))


def fixture(name, seed):
    settings, process = FIXTURES[name]
    cfg = dict(BASE, **settings)
    cfg["condition_widths"] = [PORTS[n][1] for n in cfg["condition"]]
    cfg["prefix"] = sum(PORTS[n][0] for n in cfg["condition"])
    model = DiT(cfg)
    rng = np.random.default_rng(seed)
    weights32 = {k: v.numpy().astype(np.float32) for k, v in model.parameters(rng).items()}
    p = {k: torch.tensor(v.astype(np.float64), requires_grad=True) for k, v in weights32.items()}
    obs32 = {"feats": rng.standard_normal((BATCH, 3, 6)).astype(np.float32),
             "state": rng.standard_normal((BATCH, 5)).astype(np.float32)}
    obs = {k: torch.tensor(v.astype(np.float64)) for k, v in obs32.items()}
    shape = (BATCH, cfg["chunk"], cfg["action_dim"])
    is_flow = "integrator" in process
    noise32 = {"noise.initial": rng.standard_normal(shape).astype(np.float32)}
    added = 0 if is_flow else (process["sample_steps"] - 1 if process["sampler"] == "ddpm" or process["eta"] > 0 else 0)
    if added:
        noise32["noise.steps"] = rng.standard_normal((BATCH, added) + shape[1:]).astype(np.float32)
    noise = {k: torch.tensor(v.astype(np.float64)) for k, v in noise32.items()}
    with torch.no_grad():
        action = (flow_sample if is_flow else diffusion_sample)(model, p, obs, noise, process)
    write_safetensors(name + ".weights.safetensors", weights32)
    write_safetensors(name + ".input.safetensors", dict(obs32, **noise32))
    write_safetensors(name + ".expected.safetensors", {"action": f32(action)})

    requests32 = {"target.action": rng.uniform(-1, 1, shape).astype(np.float32),
                  "target.noise": rng.standard_normal(shape).astype(np.float32)}
    if is_flow:
        requests32["target.time"] = rng.beta(process["alpha"], process["beta"], BATCH).astype(np.float32)
    else:
        requests32["target.timestep"] = rng.integers(0, process["train_steps"], BATCH).astype(np.int32)
    requests = {k: torch.tensor(v.astype(np.float64)) if v.dtype == np.float32 else torch.tensor(v)
                for k, v in requests32.items()}
    loss = (flow_loss if is_flow else diffusion_loss)(model, p, obs, requests, process)
    loss.backward()
    grads = {"grad." + k: f32(v.grad) for k, v in p.items()}
    write_safetensors(name + ".loss.safetensors", dict(requests32, loss=np.array(loss.item(), dtype=np.float32), **grads))


def main():
    for seed, name in enumerate(FIXTURES):
        fixture(name, 100 + seed)
    for seed, name in enumerate(DD_FIXTURES):
        dd_fixture(name, 200 + seed)
    uwm_fixture("uwm-small", 300)


if __name__ == "__main__":
    main()
