"""The reference workloads of polspec's performance command, in PyTorch, JAX, ONNX Runtime and
numpy, so that `polspec perf` can be compared side by side on the same machine in the same run
(tools/perf/compare.sh). Not part of the build or the tests.

    python3 tools/perf/reference_workloads.py --impl torch --threads 1

prints one line per workload:
    RESULT {"impl": "jax", "bench": "infer_b1", "threads": 1, "median_ms": ..., "p10_ms": ..., "p90_ms": ..., "runs": ...}

Workloads (float32, weights from numpy seed 0):
  infer_b1 / infer_b32  4-layer pre-LN transformer encoder, d_model 256, 4 heads, MLP 1024,
                        GELU (tanh), final LayerNorm, no mask, 64 tokens, batch 1 / 32.
  train_b32             the same at batch 32: forward + MSE + backward + AdamW(lr 1e-4, wd 0.01).
  ddim10_b1             10-step DDIM (eta 0, 100-step linear betas) of a 16x7 action chunk with
                        an MLP denoiser [x_t 112 | obs 256 | sinusoidal t 128] -> 512 -> 512 -> 512 -> 112, GELU.
  train_cnn_b64         the default `cnn` encoder (Conv2d 3->32->64->128, kernel 3, stride 2,
                        padding 1, ReLU) on each of two 64x64 RGB cameras, each map averaged over
                        its 8x8 grid, both concatenated -> Linear(256, 56), MSE against a target,
                        backward and AdamW (lr 1e-4, wd 0.01), batch 64 (PyTorch only).
PyTorch runs eager: nn.functional layers, scaled_dot_product_attention, torch.optim.AdamW,
inference under inference_mode.
Set the thread count before the framework loads: run each (impl, threads) in its own process
(compare.sh does, pinned with taskset).
"""
import argparse
import json
import os
import sys
import time

D, HEADS, FF, LAYERS, TOKENS = 256, 4, 1024, 4, 64
CHUNK, ADIM, OBS, TEMB, HID, STEPS, TRAIN_T = 16, 7, 256, 128, 512, 10, 100
CAMERAS, IMAGE, CNN_CHANNELS, CNN_BATCH, CNN_OUT = 2, 64, [3, 32, 64, 128], 64, 56
BENCHES = ["infer_b1", "infer_b32", "train_b32", "ddim10_b1", "train_cnn_b64"]


def set_threads(n):
    for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[k] = str(n)
    if n == 1:
        os.environ["XLA_FLAGS"] = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"


def transformer_weights(np):
    rng = np.random.default_rng(0)
    def lin(i, o):
        b = 1 / np.sqrt(i)
        return rng.uniform(-b, b, (o, i)).astype(np.float32), rng.uniform(-b, b, o).astype(np.float32)
    layers = []
    for _ in range(LAYERS):
        qkv_w, qkv_b = lin(D, 3 * D)
        proj_w, proj_b = lin(D, D)
        fc1_w, fc1_b = lin(D, FF)
        fc2_w, fc2_b = lin(FF, D)
        layers.append(dict(n1w=np.ones(D, np.float32), n1b=np.zeros(D, np.float32), qkv_w=qkv_w, qkv_b=qkv_b,
                           proj_w=proj_w, proj_b=proj_b, n2w=np.ones(D, np.float32), n2b=np.zeros(D, np.float32),
                           fc1_w=fc1_w, fc1_b=fc1_b, fc2_w=fc2_w, fc2_b=fc2_b))
    return dict(layers=layers, nw=np.ones(D, np.float32), nb=np.zeros(D, np.float32))


def denoiser_weights(np):
    rng = np.random.default_rng(0)
    dims = [CHUNK * ADIM + OBS + TEMB, HID, HID, HID, CHUNK * ADIM]
    out = []
    for i, o in zip(dims[:-1], dims[1:]):
        b = 1 / np.sqrt(i)
        out.append((rng.uniform(-b, b, (o, i)).astype(np.float32), rng.uniform(-b, b, o).astype(np.float32)))
    return out


