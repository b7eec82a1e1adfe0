import Backends
import Compiler
import Testing

/// A training step (forward, loss, backward, AdamW) as one program: its state updates write
/// the new weights and moments over the old ones, so repeated runs train.
@Suite struct BLASTrainingTests {
    static func trainingStep() throws -> (graph: Graph, stateUpdates: [Program.StateUpdate]) {
        let b = GraphBuilder()
        let x = b.input("x", [8, 5])
        let mlp = MLP(b.root.child("net"), inFeatures: 5, hiddenFeatures: 16, outFeatures: 3, activation: .gelu)
        b.output("loss", (mlp(x) - b.input("target", [8, 3])).squared().mean())
        return try b.finish().appendingAdamWStep(loss: "loss", optimizer: AdamW(weightDecay: 0.01),
                                                decays: { !$0.hasSuffix(".bias") })
    }

    /// Feeds for the first step: parameters from their initialisers, zero moments.
    static func initialFeeds(_ graph: Graph) -> [String: HostTensor] {
        var feeds = randomFeeds(graph, seed: 4)
        feeds.merge(graph.initialParameters(seed: 1)) { $1 }
        for input in graph.inputs where input.name.hasPrefix("adamw.m.") || input.name.hasPrefix("adamw.v.") {
            feeds[input.name] = HostTensor(shape: input.type.shape, floats: [Float](repeating: 0, count: input.type.shape.elementCount))
        }
        feeds[AdamW.Names.learningRate] = HostTensor(shape: [], floats: [0.01])
        return feeds
    }

    @Test func stateUpdatesAreWrittenInPlace() throws {
        let (graph, updates) = try Self.trainingStep()
        let program = try compile(graph, options: .init(stateUpdates: updates)).program
        #expect(program.placementIssues() == [])
        let inPlace = program.stateUpdates.filter { update in
            program.slots[program.output(named: update.output)!.slot.index].offset
                == program.slots[(program.inputs + program.parameters).first { $0.name == update.binding }!.slot.index].offset
        }
        #expect(inPlace.count == updates.count)
    }

    /// Ten steps on the BLAS executable equal ten steps on the reference backend, where the
    /// test threads the new weights and moments into the next step's feeds by hand.
    @Test(arguments: [1, 2])
    func repeatedRunsTrainLikeTheReference(threads: Int) throws {
        let (graph, updates) = try Self.trainingStep()
        var feeds = Self.initialFeeds(graph)
        let executable = BLASExecutable(program: try compile(graph, options: .init(stateUpdates: updates)).program, threads: threads)
        try executable.set(feeds)
        let reference = ReferenceBackend<Double>()
        let unplanned = Program(unplanned: graph)
        var losses: [Float] = []
        for step in 1...10 {
            feeds[AdamW.Names.step] = HostTensor(shape: [], floats: [Float(step)])
            try executable.set(AdamW.Names.step, feeds[AdamW.Names.step]!)
            try executable.run()
            let expected = try reference.evaluate(unplanned, feeds: feeds.mapValues { ReferenceTensor($0) })
            let loss = try #require(executable.output("loss")).floats[0]
            #expect(abs(Double(loss) - expected["loss"]!.reals[0]) <= 1e-5 * abs(expected["loss"]!.reals[0]))
            losses.append(loss)
            for update in updates {
                let next = expected[update.output]!.reals
                feeds[update.binding] = HostTensor(shape: feeds[update.binding]!.shape, floats: next.map(Float.init))
                let value = try #require(executable.binding(update.binding)).floats
                #expect(relativeError(value, next) <= 1e-5, "\(update.binding) after step \(step)")
            }
        }
        #expect(losses.last! < losses.first!)
    }
}
