#!/usr/bin/env python3
"""Writes the golden fixtures of the paper encoders (RuntimeTests/EncoderGoldenTests.swift),
computed with PyTorch outside polspec.

Run from this folder with a PyTorch venv (../../../../../shared/tools/torch-cpu.sh VENV):
    VENV/bin/python make_encoders_golden.py

The encoders are written here from the papers' definitions and their official code (HAMLET's
moment tokens, MemoryTransformer and TCL head; I-JEPA's ViT, predictor, loss and EMA; PhysHMR's
pixel-as-ray offsets), in float64, reading each weight by its polspec name (docs/weights.md):
the tests check polspec against this, never against itself. For each fixture spec NAME.yaml:

  NAME.weights.safetensors   every parameter (float32), drawn here
  NAME.input.safetensors     observations (and the carried state of moment_tokens)
  NAME.expected.safetensors  the encoder outputs (`<encoder>`) and next carried state
  NAME.<stage>.safetensors   per recipe stage tested: the objective's requests (`target.*`), its
                             `loss`, `grad.<name>` of every trained parameter, and after one
                             training step (SGD, clipping at 1, I-JEPA's EMA) `next.<name>`
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
# safetensors (golden_files.py) and weights

write_safetensors = functools.partial(golden_files.write_safetensors_in, HERE)


class Weights:
    """Parameters drawn N(0, std²) as float32, held as float64 leaves for autograd."""

    def __init__(self, rng):
        self.rng, self.shapes, self.p = rng, {}, {}

    def add(self, name, shape, std=0.3, value=None):
        v = np.asarray(value if value is not None else self.rng.normal(0, std, shape)).astype(np.float32)
        self.p[name] = torch.tensor(v.astype(np.float64), requires_grad=True)

    def linear(self, name, out, inp, bias=True):
        self.add(name + ".weight", (out, inp), std=1 / math.sqrt(inp))
        if bias:
            self.add(name + ".bias", (out,), std=0.1)

    def norm(self, name, dim, bias=True):
        self.add(name + ".weight", (dim,), value=1 + 0.1 * self.rng.standard_normal(dim))
        if bias:
            self.add(name + ".bias", (dim,), std=0.1)

    def float32(self):
        return {k: f32(v) for k, v in self.p.items()}


def tensor(rng, shape, low=None, high=None):
    """float32 draws (normal, or uniform in [low, high)) and their float64 tensor."""
    v = (rng.normal(0, 1, shape) if low is None else rng.uniform(low, high, shape)).astype(np.float32)
    return v, torch.tensor(v.astype(np.float64))


# ---------------------------------------------------------------------------------------------
# layers (float64)

def linear(p, name, x):
    y = x @ p[name + ".weight"].T
    return y + p[name + ".bias"] if name + ".bias" in p else y


def layer_norm(p, name, x, eps):
    return F.layer_norm(x, x.shape[-1:], p[name + ".weight"], p[name + ".bias"], eps=eps)


def rms_norm(p, name, x, eps=1e-5):
    """HAMLET's _RMSNorm: x · rsqrt(max(mean(x²), eps)) · weight."""
    return x * (x * x).mean(-1, keepdim=True).clamp_min(eps).rsqrt() * p[name + ".weight"]


