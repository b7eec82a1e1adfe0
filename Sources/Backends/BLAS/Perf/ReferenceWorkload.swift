import Compiler
import Foundation

/// The reference workloads of polspec's performance goals (shared/reference/performance.md,
/// tools/perf/reference_workloads.py), built with the layer builder:
///
/// - `infer_b1`, `infer_b32`: a 4-layer pre-LN transformer encoder (d_model 256, 4 heads, MLP
///   1024, GELU-tanh, final LayerNorm, no mask) on 64 tokens, batch 1 / 32;
/// - `train_b32`: the same at batch 32: forward, MSE loss, backward and AdamW (lr 1e-4,
///   weight decay 0.01) as one program;
/// - `ddim10_b1`: 10 DDIM steps (eta 0, 100-step linear betas 1e-4…0.02, timesteps 90, 80, …, 0)
///   of a 16×7 action chunk with an MLP denoiser [x_t 112 | obs 256 | sinusoidal t 128] → 512 →
///   512 → 512 → 112 (GELU-tanh), unrolled into one program;
/// - `train_cnn_b64`: the default `cnn` encoder (Conv2d 3 → 32 → 64 → 128, kernel 3, stride 2,
///   padding 1, ReLU) on each of two 64×64 RGB cameras, each final map averaged over its 8×8
///   grid, the two concatenated into Linear(256, 56), MSE against a target, backward and AdamW
///   (lr 1e-4, weight decay 0.01), batch 64.
public enum ReferenceWorkload: String, CaseIterable, Sendable {
    case inferB1 = "infer_b1"
    case inferB32 = "infer_b32"
    case trainB32 = "train_b32"
    case ddim10B1 = "ddim10_b1"
    case trainCNNB64 = "train_cnn_b64"

    /// A workload ready to compile: its graph, the state updates of a training step, and
    /// feeds for every input and parameter.
    public struct Instance {
        public var graph: Graph
        public var stateUpdates: [Program.StateUpdate]
        public var feeds: [String: HostTensor]

        /// `graph` with feeds for every parameter (the PyTorch-default initialisers under
        /// `seed`) and input: `fixed` where given, else token ids 0 and standard-normal floats.
        public init(graph: Graph, stateUpdates: [Program.StateUpdate] = [], fixed: [String: HostTensor] = [:], seed: UInt64 = 0) {
            var feeds = graph.initialParameters(seed: seed)
            for (position, input) in graph.inputs.enumerated() {
                if let value = fixed[input.name] {
                    feeds[input.name] = value
                } else if input.type.dtype == .i32 {
                    feeds[input.name] = HostTensor(zeros: input.type)
                } else {
                    let random = CounterRandom(seed: seed &+ 1, stream: UInt64(position))
                    let values = (0..<input.type.shape.elementCount).map { Float(random.sample(.normal(mean: 0, std: 1), UInt64($0))) }
                    feeds[input.name] = HostTensor(shape: input.type.shape, floats: values)
                }
            }
            self.graph = graph
            self.stateUpdates = stateUpdates
            self.feeds = feeds
        }
    }

    static let (dim, heads, hidden, layers, tokens) = (256, 4, 1024, 4, 64)
    static let (chunk, actionDim, observation, timeEmbedding, denoiserWidth, steps, trainSteps) = (16, 7, 256, 128, 512, 10, 100)
    static let (cameras, image, cnnChannels, cnnOutputs) = (["agentview", "wrist"], 64, [3, 32, 64, 128], 56)

    /// Builds the workload; parameters from the PyTorch-default initialisers under `seed`,
    /// inputs standard normal.
    public func instance(seed: UInt64 = 0) throws(GraphError) -> Instance {
        let graph: Graph
        var updates: [Program.StateUpdate] = []
        switch self {
        case .inferB1: graph = try Self.transformer(batch: 1, loss: false)
        case .inferB32: graph = try Self.transformer(batch: 32, loss: false)
        case .trainB32:
            (graph, updates) = try Self.transformer(batch: 32, loss: true)
                .appendingAdamWStep(loss: "loss", optimizer: AdamW(weightDecay: 0.01))
        case .ddim10B1: graph = try Self.ddim()
        case .trainCNNB64:
            (graph, updates) = try Self.cnn(batch: 64).appendingAdamWStep(loss: "loss", optimizer: AdamW(weightDecay: 0.01))
        }
        return Instance(graph: graph, stateUpdates: updates, fixed: Self.optimizerStart(graph), seed: seed)
    }

