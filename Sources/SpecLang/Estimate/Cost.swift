/// Parameters, FLOPs and activation tensors of a component, built layer by layer with the
/// same structure the compiler lowers (PyTorch conventions: `Linear` has weight and bias,
/// `LayerNorm` weight and bias, attention is `qkv` + `proj`, the MLP `fc1` + `fc2`).
///
/// FLOPs count 2 per multiply-add of linear layers, convolutions and the two attention
/// products (scores and weighted values); element-wise work is not counted. Activations
/// are counted in elements (f32, batch 1): every tensor a linear layer, a convolution or
/// an attention product produces (attention scores, one n × m matrix per head, included);
/// ``largestIntermediate`` is the biggest of them, ``intermediates`` their sum. All
/// arithmetic saturates at `Int.max`, so absurd specs give a huge estimate instead of a
/// crash.
public struct Cost: Sendable, Hashable {
    public var parameters: Int = 0
    public var flops: Int = 0
    /// Elements of the largest tensor one layer produces.
    public var largestIntermediate: Int = 0
    /// Elements of all tensors the layers produce (what a backward pass keeps).
    public var intermediates: Int = 0

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

    /// Records a tensor of `elements` produced by a layer.
    mutating func produces(_ elements: Int) {
        largestIntermediate = max(largestIntermediate, elements)
        intermediates = Self.add(intermediates, elements)
    }

    /// `Linear(inFeatures, outFeatures)` applied to `rows` vectors.
    mutating func linear(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, rows: Int) {
        addParameters(Self.add(Self.mul(inFeatures, outFeatures), bias ? outFeatures : 0))
        addFlops(Self.mul(2, rows, inFeatures, outFeatures))
        produces(Self.mul(rows, outFeatures))
    }

    /// `LayerNorm(dim)` (weight and bias; none when not affine).
    mutating func layerNorm(_ dim: Int, affine: Bool = true) { if affine { addParameters(Self.mul(2, dim)) } }

    /// `RMSNorm(dim)` (weight only).
    mutating func rmsNorm(_ dim: Int) { addParameters(dim) }

    /// A learned table of `rows` vectors of width `dim` (embeddings, positions, queries).
    mutating func table(_ rows: Int, _ dim: Int) { addParameters(Self.mul(rows, dim)) }

    /// The two attention products for `queries` rows over `keys` rows of width `dim`
    /// split into `heads`: the scores (`heads × queries × keys`) and the weighted values.
    mutating func attentionProducts(queries: Int, keys: Int, dim: Int, heads: Int) {
        addFlops(Self.mul(4, queries, keys, dim))
        produces(Self.mul(heads, queries, keys))
        produces(Self.mul(queries, dim))
    }

    /// `Conv2d(inChannels, outChannels, kernel)` producing an `outHeight × outWidth` map.
    mutating func conv2d(_ inChannels: Int, _ outChannels: Int, kernel: Int, outHeight: Int, outWidth: Int) {
        addParameters(Self.add(Self.mul(kernel, kernel, inChannels, outChannels), outChannels))
        addFlops(Self.mul(2, kernel, kernel, inChannels, outChannels, outHeight, outWidth))
        produces(Self.mul(outChannels, outHeight, outWidth))
    }

    /// Self-attention with `qkv` and `proj` linears (with bias) over `tokens` rows.
    mutating func selfAttention(tokens: Int, dim: Int, heads: Int) {
        linear(dim, 3 * dim, rows: tokens)
        attentionProducts(queries: tokens, keys: tokens, dim: dim, heads: heads)
        linear(dim, dim, rows: tokens)
    }

    /// The `fc1`, `fc2` MLP with a `hidden`-wide middle over `tokens` rows.
    mutating func mlp(tokens: Int, dim: Int, hidden: Int) {
        linear(dim, hidden, rows: tokens)
        linear(hidden, dim, rows: tokens)
    }

    /// A pre-LayerNorm transformer block: `norm1, attn.qkv, attn.proj, norm2, mlp.fc1,
    /// mlp.fc2`. Parameters: (4 + 2r)·d² + (9 + r)·d for `hidden = r·d`.
    mutating func transformerBlock(tokens: Int, dim: Int, hidden: Int, heads: Int, affineNorms: Bool = true) {
        layerNorm(dim, affine: affineNorms)
        selfAttention(tokens: tokens, dim: dim, heads: heads)
        layerNorm(dim, affine: affineNorms)
        mlp(tokens: tokens, dim: dim, hidden: hidden)
    }

    /// Adds `other`, run after what is counted so far, with its FLOPs counted `times` times
    /// (a sub-network run repeatedly: its tensors are reused from one run to the next).
    mutating func add(_ other: Cost, flopsTimes times: Int = 1) {
        addParameters(other.parameters)
        addFlops(Self.mul(other.flops, times))
        largestIntermediate = max(largestIntermediate, other.largestIntermediate)
        intermediates = Self.add(intermediates, other.intermediates)
    }

    /// The cost of running the same layers on `count` inputs at once (the frames of a
    /// per-frame encoder): FLOPs and every tensor `count` times larger.
    func batched(_ count: Int) -> Cost {
        var cost = Cost(parameters: parameters, flops: Self.mul(flops, count))
        cost.largestIntermediate = Self.mul(largestIntermediate, count)
        cost.intermediates = Self.mul(intermediates, count)
        return cost
    }

    /// The cost when a backward pass follows (as in energy descent): every tensor is kept,
    /// so the largest live set is their sum.
    func keepingIntermediates() -> Cost {
        var cost = self
        cost.largestIntermediate = intermediates
        return cost
    }
}

/// The width of an MLP's hidden layer for a ratio such as 4 or 2.67 of `dim`: the one formula
/// the estimates and the compiler's lowering share.
public func hiddenWidth(_ dim: Int, ratio: Double) -> Int {
    let value = (Double(dim) * ratio).rounded()
    return value >= Double(Int.max / 4) ? Int.max / 4 : max(1, Int(value))
}