def rope(x, positions):
    """Rotate-half RoPE over the last axis (HAMLET's _apply_rope)."""
    d = x.shape[-1]
    inv = 1.0 / (10000.0 ** (torch.arange(0, d, 2, dtype=torch.float64) / d))
    angles = positions[:, None] * inv[None]
    cos, sin = torch.cat([angles.cos()] * 2, -1), torch.cat([angles.sin()] * 2, -1)
    rotated = torch.cat([-x[..., d // 2:], x[..., : d // 2]], -1)
    return x * cos + rotated * sin


def attention(p, name, x, heads, mask=None, positions=None):
    """Multi-head self-attention with a fused qkv (rows: q, k, v) and an output proj."""
    b, t, d = x.shape
    qkv = linear(p, name + ".qkv", x).reshape(b, t, 3, heads, d // heads).permute(2, 0, 3, 1, 4)
    q, k, v = qkv[0], qkv[1], qkv[2]
    if positions is not None:
        q, k = rope(q, positions), rope(k, positions)
    y = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    return linear(p, name + ".proj", y.transpose(1, 2).reshape(b, t, d))


def vit_block(p, name, x, heads, eps, mask=None):
    """timm's Block: pre-LN attention and GELU MLP, biases."""
    x = x + attention(p, name + ".attn", layer_norm(p, name + ".norm1", x, eps), heads, mask)
    return x + linear(p, name + ".mlp.fc2", F.gelu(linear(p, name + ".mlp.fc1", layer_norm(p, name + ".norm2", x, eps))))


def mlp_head(p, condition):
    """polspec's mlp head with hidden [8] (GELU) on the pooled condition."""
    return linear(p, "head.fc2", F.gelu(linear(p, "head.fc1", condition)))


def sgd_step(p, trained, grads, lr, clip=1.0):
    """clip_grad_norm_(clip) then SGD without momentum: next values by name."""
    norm = math.sqrt(sum(float((grads[n] ** 2).sum()) for n in trained))
    coefficient = min(clip / (norm + 1e-6), 1.0)
    return {n: p[n].detach() - lr * coefficient * grads[n] for n in trained}


def objective_fixture(name, weights, loss, requests32, lr=None, extra_next=None):
    """Writes NAME: requests, loss, grad.<trained> (those with a gradient) and, with lr, next.<trained>."""
    p = weights.p
    for v in p.values():
        v.grad = None
    loss.backward()
    grads = {k: v.grad for k, v in p.items() if v.grad is not None}
    out = dict(requests32, loss=np.array(loss.item(), dtype=np.float32))
    out.update({"grad." + k: f32(g) for k, g in grads.items()})
    if lr is not None:
        following = sgd_step(p, list(grads), grads, lr)
        out.update({"next." + k: f32(v) for k, v in following.items()})
        if extra_next:
            out.update({"next." + k: f32(v) for k, v in extra_next(following).items()})
    write_safetensors(name, out)


# ---------------------------------------------------------------------------------------------
# HAMLET: moment tokens, memory, time-contrastive loss

class MomentTokens:
    """moment-tokens.yaml: cnn(camera) [16 tokens of 4] and state [5] -> causal encoder with 2
    moment tokens at d = 16; memory of 3 steps, 2 layers, 2 heads, SwiGLU 32."""
    d, nq, T, heads, memory_heads, hidden, swiglu = 16, 2, 3, 2, 2, 32, 32

    def __init__(self, rng):
        w = Weights(rng)
        w.add("encoders.vision.0.weight", (4, 3, 3, 3), std=0.3)
        w.add("encoders.vision.0.bias", (4,), std=0.1)
        m = "encoders.memory."
        w.linear(m + "input_proj.0", self.d, 4)
        w.linear(m + "input_proj.1", self.d, 5)
        w.add(m + "moment_tokens", (self.nq, self.d), std=0.5)
        w.add(m + "pos_embed", (1, 16 + 1 + self.nq, self.d), std=0.2)
        w.norm(m + "blocks.0.norm1", self.d)
        w.linear(m + "blocks.0.attn.qkv", 3 * self.d, self.d)
        w.linear(m + "blocks.0.attn.proj", self.d, self.d)
        w.norm(m + "blocks.0.norm2", self.d)
        w.linear(m + "blocks.0.mlp.fc1", self.hidden, self.d)
        w.linear(m + "blocks.0.mlp.fc2", self.d, self.hidden)
        w.norm(m + "norm", self.d)
        for i in range(2):
            b = m + "memory.blocks.%d." % i
            w.norm(b + "norm1", self.d, bias=False)
            w.linear(b + "attn.qkv", 3 * self.d, self.d, bias=False)
            w.linear(b + "attn.proj", self.d, self.d, bias=False)
            w.norm(b + "norm2", self.d, bias=False)
            w.linear(b + "mlp.fc1_g", self.swiglu, self.d, bias=False)
            w.linear(b + "mlp.fc1_x", self.swiglu, self.d, bias=False)
            w.linear(b + "mlp.fc2", self.d, self.swiglu, bias=False)
        w.norm(m + "memory.norm", self.d, bias=False)
        w.linear(m + "projector.0", self.d, self.d)
        w.linear(m + "projector.2", self.d, self.d)
        w.linear("head.fc1", 8, self.d)
        w.linear("head.fc2", 2 * 3, 8)
        self.w = w

    def features(self, camera, state):
        """The causal encoder's outputs [N, 16 + 1 + n_q, d] for one step: F([o_t, c; m])."""
        p, m = self.w.p, "encoders.memory."
        n = camera.shape[0]
        vision = F.relu(F.conv2d(camera, p["encoders.vision.0.weight"], p["encoders.vision.0.bias"], stride=2, padding=1))
        vision = vision.flatten(2).transpose(1, 2)
        x = torch.cat([linear(p, m + "input_proj.0", vision), linear(p, m + "input_proj.1", state[:, None]),
                       p[m + "moment_tokens"][None].expand(n, -1, -1)], 1) + p[m + "pos_embed"]
        causal = torch.tril(torch.ones(x.shape[1], x.shape[1], dtype=torch.bool))
        x = vit_block(p, m + "blocks.0", x, self.heads, 1e-5, causal)
        return layer_norm(p, m + "norm", x, 1e-5)

    def summary(self, camera, state):
        return self.features(camera, state)[:, -self.nq:]

    def memory(self, window):
        """HAMLET's MemoryTransformer on [B, T, n_q, d]; its last n_q rows."""
        p, m = self.w.p, "encoders.memory.memory."
        b = window.shape[0]
        x = window.reshape(b, self.T * self.nq, self.d)
        positions = torch.arange(self.T).repeat_interleave(self.nq)
        allow = positions[None, :] <= positions[:, None]
        steps = positions.double()
        for i in range(2):
            blk = m + "blocks.%d." % i
            x = x + attention(self.w.p, blk + "attn", rms_norm(p, blk + "norm1", x), self.memory_heads, allow, steps)
            h = rms_norm(p, blk + "norm2", x)
            x = x + linear(p, blk + "mlp.fc2", F.silu(linear(p, blk + "mlp.fc1_g", h)) * linear(p, blk + "mlp.fc1_x", h))
        return rms_norm(p, m + "norm", x)[:, -self.nq:]

    def z(self, camera, state):
        """normalize(g(mean over n_q of m'_t)) (HAMLET's TCL head)."""
        p, m = self.w.p, "encoders.memory."
        pooled = self.summary(camera, state).mean(1)
        return F.normalize(linear(p, m + "projector.2", F.silu(linear(p, m + "projector.0", pooled))), dim=-1, eps=1e-8)


def moment_tokens_fixture(seed):
    rng = np.random.default_rng(seed)
    model = MomentTokens(rng)
    camera32, camera = tensor(rng, (BATCH, 3, 8, 8), 0, 1)
    state32, state = tensor(rng, (BATCH, 5))
    carried32, carried = tensor(rng, (BATCH, 3, 2, 16))
    first32 = np.array([1, 0], dtype=np.float32)
    write_safetensors("moment-tokens.weights.safetensors", model.w.float32())
    write_safetensors("moment-tokens.input.safetensors", {"camera": camera32, "state": state32,
                                                          "state.encoders.memory.summaries": carried32,
                                                          "state.first_call": first32})
    # The policy: the window is the carried one shifted by the current summary, or on a first
    # call the current summary in every slot.
    with torch.no_grad():
        features = model.features(camera, state)
        current = features[:, -2:]
        shifted = torch.cat([carried[:, 1:], current[:, None]], 1)
        filled = current[:, None].expand(-1, 3, -1, -1)
        window = torch.where(torch.tensor(first32 > 0)[:, None, None, None], filled, shifted)
        memory = model.memory(window)
        write_safetensors("moment-tokens.expected.safetensors", {
            "memory": f32(memory[:, None]), "features": f32(torch.cat([features[:, :-2], memory], 1)[:, None]),
            "next.state.encoders.memory.summaries": f32(window)})

    # bc: the memory of the demonstration's past steps (requests target.past.*), an mlp head.
    past_camera32, past_camera = tensor(rng, (BATCH, 2, 1, 3, 8, 8), 0, 1)
    past_state32, past_state = tensor(rng, (BATCH, 2, 1, 5))
    action32, action = tensor(rng, (BATCH, 2, 3), -1, 1)
    past = model.summary(past_camera.reshape(-1, 3, 8, 8), past_state.reshape(-1, 5)).reshape(BATCH, 2, 2, 16)
    window = torch.cat([past, model.summary(camera, state)[:, None]], 1)
    prediction = mlp_head(model.w.p, model.memory(window).mean(1)).reshape(BATCH, 2, 3)
    objective_fixture("moment-tokens.bc.safetensors", model.w, ((prediction - action) ** 2).mean(),
                      {"target.past.camera": past_camera32, "target.past.state": past_state32, "target.action": action32})

    # time_contrastive: anchor, augmented positive, 2 negatives; tau 0.1.
    positive32, positive = tensor(rng, (BATCH, 1, 3, 8, 8), 0, 1)
    negative_camera32, negative_camera = tensor(rng, (BATCH, 2, 1, 3, 8, 8), 0, 1)
    negative_state32, negative_state = tensor(rng, (BATCH, 2, 1, 5))
    requests = {"target.positive.camera": positive32, "target.negative.camera": negative_camera32,
                "target.negative.state": negative_state32}

    def tcl_loss():
        za, zp = model.z(camera, state), model.z(positive[:, 0], state)
        zn = model.z(negative_camera.reshape(-1, 3, 8, 8), negative_state.reshape(-1, 5)).reshape(BATCH, 2, 16)
        logits = torch.cat([(za * zp).sum(-1, keepdim=True), (za[:, None] * zn).sum(-1)], 1) / 0.1
        return F.cross_entropy(logits, torch.zeros(BATCH, dtype=torch.long))

    objective_fixture("moment-tokens.tcl.safetensors", model.w, tcl_loss(), requests, lr=0.5)
    # train_parts: tokens: only the moment tokens and the projector train (the rest stays frozen).
    loss = tcl_loss()
    for v in model.w.p.values():
        v.grad = None
    loss.backward()
    tokens = ["encoders.memory.moment_tokens"] + ["encoders.memory.projector.%d.%s" % (i, s) for i in (0, 2) for s in ("weight", "bias")]
    grads = {k: model.w.p[k].grad for k in tokens}
    following = sgd_step(model.w.p, tokens, grads, 0.5)
    out = dict(requests, loss=np.array(loss.item(), dtype=np.float32))
    out.update({"grad." + k: f32(g) for k, g in grads.items()})
    out.update({"next." + k: f32(v) for k, v in following.items()})
    write_safetensors("moment-tokens.tcl-tokens.safetensors", out)


# ---------------------------------------------------------------------------------------------
# I-JEPA: ViT, predictor, masked smooth-L1, EMA

def sincos_2d(grid, dim):
    """I-JEPA's get_2d_sincos_pos_embed: first half from the column, second from the row."""
    def one(d, pos):
        omega = 1.0 / 10000 ** (np.arange(d // 2, dtype=np.float64) / (d / 2.0))
        out = np.einsum("m,d->md", pos.reshape(-1), omega)
        return np.concatenate([np.sin(out), np.cos(out)], axis=1)
    gw, gh = np.meshgrid(np.arange(grid, dtype=np.float64), np.arange(grid, dtype=np.float64))
    return torch.tensor(np.concatenate([one(dim // 2, gw), one(dim // 2, gh)], axis=1))


class JEPA:
    """jepa.yaml: 16 px images, patch 4 (4x4 grid), d = 16, 2 blocks, 2 heads, MLP 32; predictor
    8 wide, 1 block, 2 heads, MLP 16; 2 target blocks."""
    d, pd, grid, depth, heads, pdepth, pheads = 16, 8, 4, 2, 2, 1, 2

    def __init__(self, rng):
        w = Weights(rng)
        for vit in ("encoder", "target_encoder"):
            s = "encoders.vision.%s." % vit
            w.add(s + "patch_embed.proj.weight", (self.d, 3, 4, 4), std=0.15)
            w.add(s + "patch_embed.proj.bias", (self.d,), std=0.1)
            for i in range(self.depth):
                b = s + "blocks.%d." % i
                w.norm(b + "norm1", self.d)
                w.linear(b + "attn.qkv", 3 * self.d, self.d)
                w.linear(b + "attn.proj", self.d, self.d)
                w.norm(b + "norm2", self.d)
                w.linear(b + "mlp.fc1", 2 * self.d, self.d)
                w.linear(b + "mlp.fc2", self.d, 2 * self.d)
            w.norm(s + "norm", self.d)
        s = "encoders.vision.predictor."
        w.linear(s + "predictor_embed", self.pd, self.d)
        w.add(s + "mask_token", (1, 1, self.pd), std=0.5)
        b = s + "predictor_blocks.0."
        w.norm(b + "norm1", self.pd)
        w.linear(b + "attn.qkv", 3 * self.pd, self.pd)
        w.linear(b + "attn.proj", self.pd, self.pd)
        w.norm(b + "norm2", self.pd)
        w.linear(b + "mlp.fc1", 2 * self.pd, self.pd)
        w.linear(b + "mlp.fc2", self.pd, 2 * self.pd)
        w.norm(s + "predictor_norm", self.pd)
        w.linear(s + "predictor_proj", self.d, self.pd)
        w.linear("head.fc1", 8, self.d)
        w.linear("head.fc2", 2 * 3, 8)
        self.w = w
        self.pos = sincos_2d(self.grid, self.d)
        self.ppos = sincos_2d(self.grid, self.pd)

    def vit(self, vit, images, keep=None):
        """I-JEPA's VisionTransformer; with `keep` (index lists per sample, equal lengths) only
        those patches are encoded (apply_masks)."""
        p, s = self.w.p, "encoders.vision.%s." % vit
        x = F.conv2d(images, p[s + "patch_embed.proj.weight"], p[s + "patch_embed.proj.bias"], stride=4)
        x = x.flatten(2).transpose(1, 2) + self.pos
        if keep is not None:
            x = torch.stack([x[i, keep[i]] for i in range(len(keep))])
        for i in range(self.depth):
            x = vit_block(p, s + "blocks.%d" % i, x, self.heads, 1e-6)
        return layer_norm(p, s + "norm", x, 1e-6)

    def predictor(self, z, keep, targets):
        """I-JEPA's VisionTransformerPredictor: per target block, the context tokens and one mask
        token per target patch; the mask tokens' outputs [blocks·B, K, d] (block-major)."""
        p, s = self.w.p, "encoders.vision.predictor."
        b = z.shape[0]
        x = linear(p, s + "predictor_embed", z) + torch.stack([self.ppos[keep[i]] for i in range(b)])
        outs = []
        for m in range(len(targets)):
            pred = p[s + "mask_token"][0] + torch.stack([self.ppos[targets[m][i]] for i in range(b)])
            h = torch.cat([x, pred], 1)
            h = vit_block(p, s + "predictor_blocks.0", h, self.pheads, 1e-6)
            h = layer_norm(p, s + "predictor_norm", h, 1e-6)[:, x.shape[1]:]
            outs.append(linear(p, s + "predictor_proj", h))
        return torch.cat(outs, 0)


def jepa_fixture(seed):
    rng = np.random.default_rng(seed)
    model = JEPA(rng)
    images32, images = tensor(rng, (BATCH, 3, 16, 16), 0, 1)
    write_safetensors("jepa.weights.safetensors", model.w.float32())
    write_safetensors("jepa.input.safetensors", {"camera": images32})
    with torch.no_grad():
        write_safetensors("jepa.expected.safetensors", {"vision": f32(model.vit("target_encoder", images)[:, None])})

    # Masks as I-JEPA's collator gives them: 2 target blocks of 2x1 patches, a context block of
    # 3x3 minus the targets, cut to the batch's smallest context (first patches in raster order).
    def block(top, left, h, w):
        return [r * 4 + c for r in range(top, top + h) for c in range(left, left + w)]
    targets = [[block(0, 0, 2, 1), block(2, 3, 2, 1)], [block(1, 2, 2, 1), block(0, 3, 2, 1)]]  # [sample][block]
    contexts = [[i for i in block(1, 1, 3, 3) if all(i not in t for t in targets[0])],
                [i for i in block(0, 0, 3, 3) if all(i not in t for t in targets[1])]]
    kept = min(len(c) for c in contexts)
    contexts = [c[:kept] for c in contexts]
    masks = np.zeros((BATCH, 3, 16), dtype=np.float32)
    for i in range(BATCH):
        masks[i, 0, contexts[i]] = 1
        for m in range(2):
            masks[i, 1 + m, targets[i][m]] = 1
    # The loss: smooth-L1 between the predictions and the LayerNorm'd target latents.
    with torch.no_grad():
        h = model.vit("target_encoder", images)
        h = F.layer_norm(h, (h.size(-1),))
        h = torch.cat([torch.stack([h[i, targets[i][m]] for i in range(BATCH)]) for m in range(2)], 0)
    z = model.predictor(model.vit("encoder", images, contexts), contexts, [[targets[i][m] for i in range(BATCH)] for m in range(2)])
    loss = F.smooth_l1_loss(z, h)
    progress = 0.25
    momentum = 0.9 + progress * (0.98 - 0.9)

    def ema(following):
        out = {}
        for name, value in model.w.p.items():
            if ".target_encoder." in name:
                source = name.replace(".target_encoder.", ".encoder.")
                out[name] = momentum * value.detach() + (1 - momentum) * following[source]
        return out

    objective_fixture("jepa.pretrain.safetensors", model.w, loss,
                      {"target.masks": masks, "stage.progress": np.array(progress, dtype=np.float32)}, lr=0.5, extra_next=ema)


# ---------------------------------------------------------------------------------------------
# PhysHMR: pixel-as-ray

def rays(keypoints, K, E):
    """p = c + R K⁻¹ [u, v, 1]; d = normalize(p − c); c = t. keypoints [N, J, ≥2], K [N, 3, 3],
    E [N, 4, 4] world-from-camera."""
    uv1 = torch.cat([keypoints[..., :2], torch.ones_like(keypoints[..., :1])], -1)
    camera = uv1 @ torch.linalg.inv(K).transpose(1, 2)
    c = E[:, :3, 3]
    p = c[:, None] + camera @ E[:, :3, :3].transpose(1, 2)
    d = p - c[:, None]
    return c, d / d.norm(dim=-1, keepdim=True)


def offsets(points, c, d, yaw=None):
    """r = (x − c) − ((x − c)·d) d, rotated by R_z(−yaw) (PhysHMR's heading frame)."""
    w = points - c[:, None]
    r = w - (w * d).sum(-1, keepdim=True) * d
    if yaw is None:
        return r
    cos, sin = torch.cos(yaw)[:, None], torch.sin(yaw)[:, None]
    return torch.stack([cos * r[..., 0] + sin * r[..., 1], -sin * r[..., 0] + cos * r[..., 1], r[..., 2]], -1)


def pose(rng):
    """A random camera looking roughly at the origin: world-from-camera [4, 4]."""
    a = rng.normal(0, 0.3, 3)
    rx, ry, rz = (np.array(m) for m in (
        [[1, 0, 0], [0, math.cos(a[0]), -math.sin(a[0])], [0, math.sin(a[0]), math.cos(a[0])]],
        [[math.cos(a[1]), 0, math.sin(a[1])], [0, 1, 0], [-math.sin(a[1]), 0, math.cos(a[1])]],
        [[math.cos(a[2]), -math.sin(a[2]), 0], [math.sin(a[2]), math.cos(a[2]), 0], [0, 0, 1]]))
    base = np.array([[1, 0, 0], [0, 0, 1], [0, -1, 0]], dtype=np.float64)   # looking along +y
    e = np.eye(4)
    e[:3, :3] = rz @ ry @ rx @ base
    e[:3, 3] = rng.normal(0, 0.5, 3) + np.array([0, -2.0, 0.8])
    return e


def physhmr_humanoid_fixture(seed):
    rng = np.random.default_rng(seed)
    w = Weights(rng)
    w.linear("head.fc1", 8, 16)
    w.linear("head.fc2", 3, 8)
    keypoints32 = np.concatenate([rng.uniform(0, 64, (BATCH, 4, 2)), rng.uniform(0, 1, (BATCH, 4, 1))], -1).astype(np.float32)
    joints32 = np.concatenate([rng.normal(0, 1, (BATCH, 12)), rng.uniform(-3, 3, (BATCH, 1))], -1).astype(np.float32)
    keypoints, joints = torch.tensor(keypoints32.astype(np.float64)), torch.tensor(joints32.astype(np.float64))
    K = torch.tensor([[60, 0.5, 32], [0, 55, 30], [0, 0, 1]], dtype=torch.float64).expand(BATCH, 3, 3)
    E = torch.tensor([[1, 0, 0, 0.2], [0, 0, 1, -2.5], [0, -1, 0, 1.0], [0, 0, 0, 1]], dtype=torch.float64).expand(BATCH, 4, 4)
    c, d = rays(keypoints, K, E)
    features = torch.cat([offsets(joints[:, :12].reshape(BATCH, 4, 3), c, d, joints[:, 12]), keypoints[..., 2:]], -1)
    write_safetensors("physhmr-humanoid.weights.safetensors", w.float32())
    write_safetensors("physhmr-humanoid.input.safetensors", {"joints2d": keypoints32, "joint_pos": joints32})
    write_safetensors("physhmr-humanoid.expected.safetensors", {"rays": f32(features.reshape(BATCH, 1, 16))})
    action32, action = tensor(rng, (BATCH, 1, 3), -1, 1)
    prediction = mlp_head(w.p, features.reshape(BATCH, 16)).reshape(BATCH, 1, 3)
    objective_fixture("physhmr-humanoid.bc.safetensors", w, ((prediction - action) ** 2).mean(), {"target.action": action32})


def pixel_as_ray_moving_fixture(seed):
    rng = np.random.default_rng(seed)
    w = Weights(rng)
    w.linear("head.fc1", 8, 2 * 12 + 2 * 7)
    w.linear("head.fc2", 3, 8)
    frames = 2
    keypoints32 = np.concatenate([rng.uniform(0, 64, (BATCH, frames, 3, 2)), rng.uniform(0, 1, (BATCH, frames, 3, 1))], -1).astype(np.float32)
    intrinsics32 = np.stack([np.stack([np.array([[rng.uniform(40, 80), rng.uniform(-1, 1), rng.uniform(28, 36)],
                                                 [0, rng.uniform(40, 80), rng.uniform(28, 36)], [0, 0, 1]]).reshape(9)
                                       for _ in range(frames)]) for _ in range(BATCH)]).astype(np.float32)
    extrinsics32 = np.stack([np.stack([pose(rng).reshape(16) for _ in range(frames)]) for _ in range(BATCH)]).astype(np.float32)
    state32 = rng.normal(0, 1, (BATCH, frames, 5)).astype(np.float32)
    t = lambda a: torch.tensor(a.astype(np.float64))
    n = BATCH * frames
    c, d = rays(t(keypoints32).reshape(n, 3, 3), t(intrinsics32).reshape(n, 3, 3), t(extrinsics32).reshape(n, 4, 4))
    confidence = t(keypoints32).reshape(n, 3, 3)[..., 2:]
    offset = torch.cat([offsets(t(state32).reshape(n, 5)[:, None, :3].expand(n, 3, 3), c, d), confidence], -1)
    plucker = torch.cat([d, torch.cross(c[:, None].expand(n, 3, 3), d, dim=-1), confidence], -1)
    rays_out = offset.reshape(BATCH, frames, 12)
    plucker_out = plucker.reshape(BATCH, frames, 3, 7)
    write_safetensors("pixel-as-ray-moving.weights.safetensors", w.float32())
    write_safetensors("pixel-as-ray-moving.input.safetensors", {"wrist_keypoints": keypoints32, "wrist_intrinsics": intrinsics32,
                                                                 "wrist_extrinsics": extrinsics32, "state": state32})
    write_safetensors("pixel-as-ray-moving.expected.safetensors", {"rays": f32(rays_out), "plucker": f32(plucker_out)})
    action32, action = tensor(rng, (BATCH, 1, 3), -1, 1)
    condition = torch.cat([rays_out.reshape(BATCH, 24), plucker_out.mean(2).reshape(BATCH, 14)], 1)
    prediction = mlp_head(w.p, condition).reshape(BATCH, 1, 3)
    objective_fixture("pixel-as-ray-moving.bc.safetensors", w, ((prediction - action) ** 2).mean(), {"target.action": action32})


def main():
    moment_tokens_fixture(400)
    jepa_fixture(401)
    physhmr_humanoid_fixture(402)
    pixel_as_ray_moving_fixture(403)


if __name__ == "__main__":
    main()
