import Compiler
import SpecLang

/// `dit` (Dita). Parameters under `head`:
/// - `condition_proj.<i>` (Linear) for each condition port whose width is not `dim` (`i` its
///   position in `condition`);
/// - `action_in` (Linear(action.dim, dim)) with `action_pad: linear`;
/// - `pos_embed` [1, tokens, dim] with `positions: learned` (trunc-normal 0.02);
/// - `blocks.<i>`: `TransformerBlock` (`in_context`), `CrossAttentionBlock` (`cross_attention`)
///   or `DiTBlock` (`adaln`, with `t_embedder` and `final.adaLN_modulation.1`);
/// - `norm` (not with `adaln`) and `action_out` (Linear(dim, action.dim)).
///
/// Linear weights are initialised N(0, 0.02) with zero biases (LLaMA's and Dita's init); the
/// adaLN modulations and, with `adaln`, `action_out` start at zero (DiT).
///
/// In context with a causal mask, the condition prefix attends only to itself: its keys and
/// values are computed once when the model is built and every denoising step runs the t and
/// action tokens over them, so the encoders and the prefix run once per policy call.
extension DiTHead: HeadLowering {
    func model(_ conditions: [PortValue], context: HeadContext) -> any HeadModel {
        let scope = context.scope
        let actionDim = context.action.dim
        let hidden = hiddenWidth(dim, ratio: mlpRatio)
        let normalization: Normalization = norm == .rms ? .rmsNorm : .layerNorm
        let feedForward: FeedForwardKind = ffn == .swiglu ? .swiGLU : .mlp(.geluTanh)
        let configuration = TransformerBlock.Configuration(dim: dim, heads: heads, hidden: hidden, feedForward: feedForward,
                                                           normalization: normalization)
        let prefix = projectedConditionTokens(conditions, dim: dim, scope: scope)
        let prefixLength = prefix.shape[1]
        let actionIn = actionPad == .linear ? Linear(scope.child("action_in"), inFeatures: actionDim, outFeatures: dim) : nil
        /// The noisy chunk as tokens [batch, chunk, dim].
        let embedActions = { (x: Tensor) -> Tensor in
            if let actionIn { return actionIn(x) }
            return scope.enter { x.padded(before: [0, 0, 0], after: [0, 0, dim - actionDim]) }
        }
        let dropout = context.dropout.flatMap { seed in
            attentionDropout > 0 ? { (block: Int) in AttentionDropout(probability: attentionDropout, seed: UInt64(block) &* 0x9E37_79B9_7F4A_7C15 ^ 0xD17A,
                                                                      counter: seed.counter) } : nil
        }
        let network: (Tensor, Tensor) -> Tensor
        switch conditioning {
        case .inContext:
            network = inContext(prefix: prefix, prefixLength: prefixLength, configuration: configuration, embed: embedActions,
                                dropout: dropout, context: context)
        case .crossAttention:
            network = crossAttention(prefix: prefix, configuration: configuration, embed: embedActions, dropout: dropout, context: context)
        case .adaln:
            network = adaln(prefix: prefix, feedForward: feedForward, hidden: hidden, embed: embedActions, dropout: dropout, context: context)
        }
        scope.builder.overrideInitializers { name, shape in
            guard context.scope.contains(name), !name.contains("adaLN_modulation") else { return nil }
            if conditioning == .adaln && name.hasPrefix(scope.qualified("action_out")) { return .zeros }
            if name.hasSuffix(".weight") && shape.rank == 2 { return .normal(mean: 0, std: 0.02) }
            if name.hasSuffix(".bias") { return .zeros }
            return nil
        }
        let process: DenoisingProcess = flow.map { .flow($0) } ?? .diffusion(sampling ?? DiffusionProcess())
        return Denoiser(process: process, context: context, network: network)
    }

    /// Dita's in-context network: [condition prefix | t token | actions] through the blocks.
    private func inContext(prefix: Tensor, prefixLength: Int, configuration: TransformerBlock.Configuration,
                           embed: @escaping (Tensor) -> Tensor, dropout: ((Int) -> AttentionDropout)?,
                           context: HeadContext) -> (Tensor, Tensor) -> Tensor {
        let scope = context.scope
        let suffixLength = 1 + context.action.chunk, total = prefixLength + suffixLength
        let table = positions == .learned
            ? scope.parameter("pos_embed", [1, total, dim], .truncatedNormal(mean: 0, std: 0.02, low: -2, high: 2)) : nil
        let builder = scope.builder
        let rotary = { (range: Range<Int>) -> RotaryEmbedding? in
            positions == .rope ? RotaryEmbedding(positions: builder.positions(range.count, start: range.lowerBound)) : nil
        }
        let blocks = (0..<depth).map { TransformerBlock(scope.child("blocks.\($0)"), configuration) }
        let finalNorm = configuration.normalization.layer(scope.child("norm"), features: dim)
        let actionOut = Linear(scope.child("action_out"), inFeatures: dim, outFeatures: context.action.dim)
        let positioned = { (x: Tensor, range: Range<Int>) -> Tensor in
            guard let table else { return x }
            return scope.enter { x + table.slice(axis: 1, range) }
        }
        /// The t token and the action tokens [batch, 1 + chunk, dim].
        let suffix = { (x: Tensor, t: Tensor) -> Tensor in
            let tToken = scope.enter { sinusoidalEmbedding(t, dim: dim).unsqueezed(1) }
            return positioned(scope.enter { concat([tToken, embed(x)], axis: 1) }, prefixLength..<total)
        }
        let readOut = { (h: Tensor) -> Tensor in
            actionOut(scope.enter { finalNorm(h).slice(axis: 1, (h.shape[1] - context.action.chunk)..<h.shape[1]) })
        }
        guard causal else {
            let start = positioned(prefix, 0..<prefixLength)
            return { x, t in
                var h = scope.enter { concat([start, suffix(x, t)], axis: 1) }
                for (index, block) in blocks.enumerated() { h = block(h, rotary: rotary(0..<total), dropout: dropout?(index)) }
                return readOut(h)
            }
        }
        // The prefix once: its keys and values at every block.
        var h = positioned(prefix, 0..<prefixLength)
        var cache: [KeysAndValues] = []
        for (index, block) in blocks.enumerated() {
            let (output, own) = block(h, prefix: nil, causal: true, rotary: rotary(0..<prefixLength), dropout: dropout?(index))
            h = output
            cache.append(own)
        }
        // Suffix token i sees the whole prefix and suffix tokens 0...i.
        let mask = builder.constant(HostTensor(shape: [suffixLength, total], floats: (0..<suffixLength).flatMap { i in
            (0..<total).map { j in Float(j < prefixLength + 1 + i ? 1 : 0) }
        }))
        return { x, t in
            var s = suffix(x, t)
            for (index, block) in blocks.enumerated() {
                s = block(s, prefix: cache[index], mask: mask, rotary: rotary(prefixLength..<total), dropout: dropout?(index)).output
            }
            return readOut(s)
        }
    }

