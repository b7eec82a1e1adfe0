import Backends
import Compiler
import Testing

/// Random feeds for every input and parameter of `graph`: f32 values uniform in `range`,
/// i32 values from `ints` (required for every i32 input).
func randomFeeds(_ graph: Graph, seed: UInt64, range: ClosedRange<Double> = -1...1, ints: [String: HostTensor] = [:]) -> [String: HostTensor] {
    var feeds: [String: HostTensor] = [:]
    let named = graph.inputs.map { ($0.name, $0.type) } + graph.parameters.map { ($0.name, $0.type) }
    for (position, (name, type)) in named.enumerated() {
        if let fixed = ints[name] {
            feeds[name] = fixed
        } else {
            let values = randomValues(type.shape.elementCount, in: range, seed: seed, stream: UInt64(position))
            feeds[name] = HostTensor(shape: type.shape, floats: values.map(Float.init))
        }
    }
    return feeds
}

/// `max |a - b| / max |reference|` (the norm-wise relative error), 0 for two empty tensors.
func relativeError(_ values: [Float], _ reference: [Double]) -> Double {
    let scale = reference.map { abs($0) }.max() ?? 0
    let worst = zip(values, reference).map { abs(Double($0) - $1) }.max() ?? 0
    return worst / Swift.max(scale, 1e-12)
}

/// The instruction sets of the vector kernels this processor runs (every one is tested).
let supportedISAs = VectorISA.allCases.filter(\.isSupported)

/// Runs `graph` on the reference backend in Double (unplanned) and on the BLAS backend
/// (compiled with `options`, `threads` threads, vector kernels of `vectorISA`) and expects
/// every output to agree within `tolerance` (norm-wise relative; i32 outputs exactly).
func expectBLASMatchesReference(
    _ graph: Graph, feeds: [String: HostTensor], options: CompileOptions = .optimized, threads: Int = 1,
    vectorISA: VectorISA = .best, tolerance: Double = 1e-5, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    try expectBLASMatchesReference(graph, feeds: feeds, options: options, configurations: [(threads, vectorISA)],
                                   tolerance: tolerance, sourceLocation: sourceLocation)
}

/// The same for several (threads, vector ISA) configurations of the BLAS backend against one
/// evaluation of the reference backend (for graphs the reference takes long over).
func expectBLASMatchesReference(
    _ graph: Graph, feeds: [String: HostTensor], options: CompileOptions = .optimized,
    configurations: [(threads: Int, vectorISA: VectorISA)], tolerance: Double = 1e-5,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let reference = try ReferenceBackend<Double>().evaluate(Program(unplanned: graph), feeds: feeds.mapValues { ReferenceTensor($0) })
    let program = try compile(graph, options: options).program
    #expect(program.placementIssues() == [], sourceLocation: sourceLocation)
    for (threads, vectorISA) in configurations {
        let result = try BLASBackend(threads: threads, vectorISA: vectorISA).run(program, feeds: feeds)
        try expectOutputsMatch(graph, result, reference, tolerance: tolerance, sourceLocation: sourceLocation)
    }
}

private func expectOutputsMatch(_ graph: Graph, _ result: [String: HostTensor], _ reference: [String: ReferenceTensor<Double>],
                                tolerance: Double, sourceLocation: SourceLocation) throws {
    for output in graph.outputs {
        let expected = try #require(reference[output.name], sourceLocation: sourceLocation)
        let actual = try #require(result[output.name], sourceLocation: sourceLocation)
        #expect(actual.shape == expected.shape, sourceLocation: sourceLocation)
        switch expected.storage {
        case .real(let values):
            let error = relativeError(actual.floats, values)
            #expect(error <= tolerance, "\(output.name): relative error \(error)", sourceLocation: sourceLocation)
        case .integer(let values):
            guard case .i32(let got) = actual.storage else {
                Issue.record("\(output.name) is not i32", sourceLocation: sourceLocation)
                continue
            }
            #expect(got == values, "\(output.name)", sourceLocation: sourceLocation)
        }
    }
}

/// Runs a BLAS executable of `graph`'s optimised program on random feeds, then gives
/// `weights` new values — the first with `set`, the others written in place through
/// `withBinding` — and expects the next runs to give exactly what a fresh run on the new
/// feeds gives (invariant calls, such as weight copies, are made again) and the first run not.
func expectNewWeightsReachInvariantCalls(_ graph: Graph, output: String, weights: [String],
                                         sourceLocation: SourceLocation = #_sourceLocation) throws {
    let program = try compile(graph).program
    #expect(program.calls.contains { $0.invariant }, sourceLocation: sourceLocation)
    let first = randomFeeds(graph, seed: 1)
    var second = first
    for (index, name) in weights.enumerated() { second[name] = randomFeeds(graph, seed: 2 + UInt64(index))[name] }
    let expected = try BLASBackend().run(program, feeds: second)[output]

    let executable = BLASExecutable(program: program)
    try executable.set(first)
    try executable.run()
    #expect(executable.output(output) != expected, sourceLocation: sourceLocation)
    for (index, name) in weights.enumerated() {
        if index == 0 {
            try executable.set(name, second[name]!)
        } else {
            executable.withBinding(name) { bytes in second[name]!.floats.withUnsafeBytes { bytes.copyMemory(from: $0) } }
        }
    }
    try executable.run()
    #expect(executable.output(output) == expected, sourceLocation: sourceLocation)
    try executable.run()
    #expect(executable.output(output) == expected, sourceLocation: sourceLocation)
}
