import Compiler
import SpecLang

/// `moment_tokens` (HAMLET). Parameters under `encoders.<name>`:
/// - `input_proj.<i>` (Linear) for each input port whose width is not `dim` (`i` its position in
///   `input`);
/// - `moment_tokens` [n_q, dim] (N(0, 0.02²)) and `pos_embed` [1, step tokens + n_q, dim]
///   (trunc-normal 0.02);
/// - `blocks.<i>`: pre-LN `TransformerBlock`s (GELU MLP, biases) with a causal mask, and `norm`;
/// - `memory.blocks.<i>`: `norm1` (RMSNorm, eps 1e-5), `attn.qkv`, `attn.proj` (no biases;
///   HAMLET's q/k/v_proj stacked, o_proj), `norm2`, `mlp.fc1_g`, `mlp.fc1_x`, `mlp.fc2` (SwiGLU
///   without biases: gate, up, down), and `memory.norm`;
/// - `projector.0`, `projector.2` (Linear(dim, dim) each, SiLU between): the time-contrastive
///   projector g, declared with the policy but only read by the `time_contrastive` objective.
///
/// Linear weights are drawn N(0, 0.02²) with zero biases (HAMLET's init of the memory and the
/// projector, used for the whole encoder).
extension MomentTokensEncoder: EncoderLowering {
    func lower(_ context: EncoderContext) -> PortValue {
        let scope = context.scope
        let features = stepFeatures(context.inputs, scope: scope)
        let summary = momentTail(features)
        let stride = memoryStride ?? context.lowering.spec.action.executedSteps
        let window = context.history("summaries", current: summary, steps: memoryWindow, stride: stride) { inputs in
            self.momentTail(self.stepFeatures(inputs, scope: scope))
        }
        let memoryTokens = memory(window, scope: scope)
        _ = projector(scope)
        let value = scope.enter { () -> Tensor in
            switch output {
            case .memory: return memoryTokens
            case .features: return concat([features.slice(axis: 1, 0..<(features.shape[1] - tokensPerStep)), memoryTokens], axis: 1)
            }
        }
        return .checked(value.unsqueezed(1), port: context.output, batch: value.shape[0])
    }

    /// The step summaries m'_t `[batch, n_q, dim]` of a step's inputs (HAMLET's per-step value,
    /// what the memory and the time-contrastive objective read).
    func summary(_ inputs: [String: [PortValue]], scope: Scope) -> Tensor {
        momentTail(stepFeatures(inputs, scope: scope))
    }

    /// The time-contrastive projector g = Linear(dim, dim) → SiLU → Linear(dim, dim).
    func projector(_ scope: Scope) -> (Tensor) -> Tensor {
        let first = Linear(scope.child("projector.0"), inFeatures: dim, outFeatures: dim, weightInit: .normal(std: 0.02), biasInit: .zeros)
        let second = Linear(scope.child("projector.2"), inFeatures: dim, outFeatures: dim, weightInit: .normal(std: 0.02), biasInit: .zeros)
        return { x in second(scope.enter { silu(first(x)) }) }
    }

    /// The parameters the time-contrastive stage trains with `train_parts: tokens`.
    func tokenParameters(_ scope: Scope) -> [String] {
        [scope.qualified("moment_tokens")] + ["projector.0", "projector.2"].flatMap { [scope.qualified("\($0).weight"), scope.qualified("\($0).bias")] }
    }

    /// The moment tokens' rows of the causal encoder's outputs.
    private func momentTail(_ features: Tensor) -> Tensor {
        features.slice(axis: 1, (features.shape[1] - tokensPerStep)..<features.shape[1])
    }

    /// The causal encoder's outputs `[batch, step tokens + n_q, dim]` over a step's input tokens
    /// followed by the moment tokens.
    private func stepFeatures(_ inputs: [String: [PortValue]], scope: Scope) -> Tensor {
        let ports = inputs["input"] ?? []
        let batch = ports.first?.batch ?? 1
        let moments = scope.parameter("moment_tokens", [tokensPerStep, dim], .normal(std: 0.02))
        let tokens = ports.enumerated().map { index, port -> Tensor in
            let sequence = port.sequence
            guard port.port.width != dim else { return sequence }
            return Linear(scope.child("input_proj.\(index)"), inFeatures: port.port.width, outFeatures: dim,
                          weightInit: .normal(std: 0.02), biasInit: .zeros)(sequence)
        }
        let count = tokens.reduce(0) { $0 + $1.shape[1] } + tokensPerStep
        let positions = scope.parameter("pos_embed", [1, count, dim], .truncatedNormal(mean: 0, std: 0.02, low: -2, high: 2))
        var x = scope.enter { concat(tokens + [moments.unsqueezed(0).broadcast(to: [batch, tokensPerStep, dim])], axis: 1) + positions }
        let configuration = TransformerBlock.Configuration(dim: dim, heads: heads, hidden: hiddenWidth(dim, ratio: mlpRatio))
        for index in 0..<depth {
            let block = TransformerBlock(scope.child("blocks.\(index)"), configuration)
            Self.initializeLinears(scope.child("blocks.\(index)"))
            x = block(x, causal: true)
        }
        return LayerNorm(scope.child("norm"), features: dim)(x)
    }

    /// HAMLET's memory over the window `[batch, T, n_q, dim]`: its last n_q rows `[batch, n_q, dim]`.
    private func memory(_ window: Tensor, scope: Scope) -> Tensor {
        let builder = scope.builder, batch = window.shape[0]
        let length = memoryWindow * tokensPerStep
        let memoryScope = scope.child("memory")
        let configuration = TransformerBlock.Configuration(dim: dim, heads: memoryHeads, hidden: hiddenWidth(dim, ratio: memoryMlpRatio),
                                                           feedForward: .swiGLU, normalization: .rms(epsilon: 1e-5), bias: false)
        let (mask, rotary) = memoryScope.enter { () -> (Tensor, RotaryEmbedding) in
            let steps = (0..<length).map { Float($0 / tokensPerStep) }
            return (builder.blockCausalMask(blockSizes: [Int](repeating: tokensPerStep, count: memoryWindow)),
                    RotaryEmbedding(positions: builder.constant(HostTensor(shape: [length], floats: steps))))
        }
        var x = memoryScope.enter { window.reshaped([batch, length, dim]) }
        for index in 0..<memoryLayers {
            let block = TransformerBlock(memoryScope.child("blocks.\(index)"), configuration)
            Self.initializeLinears(memoryScope.child("blocks.\(index)"))
            x = block(x, mask: mask, rotary: rotary)
        }
        let normalized = RMSNorm(memoryScope.child("norm"), features: dim, epsilon: 1e-5)(x)
        return memoryScope.enter { normalized.slice(axis: 1, (length - tokensPerStep)..<length) }
    }

    /// N(0, 0.02²) weights and zero biases for the linears of a block declared at `scope`.
    private static func initializeLinears(_ scope: Scope) {
        scope.builder.overrideInitializers { name, shape in
            guard scope.contains(name) else { return nil }
            if name.hasSuffix(".weight") && shape.rank == 2 { return .normal(std: 0.02) }
            if name.hasSuffix(".bias") && !name.contains("norm") { return .zeros }
            return nil
        }
    }
}
