/// How a parameter's initial values are drawn. Defaults follow PyTorch (docs/weights.md):
/// `nn.Linear`/`nn.Conv2d` weights `kaimingUniform(fanIn:, a: sqrt 5)` (= uniform(+-1/sqrt(fan_in))),
/// their biases `uniform(+-1/sqrt(fan_in))`, norm weights `ones`, norm biases `zeros`,
/// `nn.Embedding` `normal(0, 1)`. Layers take overrides (`normal(0, 0.02)`, `zeros` for
/// adaLN-Zero, ...).
public indirect enum Initializer: Hashable, Sendable, CustomStringConvertible {
    case zeros
    case ones
    case constant(Double)
    /// Uniform on `[low, high)`.
    case uniform(low: Double, high: Double)
    case normal(mean: Double, std: Double)
    /// Normal resampled until it falls in `[low, high]` (timm's `trunc_normal_`; bounds absolute).
    case truncatedNormal(mean: Double, std: Double, low: Double, high: Double)
    /// PyTorch's `kaiming_uniform_(w, a)` with leaky-ReLU gain: uniform(+-bound),
    /// `bound = sqrt(6 / ((1 + a^2) fanIn))`.
    case kaimingUniform(fanIn: Int, a: Double)
    /// PyTorch's `xavier_uniform_(w)` (DiT's init of every Linear): uniform(+-bound),
    /// `bound = sqrt(6 / (fanIn + fanOut))`.
    case xavierUniform(fanIn: Int, fanOut: Int)
    /// The values `initializer` draws for the parameter named `name`: a parameter that starts
    /// as a copy of another (an EMA target encoder starts equal to its online encoder).
    case copy(of: String, Initializer)

    /// PyTorch's default `nn.Linear`/`nn.Conv2d` weight initialiser for `fanIn` inputs.
    public static func pytorchWeight(fanIn: Int) -> Initializer { .kaimingUniform(fanIn: fanIn, a: 5.0.squareRoot()) }

    /// PyTorch's default `nn.Linear`/`nn.Conv2d` bias initialiser for `fanIn` inputs.
    public static func pytorchBias(fanIn: Int) -> Initializer {
        let bound = fanIn > 0 ? 1 / Double(fanIn).squareRoot() : 0
        return .uniform(low: -bound, high: bound)
    }

    /// `normal(0, std)`, the common transformer override (`std` 0.02).
    public static func normal(std: Double) -> Initializer { .normal(mean: 0, std: std) }

    public var description: String {
        switch self {
        case .zeros: return "zeros"
        case .ones: return "ones"
        case .constant(let value): return "constant(\(value))"
        case .uniform(let low, let high): return "uniform(\(low), \(high))"
        case .normal(let mean, let std): return "normal(\(mean), \(std))"
        case .truncatedNormal(let mean, let std, let low, let high): return "trunc_normal(\(mean), \(std), [\(low), \(high)])"
        case .kaimingUniform(let fanIn, let a): return "kaiming_uniform(fan_in=\(fanIn), a=\(a))"
        case .xavierUniform(let fanIn, let fanOut): return "xavier_uniform(fan_in=\(fanIn), fan_out=\(fanOut))"
        case .copy(let source, let initializer): return "copy of \(source) (\(initializer))"
        }
    }
}

extension Initializer {
    /// The initial values of parameter `name` with `count` elements under `seed`, as Double.
    /// Each parameter draws from its own Philox stream (`CounterRandom.streamID(name)`), so
    /// values depend only on (seed, name, element index): adding or reordering parameters
    /// does not change the others.
    public func values(count: Int, seed: UInt64, name: String) -> [Double] {
        let random = CounterRandom(seed: seed, stream: CounterRandom.streamID(name))
        switch self {
        case .zeros: return [Double](repeating: 0, count: count)
        case .ones: return [Double](repeating: 1, count: count)
        case .constant(let value): return [Double](repeating: value, count: count)
        case .uniform(let low, let high):
            return (0..<count).map { random.sample(.uniform(low: low, high: high), UInt64($0)) }
        case .normal(let mean, let std):
            return (0..<count).map { random.sample(.normal(mean: mean, std: std), UInt64($0)) }
        case .truncatedNormal(let mean, let std, let low, let high):
            return (0..<count).map { index in
                var attempt: UInt64 = 0
                while true {
                    let value = random.retry(attempt).sample(.normal(mean: mean, std: std), UInt64(index))
                    if (value >= low && value <= high) || attempt >= 1000 { return min(max(value, low), high) }
                    attempt += 1
                }
            }
        case .kaimingUniform(let fanIn, let a):
            let bound = fanIn > 0 ? (6 / ((1 + a * a) * Double(fanIn))).squareRoot() : 0
            return Initializer.uniform(low: -bound, high: bound).values(count: count, seed: seed, name: name)
        case .xavierUniform(let fanIn, let fanOut):
            let bound = fanIn + fanOut > 0 ? (6 / Double(fanIn + fanOut)).squareRoot() : 0
            return Initializer.uniform(low: -bound, high: bound).values(count: count, seed: seed, name: name)
        case .copy(let source, let initializer):
            return initializer.values(count: count, seed: seed, name: source)
        }
    }

    /// `values(count:seed:name:)` rounded to f32.
    public func floatValues(count: Int, seed: UInt64, name: String) -> [Float] {
        values(count: count, seed: seed, name: name).map(Float.init)
    }
}
