import Compiler
import Foundation
import SpecLang

/// `discrete_diffusion` (Discrete Diffusion VLA, LLaDA-VLA). Parameters under `head`:
/// `condition_proj.<i>` (Linear, for condition ports whose width is not `dim`),
/// `token_embed` (Embedding(bins + 1, dim); id `bins` is [MASK]), `dim_embed` [action.dim, dim],
/// `step_embed` [chunk, dim] (all N(0, 0.02)), `blocks.<i>` (pre-LN `TransformerBlock`, GELU,
/// bidirectional), `norm` and `logits` (Linear(dim, bins)).
///
/// Action token `s·action.dim + d` (chunk step s, dimension d) of a normalised chunk is its bin:
/// `⌊(a − low)/(high − low)·bins⌋` clamped to `0 … bins − 1`, or with `gripper: binary` for the
/// last dimension 1 when `a ≥ (low + high)/2`, else 0. Tokens decode to bin centres
/// `low + (id + ½)(high − low)/bins` (the binary gripper to `low` or `high`).
extension DiscreteDiffusionHead: HeadLowering {
    func model(_ conditions: [PortValue], context: HeadContext) -> any HeadModel {
        let scope = context.scope
        let (chunk, actionDim) = (context.action.chunk, context.action.dim)
        let prefix = scope.enter { () -> Tensor in
            let tokens = conditions.enumerated().map { index, port -> Tensor in
                let sequence = port.sequence
                guard port.port.width != dim else { return sequence }
                return Linear(scope.child("condition_proj.\(index)"), inFeatures: port.port.width, outFeatures: dim)(sequence)
            }
            return tokens.count == 1 ? tokens[0] : concat(tokens, axis: 1)
        }
        let embedding = Embedding(scope.child("token_embed"), count: bins + 1, dim: dim, initializer: .normal(mean: 0, std: 0.02))
        let dimEmbed = scope.parameter("dim_embed", [actionDim, dim], .normal(mean: 0, std: 0.02))
        let stepEmbed = scope.parameter("step_embed", [chunk, dim], .normal(mean: 0, std: 0.02))
        let configuration = TransformerBlock.Configuration(dim: dim, heads: heads, hidden: hiddenWidth(dim, ratio: mlpRatio),
                                                           feedForward: .mlp(.gelu))
        let blocks = (0..<depth).map { TransformerBlock(scope.child("blocks.\($0)"), configuration) }
        let norm = LayerNorm(scope.child("norm"), features: dim)
        let output = Linear(scope.child("logits"), inFeatures: dim, outFeatures: bins)
        let binary = gripper == .binary
        // Positions × bins: 0 where a position cannot take a bin (the binary gripper's bins 2…).
        let penalty = scope.builder.constant(HostTensor(shape: [chunk * actionDim, bins], floats: (0..<(chunk * actionDim)).flatMap { position in
            (0..<bins).map { bin in binary && position % actionDim == actionDim - 1 && bin >= 2 ? -1e9 : 0 }
        }))
        let model = TokenModel(bins: bins, head: self, context: context) { tokens in
            scope.enter { () -> Tensor in
                let length = chunk * actionDim
                let positions = (dimEmbed.unsqueezed(0) + stepEmbed.unsqueezed(1)).reshaped([length, dim])
                let actionTokens = embedding(tokens.cast(to: .i32)) + positions
                var h = concat([prefix, actionTokens], axis: 1)
                for block in blocks { h = block(h) }
                let states = norm(h).slice(axis: 1, (h.shape[1] - length)..<h.shape[1])
                return output(states) + penalty
            }
        }
        return model
    }
}

/// The masked-token model of a discrete-diffusion head: tokenisation, logits, and the
/// confidence-ordered unmasking loop.
struct TokenModel: TokenStep {
    let bins: Int
    let head: DiscreteDiffusionHead
    let context: HeadContext
    let network: (Tensor) -> Tensor

    init(bins: Int, head: DiscreteDiffusionHead, context: HeadContext, network: @escaping (Tensor) -> Tensor) {
        self.bins = bins
        self.head = head
        self.context = context
        self.network = network
    }

    private var length: Int { context.action.chunk * context.action.dim }
    private var range: (low: Double, high: Double) { (context.action.range[0], context.action.range[1]) }
    /// 1 at the binary gripper's positions, [length].
    private func gripperPositions(_ builder: GraphBuilder) -> Tensor {
        let d = context.action.dim
        return builder.constant(HostTensor(shape: [length], floats: (0..<length).map {
            head.gripper == .binary && $0 % d == d - 1 ? 1 : 0
        }))
    }

    func logits(_ tokens: Tensor) -> Tensor { network(tokens) }

    func tokens(of actions: Tensor) -> Tensor {
        context.scope.enter { () -> Tensor in
            let flat = actions.reshaped([context.batch, length])
            let (low, high) = range
            let scaled = minimum(maximum((flat - low) * (Double(bins) / (high - low)), 0), Double(bins) - 1)
            let uniform = scaled.cast(to: .i32).cast(to: .f32)
            let binary = flat.compared(.ge, (low + high) / 2)
            return select(gripperPositions(flat.builder), binary, uniform)
        }
    }

    /// Actions `[batch, chunk, action.dim]` of token ids `[batch, length]`.
    func actions(of tokens: Tensor) -> Tensor {
        let (low, high) = range
        let centres = tokens * ((high - low) / Double(bins)) + (low + (high - low) / Double(2 * bins))
        let binary = tokens * (high - low) + low
        return select(gripperPositions(tokens.builder), binary, centres).reshaped([context.batch, context.action.chunk, context.action.dim])
    }

