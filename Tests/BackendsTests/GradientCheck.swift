import Compiler
import Backends
import Testing

/// One f32 input of a gradient check: its name, shape and the range its random values come from.
struct CheckedInput {
    var name: String
    var shape: Shape
    var range: ClosedRange<Double> = -1.5...1.5

    init(_ name: String, _ shape: Shape, range: ClosedRange<Double> = -1.5...1.5) {
        self.name = name
        self.shape = shape
        self.range = range
    }
}

/// Random values in `range` (deterministic in `seed` and `stream`).
func randomValues(_ count: Int, in range: ClosedRange<Double>, seed: UInt64, stream: UInt64 = 0) -> [Double] {
    let random = CounterRandom(seed: seed, stream: stream)
    return (0..<count).map { random.sample(.uniform(low: range.lowerBound, high: range.upperBound), UInt64($0)) }
}

/// Double-precision feeds for the named inputs.
func doubleFeeds(_ inputs: [CheckedInput], seed: UInt64) -> [String: ReferenceTensor<Double>] {
    var feeds: [String: ReferenceTensor<Double>] = [:]
    for (position, input) in inputs.enumerated() {
        let values = randomValues(input.shape.elementCount, in: input.range, seed: seed, stream: UInt64(position))
        feeds[input.name] = ReferenceTensor(shape: input.shape, reals: values)
    }
    return feeds
}

/// Builds `loss = sum(f(inputs) * w)` (w a fixed random weighting, so every output element
/// matters differently), differentiates it with respect to every input, and checks each
/// gradient element against a central finite difference computed in Double.
func expectGradientsMatchFiniteDifferences(
    _ inputs: [CheckedInput], seed: UInt64 = 7, step: Double = 1e-6, tolerance: Double = 1e-6,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ function: (GraphBuilder, [Tensor]) -> Tensor
) throws {
    let builder = GraphBuilder()
    let tensors = inputs.map { builder.input($0.name, $0.shape) }
    let value = function(builder, tensors)
    let weights = randomValues(value.shape.elementCount, in: -1...1, seed: seed &+ 99).map(Float.init)
    let loss = (value * builder.constant(HostTensor(shape: value.shape, floats: weights))).sum()
    builder.output("loss", loss)
    let forward = try builder.finish()
    let withGradients = try forward.appendingGradients(of: "loss", withRespectTo: inputs.map(\.name))
    try expectGradients(of: forward, withGradients, inputs: inputs, feeds: doubleFeeds(inputs, seed: seed),
                        step: step, tolerance: tolerance, sourceLocation: sourceLocation)
}

/// Checks the outputs `grad.<name>` of `withGradients` against central differences of the
/// output `loss` of `forward`, for every element of every input in `inputs`.
func expectGradients(
    of forward: Graph, _ withGradients: Graph, inputs: [CheckedInput], feeds: [String: ReferenceTensor<Double>],
    step: Double, tolerance: Double, sourceLocation: SourceLocation
) throws {
    let backend = ReferenceBackend<Double>()
    let analytic = try backend.evaluate(withGradients, feeds: feeds)
    let forwardProgram = Program(unplanned: forward)
    func loss(_ feeds: [String: ReferenceTensor<Double>]) throws -> Double {
        try backend.evaluate(forwardProgram, feeds: feeds)["loss"]!.reals[0]
    }
    for input in inputs {
        let gradient = try #require(analytic["grad.\(input.name)"], sourceLocation: sourceLocation).reals
        let base = feeds[input.name]!.reals
        var worst = (error: 0.0, index: -1, analytic: 0.0, numeric: 0.0)
        for index in base.indices {
            var shifted = feeds
            var values = base
            values[index] = base[index] + step
            shifted[input.name] = ReferenceTensor(shape: input.shape, reals: values)
            let up = try loss(shifted)
            values[index] = base[index] - step
            shifted[input.name] = ReferenceTensor(shape: input.shape, reals: values)
            let down = try loss(shifted)
            let numeric = (up - down) / (2 * step)
            let error = abs(gradient[index] - numeric) / (1 + abs(numeric))
            if error > worst.error { worst = (error, index, gradient[index], numeric) }
        }
        #expect(worst.error <= tolerance,
                "d loss / d \(input.name)[\(worst.index)]: analytic \(worst.analytic), numeric \(worst.numeric)",
                sourceLocation: sourceLocation)
    }
}

/// Builds `loss = sum(f(builder) * w)` for a layer, feeds random values to every f32 input
/// and parameter (and `fixedFeeds` to the rest, e.g. i32 indices), and checks the gradient
/// with respect to every one of them against finite differences.
func expectLayerGradientsMatchFiniteDifferences(
    fixedFeeds: [String: ReferenceTensor<Double>] = [:], seed: UInt64 = 13, tolerance: Double = 1e-6,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ function: (GraphBuilder) -> Tensor
) throws {
    let builder = GraphBuilder()
    let value = function(builder)
    let weights = randomValues(value.shape.elementCount, in: -1...1, seed: seed &+ 99).map(Float.init)
    builder.output("loss", (value * builder.constant(HostTensor(shape: value.shape, floats: weights))).sum())
    let forward = try builder.finish()
    let variables = (forward.inputs.map { ($0.name, $0.type) } + forward.parameters.map { ($0.name, $0.type) })
        .filter { $0.1.dtype == .f32 && fixedFeeds[$0.0] == nil }
        .map { CheckedInput($0.0, $0.1.shape, range: -1...1) }
    let withGradients = try forward.appendingGradients(of: "loss", withRespectTo: variables.map(\.name))
    let feeds = doubleFeeds(variables, seed: seed).merging(fixedFeeds) { $1 }
    try expectGradients(of: forward, withGradients, inputs: variables, feeds: feeds, step: 1e-6, tolerance: tolerance,
                        sourceLocation: sourceLocation)
}
