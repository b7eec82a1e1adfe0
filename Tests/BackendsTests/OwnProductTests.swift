import Backends
import Compiler
import TestSupport
import Testing

/// polspec's own product kernels against the reference backend: the packed GEMM (weights in
/// inference programs, packed when set) and the row-vector kernel, on random shapes with
/// prefills and epilogues, at 1 and 2 threads, on every instruction set the processor runs;
/// and new weights reach the packed panels.
@Suite struct OwnProductTests {
    /// `x W^T + b` (a Linear: the weight stored [out, in]) and `x V` (V stored [in, out]),
    /// then a residual and GELU, with the weights as parameters.
    static func linear(rows: Int, inputs: Int, outputs: Int) throws -> Graph {
        let b = GraphBuilder()
        let x = b.input("x", [rows, inputs])
        let w = b.parameter("w", [outputs, inputs], initializer: .zeros)
        let v = b.parameter("v", [inputs, outputs], initializer: .zeros)
        let bias = b.parameter("bias", [outputs], initializer: .zeros)
        let y = x.matmul(w, transposeB: true) + bias
        b.output("y", gelu(y + x.matmul(v), approximation: .tanh))
        b.output("plain", x.matmul(v))
        return try b.finish()
    }

    @Test(arguments: supportedISAs)
    func randomShapesMatchTheReference(_ isa: VectorISA) throws {
        var generator = SplitMix64(seed: 29)
        var shapes = [(1, 7, 5), (1, 300, 129), (6, 32, 32), (7, 33, 31)]
        for _ in 0..<8 {
            shapes.append((Int.random(in: 1...70, using: &generator), Int.random(in: 1...300, using: &generator),
                           Int.random(in: 1...100, using: &generator)))
        }
        for (rows, inputs, outputs) in shapes {
            let graph = try Self.linear(rows: rows, inputs: inputs, outputs: outputs)
            let feeds = randomFeeds(graph, seed: UInt64(rows * 10_000 + inputs * 100 + outputs))
            for threads in [1, 2] {
                try expectBLASMatchesReference(graph, feeds: feeds, threads: threads, vectorISA: isa)
            }
        }
    }

    /// Products whose B changes from run to run (an input here, a weight being trained in a
    /// convolution's training step): many rows (B packed at the start of every run) and a deep
    /// one with a transposed A and few columns (B read in place).
    @Test(arguments: supportedISAs)
    func manyRowsPackBOnEveryRun(_ isa: VectorISA) throws {
        let b = GraphBuilder()
        let x = b.input("x", [1100, 37]), w = b.input("w", [45, 37]), v = b.input("v", [37, 21])
        b.output("y", x.matmul(w, transposeB: true) + b.input("bias", [45]))
        b.output("z", x.matmul(v).tanh())
        // A weight gradient of few channels: transposed A, deep (blocks of depth), B in place.
        let g = b.input("g", [4100, 30]), h = b.input("h", [4100, 20])
        b.output("gradient", g.matmul(h, transposeA: true))
        let graph = try b.finish()
        try expectBLASMatchesReference(graph, feeds: randomFeeds(graph, seed: 41), vectorISA: isa)
        try expectBLASMatchesReference(graph, feeds: randomFeeds(graph, seed: 41), threads: 2, vectorISA: isa)
        let executable = BLASExecutable(program: try compile(graph).program, vectorISA: isa)
        try executable.set(randomFeeds(graph, seed: 40))
        let kernels = try executable.profile(runs: 1).flatMap(\.gemms).map(\.kernel)
        let own = isa == .generic ? [] : ["packed per run", "packed per run", "in place"]
        #expect(kernels.filter { $0 != "openblas" }.sorted() == own.sorted(), "\(kernels)")
        for seed: UInt64 in [42, 43] {
            let feeds = randomFeeds(graph, seed: seed)
            try executable.set(feeds)
            try executable.run()
            #expect(executable.output("y") == (try BLASBackend(vectorISA: isa).run(try compile(graph).program, feeds: feeds))["y"])
        }
    }

    @Test(arguments: supportedISAs)
    func newWeightsReachThePackedPanels(_ isa: VectorISA) throws {
        let graph = try Self.linear(rows: 24, inputs: 40, outputs: 36)
        let program = try compile(graph).program
        let kinds = try { () throws -> [String] in
            let executable = BLASExecutable(program: program, vectorISA: isa)
            try executable.set(randomFeeds(graph, seed: 1))
            return try executable.profile(runs: 1).flatMap(\.gemms).map(\.kernel)
        }()
        #expect(kinds.allSatisfy { $0 == (isa == .generic ? "openblas" : "packed") }, "\(kinds)")
        let first = randomFeeds(graph, seed: 1)
        var second = first
        second["w"] = randomFeeds(graph, seed: 2)["w"]
        second["v"] = randomFeeds(graph, seed: 3)["v"]
        let expected = try BLASBackend(vectorISA: isa).run(program, feeds: second)
        let executable = BLASExecutable(program: program, vectorISA: isa)
        try executable.set(first)
        try executable.run()
        #expect(executable.output("y") != expected["y"])
        try executable.set("w", second["w"]!)
        executable.withBinding("v") { bytes in second["v"]!.floats.withUnsafeBytes { bytes.copyMemory(from: $0) } }
        try executable.run()
        #expect(executable.output("y") == expected["y"])
        #expect(executable.output("plain") == expected["plain"])
    }
}