    /// The AdamW inputs of `graph`'s first step: step 1, lr 1e-4, zero moments.
    static func optimizerStart(_ graph: Graph) -> [String: HostTensor] {
        var fixed = [AdamW.Names.learningRate: HostTensor(shape: .scalar, floats: [1e-4]),
                     AdamW.Names.step: HostTensor(shape: .scalar, floats: [1])]
        for input in graph.inputs where input.name.hasPrefix("adamw.") { fixed[input.name] = HostTensor(zeros: input.type) }
        return fixed
    }

    /// The transformer encoder; with `loss`, also a target input and the MSE loss output.
    static func transformer(batch: Int, loss: Bool) throws(GraphError) -> Graph {
        let b = GraphBuilder()
        var h = b.input("x", [batch, tokens, dim])
        for index in 0..<layers {
            let block = TransformerBlock(b.root.child("blocks.\(index)"),
                                         .init(dim: dim, heads: heads, hidden: hidden, feedForward: .mlp(.geluTanh)))
            h = block(h)
        }
        let y = LayerNorm(b.root.child("norm"), features: dim)(h)
        if loss {
            b.output("loss", (y - b.input("target", [batch, tokens, dim])).squared().mean())
        } else {
            b.output("y", y)
        }
        return try b.finish()
    }

    /// The two-camera CNN regression step's loss graph.
    static func cnn(batch: Int) throws(GraphError) -> Graph {
        let b = GraphBuilder()
        var features: [Tensor] = []
        for camera in cameras {
            // NCHW images, channels-last maps from the first layer on (as the cnn encoder lowers).
            var h = b.input(camera, [batch, cnnChannels[0], image, image]).permuted([0, 2, 3, 1])
            for layer in 0..<cnnChannels.count - 1 {
                h = relu(Conv2d(b.root.child("\(camera).\(2 * layer)"), inChannels: cnnChannels[layer],
                                outChannels: cnnChannels[layer + 1], kernel: 3, stride: 2, padding: 1).channelsLast(h))
            }
            features.append(h.mean(axes: [1, 2]))
        }
        let prediction = Linear(b.root.child("head"), inFeatures: cameras.count * cnnChannels.last!, outFeatures: cnnOutputs)(concat(features, axis: 1))
        b.output("loss", (prediction - b.input("target", [batch, cnnOutputs])).squared().mean())
        return try b.finish()
    }

    /// The unrolled DDIM sampling loop around the MLP denoiser.
    static func ddim() throws(GraphError) -> Graph {
        let b = GraphBuilder()
        let width = chunk * actionDim
        var x = b.input("noise", [1, width])
        let obs = b.input("obs", [1, observation])
        let layers = [width + observation + timeEmbedding, denoiserWidth, denoiserWidth, denoiserWidth, width]
        let linears = (0..<4).map { Linear(b.root.child("denoiser.\($0)"), inFeatures: layers[$0], outFeatures: layers[$0 + 1]) }
        // Linear betas, cumulative products of 1 - beta (as numpy: float64, then float32).
        var alphaBars: [Double] = []
        var product = 1.0
        for index in 0..<trainSteps {
            product *= 1 - (1e-4 + (0.02 - 1e-4) * Double(index) / Double(trainSteps - 1))
            alphaBars.append(Double(Float(product)))
        }
        let timesteps = stride(from: trainSteps - trainSteps / steps, through: 0, by: -(trainSteps / steps)).map { $0 }
        for (index, t) in timesteps.enumerated() {
            var h = concat([x, obs, b.constant(HostTensor(shape: [1, timeEmbedding], floats: timestepEmbedding(t)))], axis: 1)
            for (layer, linear) in linears.enumerated() {
                h = linear(h)
                if layer < linears.count - 1 { h = gelu(h, approximation: .tanh) }
            }
            let a = alphaBars[t]
            let previous = index + 1 < timesteps.count ? alphaBars[timesteps[index + 1]] : 1
            let x0 = (x - (1 - a).squareRoot() * h) / a.squareRoot()
            x = previous.squareRoot() * x0 + (1 - previous).squareRoot() * h
        }
        b.output("action", x)
        return try b.finish()
    }

    /// `[sin(t f), cos(t f)]` with `f_i = exp(-ln(10000) i / half)`, in float32 as numpy computes it.
    static func timestepEmbedding(_ t: Int) -> [Float] {
        let half = timeEmbedding / 2
        let frequencies = (0..<half).map { Float(Foundation.exp(-Foundation.log(10000.0) * Double(Float($0)) / Double(half))) }
        let angles = frequencies.map { Float(t) * $0 }
        return angles.map { Foundation.sinf($0) } + angles.map { Foundation.cosf($0) }
    }
}