    /// The cross-attention network: [t token | actions] through blocks that each read the
    /// condition tokens (their keys and values computed once per call).
    private func crossAttention(prefix: Tensor, configuration: TransformerBlock.Configuration, embed: @escaping (Tensor) -> Tensor,
                                dropout: ((Int) -> AttentionDropout)?, context: HeadContext) -> (Tensor, Tensor) -> Tensor {
        let scope = context.scope
        let length = 1 + context.action.chunk
        let table = positions == .learned
            ? scope.parameter("pos_embed", [1, length, dim], .truncatedNormal(mean: 0, std: 0.02, low: -2, high: 2)) : nil
        let rotary = positions == .rope ? RotaryEmbedding(positions: scope.builder.positions(length)) : nil
        let blocks = (0..<depth).map { CrossAttentionBlock(scope.child("blocks.\($0)"), configuration, contextDim: dim) }
        let contexts = blocks.map { $0.crossAttention.keysAndValues(prefix) }
        let finalNorm = configuration.normalization.layer(scope.child("norm"), features: dim)
        let actionOut = Linear(scope.child("action_out"), inFeatures: dim, outFeatures: context.action.dim)
        return { x, t in
            var h = scope.enter { () -> Tensor in
                let tokens = concat([sinusoidalEmbedding(t, dim: dim).unsqueezed(1), embed(x)], axis: 1)
                return table.map { tokens + $0 } ?? tokens
            }
            for (index, block) in blocks.enumerated() {
                h = block(h, context: contexts[index], causal: causal, rotary: rotary, dropout: dropout?(index))
            }
            return actionOut(scope.enter { finalNorm(h).slice(axis: 1, 1..<length) })
        }
    }

    /// DiT's adaLN-Zero network over the action tokens, conditioned on the mean condition token
    /// plus the embedded timestep.
    private func adaln(prefix: Tensor, feedForward: FeedForwardKind, hidden: Int, embed: @escaping (Tensor) -> Tensor,
                       dropout: ((Int) -> AttentionDropout)?, context: HeadContext) -> (Tensor, Tensor) -> Tensor {
        let scope = context.scope
        let chunk = context.action.chunk
        let pooled = scope.enter { prefix.mean(axes: [1]) }
        let table = positions == .learned
            ? scope.parameter("pos_embed", [1, chunk, dim], .truncatedNormal(mean: 0, std: 0.02, low: -2, high: 2)) : nil
        let rotary = positions == .rope ? RotaryEmbedding(positions: scope.builder.positions(chunk)) : nil
        let embedder = TimestepEmbedder(scope.child("t_embedder"), dim: dim, frequencyDim: frequencyEmbedDim)
        let blocks = (0..<depth).map {
            DiTBlock(scope.child("blocks.\($0)"), dim: dim, heads: heads, conditionDim: dim, hidden: hidden, feedForward: feedForward)
        }
        let finalModulation = AdaLNModulation(scope.child("final.adaLN_modulation"), conditionDim: dim, dim: dim, count: 2)
        let actionOut = Linear(scope.child("action_out"), inFeatures: dim, outFeatures: context.action.dim)
        return { x, t in
            let c = scope.enter { pooled + embedder(t) }
            var h = scope.enter { () -> Tensor in
                let tokens = embed(x)
                return table.map { tokens + $0 } ?? tokens
            }
            for (index, block) in blocks.enumerated() {
                h = block(h, condition: c, causal: causal, rotary: rotary, dropout: dropout?(index))
            }
            let m = finalModulation(c)
            return actionOut(scope.enter { modulate(layerNorm(h, epsilon: 1e-6), shift: m[0], scale: m[1]) })
        }
    }
}

extension Scope {
    /// True when the parameter or node path `name` lies in this scope.
    func contains(_ name: String) -> Bool { path.isEmpty || name == path || name.hasPrefix(path + ".") }
}