def cnn_weights(np):
    """Per camera: the three Conv2d layers' (weight [out, in, 3, 3], bias); then the Linear(256, 56)."""
    rng = np.random.default_rng(0)
    def uniform(fan_in, shape):
        b = 1 / np.sqrt(fan_in)
        return rng.uniform(-b, b, shape).astype(np.float32)
    cameras = []
    for _ in range(CAMERAS):
        conv = []
        for i, o in zip(CNN_CHANNELS[:-1], CNN_CHANNELS[1:]):
            conv.append((uniform(i * 9, (o, i, 3, 3)), uniform(i * 9, o)))
        cameras.append(conv)
    features = CAMERAS * CNN_CHANNELS[-1]
    return cameras, (uniform(features, (CNN_OUT, features)), uniform(features, CNN_OUT))


def ddim_schedule(np):
    betas = np.linspace(1e-4, 0.02, TRAIN_T, dtype=np.float64)
    abar = np.cumprod(1 - betas)
    ts = list(range(0, TRAIN_T, TRAIN_T // STEPS))[::-1]  # 90, 80, ..., 0 ("leading")
    return abar.astype(np.float32), ts


def timestep_embedding(np, t):
    half = TEMB // 2
    freqs = np.exp(-np.log(10000.0) * np.arange(half, dtype=np.float32) / half)
    a = t * freqs
    return np.concatenate([np.sin(a), np.cos(a)]).astype(np.float32)


def timed(fn, min_runs=20, min_seconds=1.0):
    fn(); fn()
    times = []
    start = time.perf_counter()
    while len(times) < min_runs or time.perf_counter() - start < min_seconds:
        t0 = time.perf_counter(); fn(); times.append((time.perf_counter() - t0) * 1e3)
        if len(times) >= 2000:
            break
    times.sort()
    pick = lambda q: times[min(len(times) - 1, int(q * len(times)))]
    return dict(median_ms=round(pick(0.5), 4), p10_ms=round(pick(0.1), 4), p90_ms=round(pick(0.9), 4), runs=len(times))


# ---------------------------------------------------------------- pytorch
def torch_impl(threads):
    import numpy as np
    import torch
    import torch.nn.functional as F
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    t = lambda a: torch.from_numpy(np.ascontiguousarray(a))
    W = transformer_weights(np)
    layers = [{k: t(v).requires_grad_() for k, v in L.items()} for L in W["layers"]]
    final = (t(W["nw"]).requires_grad_(), t(W["nb"]).requires_grad_())
    params = [p for L in layers for p in L.values()] + list(final)

    def forward(x):
        B = x.shape[0]
        hd = D // HEADS
        for L in layers:
            h = F.linear(F.layer_norm(x, (D,), L["n1w"], L["n1b"]), L["qkv_w"], L["qkv_b"])
            q, k, v = h.view(B, TOKENS, 3, HEADS, hd).permute(2, 0, 3, 1, 4)
            a = F.scaled_dot_product_attention(q, k, v).transpose(1, 2).reshape(B, TOKENS, D)
            x = x + F.linear(a, L["proj_w"], L["proj_b"])
            x = x + F.linear(F.gelu(F.linear(F.layer_norm(x, (D,), L["n2w"], L["n2b"]), L["fc1_w"], L["fc1_b"]),
                                    approximate="tanh"), L["fc2_w"], L["fc2_b"])
        return F.layer_norm(x, (D,), *final)

    rng = np.random.default_rng(1)
    x1 = t(rng.standard_normal((1, TOKENS, D)).astype(np.float32))
    x32 = t(rng.standard_normal((32, TOKENS, D)).astype(np.float32))
    y32 = t(rng.standard_normal((32, TOKENS, D)).astype(np.float32))
    optimizer = torch.optim.AdamW(params, lr=1e-4, weight_decay=0.01)

    def infer(x):
        with torch.inference_mode():
            forward(x)

    def train_once():
        optimizer.zero_grad(set_to_none=True)
        F.mse_loss(forward(x32), y32).backward()
        optimizer.step()

    Wd = [(t(w), t(b)) for w, b in denoiser_weights(np)]
    abar, ts = ddim_schedule(np)
    obs = t(rng.standard_normal((1, OBS)).astype(np.float32))
    noise = t(rng.standard_normal((1, CHUNK * ADIM)).astype(np.float32))
    temb = {s: t(timestep_embedding(np, s)[None]) for s in ts}

    def ddim():
        with torch.inference_mode():
            x = noise
            for i, s in enumerate(ts):
                h = torch.cat([x, obs, temb[s]], dim=1)
                for j, (w, b) in enumerate(Wd):
                    h = F.linear(h, w, b)
                    if j < len(Wd) - 1:
                        h = F.gelu(h, approximate="tanh")
                prev = float(abar[ts[i + 1]]) if i + 1 < len(ts) else 1.0
                a = float(abar[s])
                x0 = (x - (1 - a) ** 0.5 * h) / a ** 0.5
                x = prev ** 0.5 * x0 + (1 - prev) ** 0.5 * h
            return x

    cameras, head = cnn_weights(np)
    cameras = [[(t(w).requires_grad_(), t(b).requires_grad_()) for w, b in conv] for conv in cameras]
    head = (t(head[0]).requires_grad_(), t(head[1]).requires_grad_())
    cnn_params = [p for conv in cameras for wb in conv for p in wb] + list(head)
    images = [t(rng.standard_normal((CNN_BATCH, 3, IMAGE, IMAGE)).astype(np.float32)) for _ in range(CAMERAS)]
    cnn_target = t(rng.standard_normal((CNN_BATCH, CNN_OUT)).astype(np.float32))
    cnn_optimizer = torch.optim.AdamW(cnn_params, lr=1e-4, weight_decay=0.01)

    def cnn_train_once():
        cnn_optimizer.zero_grad(set_to_none=True)
        features = []
        for image, conv in zip(images, cameras):
            h = image
            for w, b in conv:
                h = F.relu(F.conv2d(h, w, b, stride=2, padding=1))
            features.append(h.mean(dim=(2, 3)))
        F.mse_loss(F.linear(torch.cat(features, dim=1), *head), cnn_target).backward()
        cnn_optimizer.step()

    return {"infer_b1": lambda: infer(x1), "infer_b32": lambda: infer(x32), "train_b32": train_once,
            "ddim10_b1": ddim, "train_cnn_b64": cnn_train_once}


# ---------------------------------------------------------------- numpy
def numpy_impl():
    import numpy as np
    W = transformer_weights(np)

    def ln(x, w, b):
        m = x.mean(-1, keepdims=True); v = ((x - m) ** 2).mean(-1, keepdims=True)
        return (x - m) / np.sqrt(v + 1e-5) * w + b

    def gelu(x):
        return 0.5 * x * (1 + np.tanh(0.7978845608028654 * (x + 0.044715 * x ** 3)))

    def forward(x):
        B = x.shape[0]
        for L in W["layers"]:
            h = ln(x, L["n1w"], L["n1b"]) @ L["qkv_w"].T + L["qkv_b"]
            q, k, v = [h[..., i * D:(i + 1) * D].reshape(B, TOKENS, HEADS, D // HEADS).transpose(0, 2, 1, 3) for i in range(3)]
            s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(D // HEADS)
            s = np.exp(s - s.max(-1, keepdims=True)); s /= s.sum(-1, keepdims=True)
            a = (s @ v).transpose(0, 2, 1, 3).reshape(B, TOKENS, D)
            x = x + a @ L["proj_w"].T + L["proj_b"]
            x = x + gelu(ln(x, L["n2w"], L["n2b"]) @ L["fc1_w"].T + L["fc1_b"]) @ L["fc2_w"].T + L["fc2_b"]
        return ln(x, W["nw"], W["nb"])

    rng = np.random.default_rng(1)
    x1 = rng.standard_normal((1, TOKENS, D)).astype(np.float32)
    x32 = rng.standard_normal((32, TOKENS, D)).astype(np.float32)
    Wd = denoiser_weights(np)
    abar, ts = ddim_schedule(np)
    obs = rng.standard_normal(OBS).astype(np.float32)
    noise = rng.standard_normal(CHUNK * ADIM).astype(np.float32)
    temb = {t: timestep_embedding(np, t) for t in ts}

    def ddim():
        x = noise.copy()
        for i, t in enumerate(ts):
            h = np.concatenate([x, obs, temb[t]])
            for j, (w, b) in enumerate(Wd):
                h = w @ h + b
                if j < len(Wd) - 1:
                    h = gelu(h)
            prev = abar[ts[i + 1]] if i + 1 < len(ts) else np.float32(1)
            x0 = (x - np.sqrt(1 - abar[t]) * h) / np.sqrt(abar[t])
            x = np.sqrt(prev) * x0 + np.sqrt(1 - prev) * h
        return x

    return {"infer_b1": lambda: forward(x1), "infer_b32": lambda: forward(x32), "ddim10_b1": ddim}


# ---------------------------------------------------------------- jax
def jax_impl():
    import numpy as np
    import jax
    import jax.numpy as jnp
    W = jax.tree_util.tree_map(jnp.asarray, transformer_weights(np))

    def ln(x, w, b):
        m = x.mean(-1, keepdims=True); v = ((x - m) ** 2).mean(-1, keepdims=True)
        return (x - m) * jax.lax.rsqrt(v + 1e-5) * w + b

    def forward(W, x):
        B = x.shape[0]
        for L in W["layers"]:
            h = ln(x, L["n1w"], L["n1b"]) @ L["qkv_w"].T + L["qkv_b"]
            q, k, v = [h[..., i * D:(i + 1) * D].reshape(B, TOKENS, HEADS, D // HEADS).transpose(0, 2, 1, 3) for i in range(3)]
            s = jax.nn.softmax(q @ k.transpose(0, 1, 3, 2) / np.sqrt(D // HEADS), axis=-1)
            a = (s @ v).transpose(0, 2, 1, 3).reshape(B, TOKENS, D)
            x = x + a @ L["proj_w"].T + L["proj_b"]
            x = x + jax.nn.gelu(ln(x, L["n2w"], L["n2b"]) @ L["fc1_w"].T + L["fc1_b"], approximate=True) @ L["fc2_w"].T + L["fc2_b"]
        return ln(x, W["nw"], W["nb"])

    fwd = jax.jit(forward)
    rng = np.random.default_rng(1)
    x1 = jnp.asarray(rng.standard_normal((1, TOKENS, D)).astype(np.float32))
    x32 = jnp.asarray(rng.standard_normal((32, TOKENS, D)).astype(np.float32))
    y32 = jnp.asarray(rng.standard_normal((32, TOKENS, D)).astype(np.float32))

    def loss(W, x, y):
        return jnp.mean((forward(W, x) - y) ** 2)

    def step(state, x, y):
        W, m, v, t = state
        g = jax.grad(loss)(W, x, y)
        t = t + 1
        m = jax.tree_util.tree_map(lambda m, g: 0.9 * m + 0.1 * g, m, g)
        v = jax.tree_util.tree_map(lambda v, g: 0.999 * v + 0.001 * g * g, v, g)
        c1, c2 = 1 - 0.9 ** t, 1 - 0.999 ** t
        W = jax.tree_util.tree_map(lambda w, m, v: w - 1e-4 * (m / c1 / (jnp.sqrt(v / c2) + 1e-8) + 0.01 * w), W, m, v)
        return (W, m, v, t)

    train = jax.jit(step, donate_argnums=0)
    zeros = jax.tree_util.tree_map(jnp.zeros_like, W)
    state = [(jax.tree_util.tree_map(jnp.copy, W), zeros, jax.tree_util.tree_map(jnp.zeros_like, W), jnp.float32(0))]

    def train_once():
        state[0] = train(state[0], x32, y32)
        jax.block_until_ready(state[0])

    Wd = [(jnp.asarray(w), jnp.asarray(b)) for w, b in denoiser_weights(np)]
    abar, ts = ddim_schedule(np)
    abar_j = jnp.asarray(abar)
    ts_j = jnp.asarray(ts, dtype=jnp.int32)
    prev_j = jnp.asarray([abar[ts[i + 1]] if i + 1 < len(ts) else 1.0 for i in range(len(ts))], dtype=jnp.float32)
    temb_j = jnp.asarray(np.stack([timestep_embedding(np, t) for t in ts]))
    obs = jnp.asarray(rng.standard_normal(OBS).astype(np.float32))
    noise = jnp.asarray(rng.standard_normal(CHUNK * ADIM).astype(np.float32))

    @jax.jit
    def ddim(x):
        def body(i, x):
            h = jnp.concatenate([x, obs, temb_j[i]])
            for j, (w, b) in enumerate(Wd):
                h = w @ h + b
                if j < len(Wd) - 1:
                    h = jax.nn.gelu(h, approximate=True)
            a = abar_j[ts_j[i]]
            x0 = (x - jnp.sqrt(1 - a) * h) / jnp.sqrt(a)
            return jnp.sqrt(prev_j[i]) * x0 + jnp.sqrt(1 - prev_j[i]) * h
        return jax.lax.fori_loop(0, STEPS, body, x)

    return {"infer_b1": lambda: fwd(W, x1).block_until_ready(),
            "infer_b32": lambda: fwd(W, x32).block_until_ready(),
            "train_b32": train_once,
            "ddim10_b1": lambda: ddim(noise).block_until_ready()}


# ---------------------------------------------------------------- onnxruntime
def ort_impl(threads):
    import numpy as np
    import onnx
    import onnxruntime as ort
    from onnx import TensorProto, helper, numpy_helper

    def transformer_graph(batch):
        W = transformer_weights(np)
        nodes, inits = [], []
        counter = [0]
        def name(p):
            counter[0] += 1
            return f"{p}{counter[0]}"
        def const(arr, p="c"):
            n = name(p); inits.append(numpy_helper.from_array(np.asarray(arr), n)); return n
        def op(kind, inputs, **attrs):
            out = name(kind)
            nodes.append(helper.make_node(kind, inputs, [out], **attrs)); return out
        def linear(x, w, b):
            return op("Add", [op("MatMul", [x, const(w.T.copy())]), const(b)])
        def ln(x, w, b):
            return op("LayerNormalization", [x, const(w), const(b)], axis=-1, epsilon=1e-5)
        def gelu(x):
            cube = op("Mul", [op("Mul", [x, x]), x])
            inner = op("Mul", [op("Add", [x, op("Mul", [cube, const(np.float32(0.044715))])]), const(np.float32(0.7978845608028654))])
            return op("Mul", [op("Mul", [x, const(np.float32(0.5))]), op("Add", [op("Tanh", [inner]), const(np.float32(1))])])
        x = "x"
        hd = D // HEADS
        for L in W["layers"]:
            h = linear(ln(x, L["n1w"], L["n1b"]), L["qkv_w"], L["qkv_b"])
            parts = op("Split", [h, const(np.array([D, D, D], np.int64))], axis=-1)
            nodes[-1].output[:] = [parts + "q", parts + "k", parts + "v"]
            def heads(t):
                return op("Transpose", [op("Reshape", [t, const(np.array([batch, TOKENS, HEADS, hd], np.int64))])], perm=[0, 2, 1, 3])
            q, k, v = heads(parts + "q"), heads(parts + "k"), heads(parts + "v")
            kt = op("Transpose", [k], perm=[0, 1, 3, 2])
            s = op("Softmax", [op("Mul", [op("MatMul", [q, kt]), const(np.float32(1 / np.sqrt(hd)))])], axis=-1)
            a = op("Reshape", [op("Transpose", [op("MatMul", [s, v])], perm=[0, 2, 1, 3]), const(np.array([batch, TOKENS, D], np.int64))])
            x = op("Add", [x, linear(a, L["proj_w"], L["proj_b"])])
            x = op("Add", [x, linear(gelu(linear(ln(x, L["n2w"], L["n2b"]), L["fc1_w"], L["fc1_b"])), L["fc2_w"], L["fc2_b"])])
        y = ln(x, W["nw"], W["nb"])
        graph = helper.make_graph(nodes, "transformer", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [batch, TOKENS, D])],
                                  [helper.make_tensor_value_info(y, TensorProto.FLOAT, [batch, TOKENS, D])], inits)
        return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])

    def denoiser_graph():
        nodes, inits = [], []
        h = "h"
        Wd = denoiser_weights(np)
        for j, (w, b) in enumerate(Wd):
            inits += [numpy_helper.from_array(w.T.copy(), f"w{j}"), numpy_helper.from_array(b, f"b{j}")]
            nodes.append(helper.make_node("MatMul", [h, f"w{j}"], [f"m{j}"]))
            nodes.append(helper.make_node("Add", [f"m{j}", f"b{j}"], [f"a{j}"]))
            h = f"a{j}"
            if j < len(Wd) - 1:
                inits.append(numpy_helper.from_array(np.float32(0.5), f"half{j}"))
                inits.append(numpy_helper.from_array(np.float32(1), f"one{j}"))
                inits.append(numpy_helper.from_array(np.float32(0.044715), f"k{j}"))
                inits.append(numpy_helper.from_array(np.float32(0.7978845608028654), f"s{j}"))
                nodes += [helper.make_node("Mul", [h, h], [f"sq{j}"]), helper.make_node("Mul", [f"sq{j}", h], [f"cu{j}"]),
                          helper.make_node("Mul", [f"cu{j}", f"k{j}"], [f"kc{j}"]), helper.make_node("Add", [h, f"kc{j}"], [f"in{j}"]),
                          helper.make_node("Mul", [f"in{j}", f"s{j}"], [f"sc{j}"]), helper.make_node("Tanh", [f"sc{j}"], [f"th{j}"]),
                          helper.make_node("Add", [f"th{j}", f"one{j}"], [f"p1{j}"]), helper.make_node("Mul", [h, f"half{j}"], [f"hx{j}"]),
                          helper.make_node("Mul", [f"hx{j}", f"p1{j}"], [f"g{j}"])]
                h = f"g{j}"
        graph = helper.make_graph(nodes, "denoiser", [helper.make_tensor_value_info("h", TensorProto.FLOAT, [1, CHUNK * ADIM + OBS + TEMB])],
                                  [helper.make_tensor_value_info(h, TensorProto.FLOAT, [1, CHUNK * ADIM])], inits)
        return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    def session(model):
        return ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    s1, s32, sd = session(transformer_graph(1)), session(transformer_graph(32)), session(denoiser_graph())
    rng = np.random.default_rng(1)
    x1 = rng.standard_normal((1, TOKENS, D)).astype(np.float32)
    x32 = rng.standard_normal((32, TOKENS, D)).astype(np.float32)
    abar, ts = ddim_schedule(np)
    obs = rng.standard_normal(OBS).astype(np.float32)
    noise = rng.standard_normal(CHUNK * ADIM).astype(np.float32)
    temb = {t: timestep_embedding(np, t) for t in ts}

    def ddim():
        x = noise.copy()
        for i, t in enumerate(ts):
            h = sd.run(None, {"h": np.concatenate([x, obs, temb[t]])[None]})[0][0]
            prev = abar[ts[i + 1]] if i + 1 < len(ts) else np.float32(1)
            x0 = (x - np.sqrt(1 - abar[t]) * h) / np.sqrt(abar[t])
            x = np.sqrt(prev) * x0 + np.sqrt(1 - prev) * h
        return x

    return {"infer_b1": lambda: s1.run(None, {"x": x1}), "infer_b32": lambda: s32.run(None, {"x": x32}), "ddim10_b1": ddim}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--impl", choices=["torch", "numpy", "jax", "ort"], required=True)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--bench", action="append", help="run only these workloads")
    a = p.parse_args()
    set_threads(a.threads)
    impl = {"torch": lambda: torch_impl(a.threads), "numpy": numpy_impl, "jax": jax_impl,
            "ort": lambda: ort_impl(a.threads)}[a.impl]()
    for bench in BENCHES:
        if bench not in impl or (a.bench and bench not in a.bench):
            continue
        r = dict(impl=a.impl, bench=bench, threads=a.threads, **timed(impl[bench]))
        print("RESULT " + json.dumps(r), flush=True)


if __name__ == "__main__":
    sys.exit(main())
