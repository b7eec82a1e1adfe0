/// `mlp` encoder: a stack of linear layers, per vector or per token.
public struct MLPEncoder: EncoderComponent, Hashable {
    public var input = ""
    public var hidden = [256, 256]
    public var activation = Activation.gelu
    public var norm = HiddenNorm.none

    public init() {}

    public static let kind = "mlp"
    public static let family = Family.encoder
    public static let summary = "linear layers with an activation (per vector, or per token)"
    public static let details = "Linear → (LayerNorm) → activation for each hidden width. On a token port it runs on every token."
    public static let example = "trunk: {kind: mlp, input: state, hidden: [256, 256], activation: gelu}"
    public static let parameters: [Parameter<MLPEncoder>] = [
        Parameter("input", \.input, .reference(.port), required: true, "the port to encode (vector or tokens)"),
        Parameter("hidden", \.hidden, .list(.int(1...65_536), 1...32), "width of each layer; the last is the output width"),
        Parameter("activation", \.activation, .enumeration(Activation.self), "activation after each layer"),
        Parameter("norm", \.norm, .enumeration(HiddenNorm.self), "LayerNorm after each linear (layer) or none"),
    ]
    public static let inputs = [PortInput("input", accepts: [.vector, .tokens])]
    public static let outputDoc = "vector[hidden[-1]] for a vector input, tokens[N, hidden[-1]] for tokens; frames kept"
    public static let outputReads = ["input", "hidden"]
    public static let rules: [Rule<MLPEncoder>] = []

    public func output(_ context: ComponentContext) -> Port {
        let port = context.port("input")!
        let width = hidden.last ?? port.width
        switch port.type {
        case .tokens(let n, _): return Port(.tokens(count: n, dim: width), frames: port.frames)
        default: return Port(.vector(dim: width), frames: port.frames)
        }
    }

    public func cost(_ context: ComponentContext) -> Cost {
        let port = context.port("input")!
        var cost = Cost()
        var width = port.width
        for h in hidden {
            cost.linear(width, h, rows: port.tokenCount)
            if norm == .layer { cost.layerNorm(h) }
            width = h
        }
        return cost
    }
}

/// `cnn` encoder: strided convolutions over an image.
public struct CNNEncoder: EncoderComponent, Hashable {
    public var input = ""
    public var channels = [32, 64, 128]
    public var kernel = 3
    public var stride = 2
    public var activation = Activation.relu
    public var output = OutputForm.tokens

    public init() {}

    public static let kind = "cnn"
    public static let family = Family.encoder
    public static let summary = "strided Conv2d stack over an image; grid tokens or pooled vector"
    public static let details = """
        One Conv2d(kernel, stride, padding kernel/2) + activation per entry of `channels`. \
        The final feature map is either flattened into grid tokens or averaged into one vector.
        """
    public static let example = "vision: {kind: cnn, input: agentview, channels: [32, 64, 128], kernel: 3, stride: 2}"
    public static let parameters: [Parameter<CNNEncoder>] = [
        Parameter("input", \.input, .reference(.port), required: true, "the image port"),
        Parameter("channels", \.channels, .list(.int(1...4096), 1...16), "output channels of each conv layer"),
        Parameter("kernel", \.kernel, .int(1...15), "square kernel size (odd)"),
        Parameter("stride", \.stride, .int(1...8), "stride of every layer"),
        Parameter("activation", \.activation, .enumeration(Activation.self), "activation after each conv"),
        Parameter("output", \.output, .enumeration(OutputForm.self), "grid tokens [H'·W', C] or the pooled vector [C]"),
    ]
    public static let inputs = [PortInput("input", accepts: [.image])]
    public static let outputDoc = "tokens[H'·W', channels[-1]] (or vector[channels[-1]]); H' = ⌊(H − 1)/stride⌋ + 1 per layer; frames kept"
    public static let outputReads = ["input", "channels", "stride", "output"]
    public static let rules: [Rule<CNNEncoder>] = [
        .when(.inconsistentSizes, "`kernel` is odd (padding kernel/2 keeps the grid centred)", at: "kernel", reads: ["kernel"]) { c, _ in
            c.kernel % 2 == 1 ? nil : "kernel must be odd, found \(c.kernel)"
        },
    ]

    /// Height and width of the feature map after every layer.
    func grid(_ port: Port) -> (Int, Int) {
        guard case let .image(_, h, w) = port.type else { return (1, 1) }
        var (height, width) = (h, w)
        for _ in channels {
            height = (height - 1) / stride + 1
            width = (width - 1) / stride + 1
        }
        return (height, width)
    }

    public func output(_ context: ComponentContext) -> Port {
        let port = context.port("input")!
        let (h, w) = grid(port)
        let c = channels.last ?? 1
        return Port(output == .tokens ? .tokens(count: h * w, dim: c) : .vector(dim: c), frames: port.frames)
    }

    public func cost(_ context: ComponentContext) -> Cost {
        let port = context.port("input")!
        guard case let .image(c0, h0, w0) = port.type else { return Cost() }
        var cost = Cost()
        var (c, h, w) = (c0, h0, w0)
        for out in channels {
            h = (h - 1) / stride + 1
            w = (w - 1) / stride + 1
            cost.conv2d(c, out, kernel: kernel, outHeight: h, outWidth: w)
            c = out
        }
        return cost.batched(port.frames)
    }
}

/// `transformer` encoder: a pre-LayerNorm transformer over tokens.
public struct TransformerEncoder: EncoderComponent, Hashable {
    public var input = ""
    public var dim = 128
    public var depth = 2
    public var heads = 4
    public var mlpRatio = 4.0
    public var causal = false
    public var positional = Positional.learned
    public var activation = Activation.gelu

