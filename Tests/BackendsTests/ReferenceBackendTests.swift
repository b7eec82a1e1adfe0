import Compiler
import Backends
import Testing

/// Feeding, run-time failures and the random op of the reference backend.
@Suite struct ReferenceBackendTests {
    func embeddingProgram() throws -> Program {
        let b = GraphBuilder()
        let tokens = b.input("tokens", [3], dtype: .i32)
        b.output("rows", Embedding(b.root.child("embed"), count: 4, dim: 2)(tokens))
        return Program(unplanned: try b.finish())
    }

    let table = HostTensor(shape: [4, 2], floats: [0, 1, 2, 3, 4, 5, 6, 7])

    @Test func runsWithHostTensors() throws {
        let result = try ReferenceBackend<Float>().run(try embeddingProgram(), feeds: [
            "tokens": HostTensor(shape: [3], ints: [3, 0, 3]), "embed.weight": table,
        ])
        #expect(result["rows"] == HostTensor(shape: [3, 2], floats: [6, 7, 0, 1, 6, 7]))
    }

    @Test func rejectsBadFeeds() throws {
        let program = try embeddingProgram()
        let backend = ReferenceBackend<Float>()
        let tokens = HostTensor(shape: [3], ints: [0, 1, 2])
        #expect(throws: BackendError.missingFeed(name: "embed.weight", expected: TensorType([4, 2]))) {
            try backend.run(program, feeds: ["tokens": tokens])
        }
        #expect(throws: BackendError.feedTypeMismatch(name: "tokens", expected: TensorType([3], .i32), got: TensorType([3]))) {
            try backend.run(program, feeds: ["tokens": HostTensor(shape: [3], floats: [0, 1, 2]), "embed.weight": table])
        }
        #expect(throws: BackendError.unknownFeed(name: "extra")) {
            try backend.run(program, feeds: ["tokens": tokens, "embed.weight": table, "extra": table])
        }
    }

    @Test func indexOutOfRangeIsAnErrorNamingTheNode() throws {
        let program = try embeddingProgram()
        do {
            _ = try ReferenceBackend<Float>().run(program, feeds: ["tokens": HostTensor(shape: [3], ints: [0, 4, 1]), "embed.weight": table])
            Issue.record("an out-of-range index ran")
        } catch {
            #expect(error.description == "%2 gather in embed: index 4 is outside 0..<4")
        }
    }

    @Test func castOfNonFiniteValueIsAnError() throws {
        let b = GraphBuilder()
        b.output("i", (b.input("x", [2]).log()).cast(to: .i32))
        let program = Program(unplanned: try b.finish())
        #expect(try ReferenceBackend<Float>().run(program, feeds: ["x": HostTensor(shape: [2], floats: [1, 20])])["i"]
                == HostTensor(shape: [2], ints: [0, 2]))
        #expect(throws: BackendError.self) {
            try ReferenceBackend<Float>().run(program, feeds: ["x": HostTensor(shape: [2], floats: [1, 0])])
        }
    }

    @Test func randomIsSeededAndCounterBased() throws {
        let b = GraphBuilder()
        let step = b.input("step", [], dtype: .i32)
        b.output("a", b.random(.normal(mean: 0, std: 1), shape: [2000], seed: 9, counter: step))
        b.output("b", b.random(.normal(mean: 0, std: 1), shape: [5], seed: 9, counter: step))
        b.output("u", b.random(.uniform(low: -2, high: 3), shape: [2000], seed: 4))
        let program = Program(unplanned: try b.finish())
        let backend = ReferenceBackend<Double>()
        func run(_ counter: Int32) throws -> [String: ReferenceTensor<Double>] {
            try backend.evaluate(program, feeds: ["step": .init(shape: [], storage: .integer([counter]))])
        }
        let first = try run(1)
        #expect(try run(1) == first)
        #expect(try run(2)["a"] != first["a"])
        // Element i does not depend on how many elements are drawn.
        #expect(Array(first["a"]!.reals.prefix(5)) == first["b"]!.reals)
        #expect(first["a"]!.reals[3] == CounterRandom(seed: 9, stream: 1).normal(3))
        let normals = first["a"]!.reals
        let mean = normals.reduce(0, +) / 2000
        #expect(abs(mean) < 0.1)
        #expect(first["u"]!.reals.allSatisfy { (-2..<3).contains($0) })
    }

    @Test func integerArithmeticAndReductions() throws {
        let b = GraphBuilder()
        let i = b.input("i", [2, 3], dtype: .i32)
        b.output("sum", (i + b.constant(1, dtype: .i32)).sum(axes: [1]))
        b.output("max", maximum(i, b.constant(2, dtype: .i32)).max(axes: [0]))
        b.output("mask", i.compared(.ge, b.constant(3, dtype: .i32)))
        b.output("f", i.cast(to: .f32) * 0.5)
        let result = try ReferenceBackend<Float>().run(Program(unplanned: try b.finish()),
                                                       feeds: ["i": HostTensor(shape: [2, 3], ints: [0, 5, -3, 4, 1, 2])])
        #expect(result["sum"] == HostTensor(shape: [2], ints: [5, 10]))
        #expect(result["max"] == HostTensor(shape: [3], ints: [4, 5, 2]))
        #expect(result["mask"] == HostTensor(shape: [2, 3], floats: [0, 1, 0, 1, 0, 0]))
        #expect(result["f"] == HostTensor(shape: [2, 3], floats: [0, 2.5, -1.5, 2, 0.5, 1]))
    }

    @Test func floatAndDoubleAgree() throws {
        let b = GraphBuilder()
        let x = b.input("x", [2, 3, 8])
        let block = TransformerBlock(b.root.child("blk"), .init(dim: 8, heads: 2))
        b.output("y", block(x, causal: true))
        let graph = try b.finish()
        var feeds = graph.initialParameters(seed: 3)
        feeds["x"] = HostTensor(shape: [2, 3, 8], floats: randomValues(48, in: -1...1, seed: 8).map(Float.init))
        let program = Program(unplanned: graph)
        let single = try ReferenceBackend<Float>().run(program, feeds: feeds)["y"]!.floats
        let double = try ReferenceBackend<Double>().evaluate(program, feeds: feeds.mapValues { ReferenceTensor($0) })["y"]!.reals
        #expect(zip(single, double).allSatisfy { abs(Double($0) - $1) < 1e-5 })
    }
}
