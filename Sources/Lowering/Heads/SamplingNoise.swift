import Compiler

/// Where the random draws of a head's inference procedure come from (the starting noise of a
/// sampling loop, the noise a ddpm step adds, ...).
///
/// Each draw is a named, batch-major tensor `[batch, ...]` of standard normal values.
public enum SamplingNoise: Hashable, Sendable {
    /// Drawn in the graph (Philox, `random` op) from this seed: the same draw on every run.
    case seeded(UInt64)
    /// Drawn in the graph from this seed with the i32 scalar input `noise.counter` selecting
    /// the stream: a fresh draw for every counter value.
    case counted(UInt64)
    /// Fed by the caller: every draw is an input of its name (a ``DataRequest`` with source
    /// `normal`), so a policy can draw each row's noise from its own episode.
    case fed

    /// The counter input of `counted`.
    public static let counterInput = "noise.counter"
}

/// Makes the draws of one lowering and records the inputs `fed` draws add.
final class NoiseDraws {
    let mode: SamplingNoise
    let builder: GraphBuilder
    private(set) var requests: [DataRequest] = []
    private var counter: Tensor?

    init(_ mode: SamplingNoise, builder: GraphBuilder) {
        self.mode = mode
        self.builder = builder
    }

    /// Standard normal draws `[batch] + shape` called `name` (distinct names give independent
    /// draws: in the graph modes each name has its own seed offset).
    func normal(_ name: String, batch: Int, shape: [Int]) -> Tensor {
        draw(name, batch: batch, shape: shape, distribution: .normal(mean: 0, std: 1), source: .normal)
    }

    /// Uniform draws on [0, 1) `[batch] + shape` called `name`.
    func uniform(_ name: String, batch: Int, shape: [Int]) -> Tensor {
        draw(name, batch: batch, shape: shape, distribution: .uniform(low: 0, high: 1), source: .uniform)
    }

    private func draw(_ name: String, batch: Int, shape: [Int], distribution: RandomDistribution, source: DataSource) -> Tensor {
        let full = Shape([batch] + shape)
        switch mode {
        case .seeded(let seed):
            return builder.random(distribution, shape: full, seed: Self.seed(seed, name))
        case .counted(let seed):
            let counter = self.counter ?? builder.input(SamplingNoise.counterInput, .scalar, dtype: .i32)
            self.counter = counter
            return builder.random(distribution, shape: full, seed: Self.seed(seed, name), counter: counter)
        case .fed:
            let request = DataRequest(name: name, type: TensorType(full), source: source)
            requests.append(request)
            return request.declare(in: builder)
        }
    }

    /// The seed of draw `name`: the base seed mixed with a hash of the name (FNV-1a), so that
    /// draws are independent and do not depend on the order they are made in.
    static func seed(_ seed: UInt64, _ name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return seed ^ hash
    }
}