    public init() {}

    public static let kind = "transformer"
    public static let family = Family.encoder
    public static let summary = "pre-LayerNorm transformer over a token sequence (all frames together)"
    public static let details = """
        Projects the input tokens to `dim` (a Linear when widths differ), adds positions, and runs \
        `depth` pre-LN blocks (LayerNorm, multi-head self-attention, LayerNorm, MLP with `activation`) and a final \
        LayerNorm. Frames of history are concatenated into one sequence; a vector port is one token per frame.
        """
    public static let example = "backbone: {kind: transformer, input: features, dim: 256, depth: 4, heads: 8}"
    public static let parameters: [Parameter<TransformerEncoder>] = [
        Parameter("input", \.input, .reference(.port), required: true, "the token (or vector) port"),
        Parameter("dim", \.dim, .int(1...16_384), "model width"),
        Parameter("depth", \.depth, .int(1...128), "number of blocks"),
        Parameter("heads", \.heads, .int(1...256), "attention heads (divides dim)"),
        Parameter("mlp_ratio", \.mlpRatio, .number(0.25...16), "MLP hidden width as a multiple of dim"),
        Parameter("causal", \.causal, .boolean, "causal attention mask (token i sees tokens ≤ i)"),
        Parameter("positional", \.positional, .enumeration(Positional.self), "position information: learned table, fixed sinusoids or none"),
        Parameter("activation", \.activation, .enumeration(Activation.self), "activation inside each block's MLP"),
    ]
    public static let inputs = [PortInput("input", accepts: [.tokens, .vector])]
    public static let outputDoc = "tokens[frames·N, dim], one frame"
    public static let outputReads = ["input", "dim"]
    public static let rules: [Rule<TransformerEncoder>] = [
        .divides("heads", \.heads, "dim", \.dim),
    ]

    public func output(_ context: ComponentContext) -> Port {
        Port(.tokens(count: context.port("input")!.tokenCount, dim: dim), frames: 1)
    }

    public func cost(_ context: ComponentContext) -> Cost {
        let port = context.port("input")!
        let n = port.tokenCount
        var cost = Cost()
        if port.width != dim { cost.linear(port.width, dim, rows: n) }
        if positional == .learned { cost.table(n, dim) }
        for _ in 0..<depth { cost.transformerBlock(tokens: n, dim: dim, hidden: hiddenWidth(dim, ratio: mlpRatio), heads: heads) }
        cost.layerNorm(dim)
        return cost
    }
}

/// `text_embedding`: token ids to embedding vectors.
public struct TextEmbeddingEncoder: EncoderComponent, Hashable {
    public var input = ""
    public var dim = 128

    public init() {}

    public static let kind = "text_embedding"
    public static let family = Family.encoder
    public static let summary = "learned token and position embeddings of an instruction"
    public static let details = "An Embedding(vocab, dim) plus a learned position table (max_tokens × dim)."
    public static let example = "text: {kind: text_embedding, input: instruction, dim: 128}"
    public static let parameters: [Parameter<TextEmbeddingEncoder>] = [
        Parameter("input", \.input, .reference(.port), required: true, "the text port"),
        Parameter("dim", \.dim, .int(1...16_384), "embedding width"),
    ]
    public static let inputs = [PortInput("input", accepts: [.text])]
    public static let outputDoc = "tokens[max_tokens, dim]"
    public static let outputReads = ["input", "dim"]
    public static let rules: [Rule<TextEmbeddingEncoder>] = []

    public func output(_ context: ComponentContext) -> Port {
        let port = context.port("input")!
        guard case let .text(t, _) = port.type else { return port }
        return Port(.tokens(count: t, dim: dim), frames: port.frames)
    }

    public func cost(_ context: ComponentContext) -> Cost {
        guard case let .text(t, vocab) = context.port("input")!.type else { return Cost() }
        var cost = Cost()
        cost.table(vocab, dim)
        cost.table(t, dim)
        return cost
    }
}

/// `proprio`: a projection of a proprioceptive vector.
public struct ProprioEncoder: EncoderComponent, Hashable {
    public var input = ""
    public var dim = 64
    public var norm = HiddenNorm.layer

    public init() {}

    public static let kind = "proprio"
    public static let family = Family.encoder
    public static let summary = "Linear projection (+ LayerNorm) of a state vector"
    public static let details = "Glue for state inputs: Linear(dim_in, dim), optionally followed by LayerNorm."
    public static let example = "robot: {kind: proprio, input: joint_state, dim: 64}"
    public static let parameters: [Parameter<ProprioEncoder>] = [
        Parameter("input", \.input, .reference(.port), required: true, "the vector port"),
        Parameter("dim", \.dim, .int(1...16_384), "output width"),
        Parameter("norm", \.norm, .enumeration(HiddenNorm.self), "LayerNorm after the projection (layer) or none"),
    ]
    public static let inputs = [PortInput("input", accepts: [.vector])]
    public static let outputDoc = "vector[dim]; frames kept"
    public static let outputReads = ["input", "dim"]
    public static let rules: [Rule<ProprioEncoder>] = []

    public func output(_ context: ComponentContext) -> Port {
        Port(.vector(dim: dim), frames: context.port("input")!.frames)
    }

    public func cost(_ context: ComponentContext) -> Cost {
        let port = context.port("input")!
        var cost = Cost()
        cost.linear(port.width, dim, rows: port.frames)
        if norm == .layer { cost.layerNorm(dim) }
        return cost
    }
}
