/// Parameters and FLOPs of a component, built layer by layer with the same structure the
/// compiler lowers (PyTorch conventions: `Linear` has weight and bias, `LayerNorm` weight
/// and bias, attention is `qkv` + `proj`, the MLP `fc1` + `fc2`).
///
/// FLOPs count 2 per multiply-add of linear layers, convolutions and the two attention
/// products (scores and weighted values); element-wise work is not counted. All arithmetic
/// saturates at `Int.max`, so absurd specs give a huge estimate instead of a crash.
public struct Cost: Sendable, Hashable {
    public var parameters: Int = 0
    public var flops: Int = 0

    public init(parameters: Int = 0, flops: Int = 0) {
        self.parameters = parameters
        self.flops = flops
    }

    static func mul(_ values: Int...) -> Int {
        values.reduce(1) { a, b in
            let (r, o) = a.multipliedReportingOverflow(by: b)
            return o ? Int.max : r
        }
    }

    static func add(_ a: Int, _ b: Int) -> Int {
        let (r, o) = a.addingReportingOverflow(b)
        return o ? Int.max : r
    }

    mutating func addParameters(_ n: Int) { parameters = Self.add(parameters, n) }
    mutating func addFlops(_ n: Int) { flops = Self.add(flops, n) }

    /// `Linear(inFeatures, outFeatures)` applied to `rows` vectors.
    mutating func linear(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, rows: Int) {
        addParameters(Self.add(Self.mul(inFeatures, outFeatures), bias ? outFeatures : 0))
        addFlops(Self.mul(2, rows, inFeatures, outFeatures))
    }

    /// `LayerNorm(dim)` (weight and bias; none when not affine).
    mutating func layerNorm(_ dim: Int, affine: Bool = true) { if affine { addParameters(Self.mul(2, dim)) } }

    /// `RMSNorm(dim)` (weight only).
    mutating func rmsNorm(_ dim: Int) { addParameters(dim) }

    /// A learned table of `rows` vectors of width `dim` (embeddings, positions, queries).
    mutating func table(_ rows: Int, _ dim: Int) { addParameters(Self.mul(rows, dim)) }

    /// The two attention products for `queries` rows over `keys` rows of width `dim`.
    mutating func attentionProducts(queries: Int, keys: Int, dim: Int) {
        addFlops(Self.mul(4, queries, keys, dim))
    }

    /// `Conv2d(inChannels, outChannels, kernel)` producing an `outHeight × outWidth` map.
    mutating func conv2d(_ inChannels: Int, _ outChannels: Int, kernel: Int, outHeight: Int, outWidth: Int) {
        addParameters(Self.add(Self.mul(kernel, kernel, inChannels, outChannels), outChannels))
        addFlops(Self.mul(2, kernel, kernel, inChannels, outChannels, outHeight, outWidth))
    }

    /// Self-attention with `qkv` and `proj` linears (with bias) over `tokens` rows.
    mutating func selfAttention(tokens: Int, dim: Int) {
        linear(dim, 3 * dim, rows: tokens)
        attentionProducts(queries: tokens, keys: tokens, dim: dim)
        linear(dim, dim, rows: tokens)
    }

    /// The `fc1`, `fc2` MLP with a `hidden`-wide middle over `tokens` rows.
    mutating func mlp(tokens: Int, dim: Int, hidden: Int) {
        linear(dim, hidden, rows: tokens)
        linear(hidden, dim, rows: tokens)
    }

    /// A pre-LayerNorm transformer block: `norm1, attn.qkv, attn.proj, norm2, mlp.fc1,
    /// mlp.fc2`. Parameters: (4 + 2r)·d² + (9 + r)·d for `hidden = r·d`.
    mutating func transformerBlock(tokens: Int, dim: Int, hidden: Int, affineNorms: Bool = true) {
        layerNorm(dim, affine: affineNorms)
        selfAttention(tokens: tokens, dim: dim)
        layerNorm(dim, affine: affineNorms)
        mlp(tokens: tokens, dim: dim, hidden: hidden)
    }

    /// Adds `other`, with its FLOPs counted `times` times (a sub-network run repeatedly).
    mutating func add(_ other: Cost, flopsTimes times: Int = 1) {
        addParameters(other.parameters)
        addFlops(Self.mul(other.flops, times))
    }
}

/// The width of an MLP's hidden layer for a ratio such as 4 or 2.67 of `dim`.
func hiddenWidth(_ dim: Int, ratio: Double) -> Int {
    let value = (Double(dim) * ratio).rounded()
    return value >= Double(Int.max / 4) ? Int.max / 4 : max(1, Int(value))
}