    func act(noise: NoiseDraws) -> Tensor {
        let scope = context.scope
        return scope.enter { () -> Tensor in
            let builder = scope.builder
            let (batch, rounds, maskID) = (context.batch, head.rounds, Double(bins))
            var tokens = builder.constant(maskID, shape: [batch, length])
            var committed = builder.constant(0, shape: [batch, length])
            var committedProbability = builder.constant(0, shape: [batch, length])
            let binIDs = builder.constant(HostTensor(shape: [bins], floats: (0..<bins).map(Float.init)))
            // Ties in confidence go to the earlier position: [i, j] = 1 when j < i.
            let earlier = builder.constant(HostTensor(shape: [length, length], floats: (0..<length).flatMap { i in
                (0..<length).map { j in j < i ? 1 : 0 }
            }))
            for round in 1...rounds {
                let logits = self.logits(tokens)
                let probabilities = softmax(head.temperature > 0 ? logits * (1 / head.temperature) : logits)
                var scores = logits
                if head.temperature > 0 {
                    let u = noise.uniform("noise.gumbel.\(round)", batch: batch, shape: [length, bins])
                    scores = logits * (1 / head.temperature) - (-(maximum(u, 1e-20)).log()).log()
                }
                let candidate = Self.argmax(scores, ids: binIDs)
                let chosen = oneHot(candidate.cast(to: .i32), classes: bins)
                let candidateProbability = (probabilities * chosen).sum(axes: [-1])
                let confidence: Tensor
                switch head.confidence {
                case .maxProb:
                    confidence = candidateProbability
                case .margin:
                    confidence = candidateProbability - maximum((probabilities - chosen * 2).max(axes: [-1]), 0)
                }
                if round < rounds {
                    // Secondary re-masking of committed tokens the new prediction doubts.
                    let threshold = head.remaskThreshold[0]
                        + (head.remaskThreshold[1] - head.remaskThreshold[0]) * Double(round - 1) / Double(Swift.max(rounds - 1, 1))
                    let current = (probabilities * oneHot(minimum(tokens, maskID - 1).cast(to: .i32), classes: bins)).sum(axes: [-1])
                    let doubted = maximum(current.compared(.lt, threshold), (committedProbability - current).compared(.gt, head.remaskDrop))
                    committed = committed * (1 - doubted)
                }
                let masked = 1 - committed
                let keep = round == rounds ? 0 : Int((Double(length) * cos(Double.pi / 2 * Double(round) / Double(rounds))).rounded(.up))
                let commits = maximum(masked.sum(axes: [1], keepDims: true) - Double(keep), 0)
                // Rank of each masked position by confidence among the masked positions.
                let score = select(masked, confidence, builder.constant(-1e9, shape: [batch, length]))
                let above = score.unsqueezed(1).compared(.gt, score.unsqueezed(2))
                    + score.unsqueezed(1).compared(.eq, score.unsqueezed(2)) * earlier
                let rank = (above * masked.unsqueezed(1)).sum(axes: [2])
                let newly = masked * rank.compared(.lt, commits)
                committedProbability = select(newly, candidateProbability, committedProbability)
                tokens = select(newly, candidate, select(committed, tokens, builder.constant(maskID, shape: [batch, length])))
                committed = committed + newly
            }
            return actions(of: tokens)
        }
    }

    /// The first id of the largest score along the last axis, as f32 `[...]`.
    static func argmax(_ scores: Tensor, ids: Tensor) -> Tensor {
        let isMax = scores.compared(.eq, scores.max(axes: [-1], keepDims: true))
        let large = Double(ids.shape[0])
        return -(-select(isMax, ids, ids.builder.constant(large, shape: scores.shape))).max(axes: [-1])
    }
}

/// `masked_diffusion`: absorbing-mask discrete diffusion training of a masked-token head (see
/// the objective's docs): per sample γ from `target.mask_ratio` (uniform), per token a mask
/// draw `target.mask` [chunk · action.dim]; cross-entropy on the masked positions.
extension MaskedDiffusionObjective: ObjectiveLowering {
    func loss(_ context: ObjectiveContext) throws(LoweringError) -> Tensor {
        let step = try context.step((any TokenStep).self)
        let length = context.spec.action.chunk * context.spec.action.dim
        let targets = step.tokens(of: context.actionChunk())
        let u = context.request("mask_ratio", shape: [], source: .uniform)
        let draws = context.request("mask", shape: [length], source: .uniform)
        let (masked, ratio, inputs) = context.scope.enter { () -> (Tensor, Tensor, Tensor) in
            let ratio: Tensor
            switch maskRatio {
            case .uniform: ratio = u * (1 - minMaskRatio) + minMaskRatio
            case .cosine: ratio = maximum((u * (Double.pi / 2)).cos(), minMaskRatio)
            }
            let masked = draws.compared(.lt, ratio.unsqueezed(1))
            return (masked, ratio, select(masked, context.builder.constant(Double(step.bins), shape: masked.shape), targets))
        }
        let logits = step.logits(inputs)
        return context.scope.enter { () -> Tensor in
            switch weighting {
            case .none:
                return crossEntropy(logits, targets: targets.cast(to: .i32), weights: masked)
            case .inverseRatio:
                let perToken = -(logSoftmax(logits) * oneHot(targets.cast(to: .i32), classes: step.bins)).sum(axes: [-1])
                return ((perToken * masked).sum(axes: [1]) / (ratio * Double(length))).mean()
            }
        }
    }
}
