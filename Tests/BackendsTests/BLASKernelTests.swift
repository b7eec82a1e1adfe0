import Backends
import Compiler
import Testing

/// Every op and composite on the BLAS backend against the reference backend (in Double), on
/// shapes with odd sizes, as single-op programs and as compiled (fused, planned) ones, on the
/// vector kernels of every instruction set the processor runs.
@Suite struct BLASKernelTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var range: ClosedRange<Double> = -1...1
        var ints: [String: HostTensor] = [:]
        var build: @Sendable (GraphBuilder) -> Tensor
        var testDescription: String { label }

        init(_ label: String, range: ClosedRange<Double> = -1...1, ints: [String: HostTensor] = [:],
             _ build: @escaping @Sendable (GraphBuilder) -> Tensor) {
            self.label = label
            self.range = range
            self.ints = ints
            self.build = build
        }
    }

    static let unary: [Case] = [
        Case("neg") { -$0.input("x", [3, 37]) },
        Case("abs") { $0.input("x", [3, 37]).abs() },
        Case("exp", range: -20...20) { $0.input("x", [3, 37]).exp() },
        Case("log", range: 0.01...50) { $0.input("x", [3, 37]).log() },
        Case("sqrt", range: 0...50) { $0.input("x", [3, 37]).sqrt() },
        Case("rsqrt", range: 0.01...50) { $0.input("x", [3, 37]).rsqrt() },
        Case("tanh", range: -6...6) { $0.input("x", [3, 37]).tanh() },
        Case("erf", range: -4...4) { $0.input("x", [3, 37]).erf() },
        Case("sigmoid", range: -12...12) { $0.input("x", [3, 37]).sigmoid() },
        Case("sin", range: -4...4) { $0.input("x", [3, 37]).sin() },
        Case("cos", range: -4...4) { $0.input("x", [3, 37]).cos() },
        Case("pow 3") { $0.input("x", [3, 37]).pow(3) },
        Case("pow -2", range: 0.5...2) { $0.input("x", [3, 37]).pow(-2) },
        Case("pow 0.5", range: 0...4) { $0.input("x", [3, 37]).pow(0.5) },
        Case("pow 1.7", range: 0.1...4) { $0.input("x", [3, 37]).pow(1.7) },
        Case("gelu", range: -5...5) { gelu($0.input("x", [3, 37])) },
        Case("gelu_tanh", range: -5...5) { gelu($0.input("x", [3, 37]), approximation: .tanh) },
        Case("silu", range: -8...8) { silu($0.input("x", [3, 37])) },
    ]

    static let binary: [Case] = [
        Case("add broadcast") { $0.input("a", [5, 1, 7]) + $0.input("b", [3, 1]) },
        Case("sub scalar") { $0.input("a", [13]) - $0.input("b", []) },
        Case("mul rows") { $0.input("a", [4, 9]) * $0.input("b", [9]) },
        Case("div", range: 0.5...2) { $0.input("a", [4, 9]) / $0.input("b", [4, 1]) },
        Case("max") { maximum($0.input("a", [2, 3, 5]), $0.input("b", [3, 5])) },
        Case("min") { minimum($0.input("a", [2, 3, 5]), $0.input("b", [2, 1, 5])) },
        Case("compare") { $0.input("a", [6, 5]).compared(.gt, $0.input("b", [5])) + $0.input("a", [6, 5]).compared(.le, 0.1) },
        Case("select") { b in select(b.input("m", [4, 1]).compared(.gt, 0), b.input("a", [4, 6]), b.input("c", [6])) },
    ]

    static let integers: [Case] = [
        Case("i32 arithmetic", ints: ["i": HostTensor(shape: [2, 3], ints: [1, -2, 3, 4, -5, 6]), "j": HostTensor(shape: [3], ints: [7, 8, -9])]) { b in
            let (i, j) = (b.input("i", [2, 3], dtype: .i32), b.input("j", [3], dtype: .i32))
            return (maximum(i + j, i * j) - (-i)).cast(to: .f32) + i.compared(.lt, j)
        },
        Case("cast to i32 and back", range: -9...9) { $0.input("x", [17]).cast(to: .i32).cast(to: .f32) },
        Case("i32 select and sum", ints: ["i": HostTensor(shape: [2, 3], ints: [1, -2, 3, 4, -5, 6])]) { b in
            let i = b.input("i", [2, 3], dtype: .i32)
            return select(b.input("m", [2, 3]), i, b.constant(7, dtype: .i32)).sum(axes: [1]).cast(to: .f32)
        },
    ]

    static let reductions: [Case] = [
        Case("sum last") { $0.input("x", [5, 37]).sum(axes: [1]) },
        Case("sum first") { $0.input("x", [37, 5]).sum(axes: [0], keepDims: true) },
        Case("mean middle") { $0.input("x", [3, 11, 5]).mean(axes: [1]) },
        Case("max outer") { $0.input("x", [3, 11, 5]).max(axes: [0, 2]) },
        Case("sum all") { $0.input("x", [3, 11, 5]).sum() },
        Case("max last") { $0.input("x", [7, 600]).max(axes: [1]) },
        Case("sum columns wide") { $0.input("x", [9, 1100]).sum(axes: [0]) },
    ]

    static let matmuls: [Case] = [
        Case("matmul") { $0.input("a", [7, 5]).matmul($0.input("b", [5, 9])) },
        Case("matmul transposeA") { $0.input("a", [5, 7]).matmul($0.input("b", [5, 9]), transposeA: true) },
        Case("matmul transposeB") { $0.input("a", [7, 5]).matmul($0.input("b", [9, 5]), transposeB: true) },
        Case("matmul both") { $0.input("a", [5, 7]).matmul($0.input("b", [9, 5]), transposeA: true, transposeB: true) },
        Case("matmul folded batch") { $0.input("a", [2, 3, 4, 5]).matmul($0.input("b", [6, 5]), transposeB: true) },
        Case("matmul batched") { $0.input("a", [2, 4, 5]).matmul($0.input("b", [2, 5, 3])) },
        Case("matmul broadcast batch") { $0.input("a", [2, 1, 4, 5]).matmul($0.input("b", [3, 5, 2])) },
        Case("matmul row vector") { $0.input("a", [1, 9]).matmul($0.input("b", [7, 9]), transposeB: true) },
        Case("matmul row vector NN") { $0.input("a", [1, 9]).matmul($0.input("b", [9, 7])) },
        Case("matmul column vector") { $0.input("a", [7, 9]).matmul($0.input("b", [9, 1])) },
        Case("matmul column vector T") { $0.input("a", [9, 7]).matmul($0.input("b", [1, 9]), transposeA: true, transposeB: true) },
        Case("matmul large") { $0.input("a", [67, 129]).matmul($0.input("b", [65, 129]), transposeB: true) },
    ]

    static let movement: [Case] = [
        Case("permute") { $0.input("x", [2, 3, 5]).permuted([2, 0, 1]) },
        Case("permute channels last") { $0.input("x", [2, 3, 40]).permuted([0, 2, 1]) },
        Case("slice") { $0.input("x", [4, 7]).slice(start: [1, 2], end: [3, 7]) },
        Case("pad") { $0.input("x", [3, 5]).padded(before: [1, 0], after: [2, 3]) },
        Case("concat") { b in concat([b.input("a", [2, 3]), b.input("b", [2, 1]), b.input("c", [2, 4])], axis: 1) },
        Case("broadcast") { $0.input("x", [3, 1]).broadcast(to: [2, 3, 4]) },
        Case("reshape") { $0.input("x", [3, 4]).reshaped([2, 6]) },
        Case("gather rows", ints: ["i": HostTensor(shape: [5], ints: [3, 0, 3, 1, 2])]) { b in
            gather(b.input("t", [4, 6]), b.input("i", [5], dtype: .i32))
        },
        Case("gather axis 1", ints: ["i": HostTensor(shape: [2, 2], ints: [2, 0, 1, 1])]) { b in
            gather(b.input("t", [3, 4, 5]), b.input("i", [2, 2], dtype: .i32), axis: 1)
        },
        // Large enough to split over 2 threads, the split inside a block (rows of 3 and of 40).
        Case("gather short rows split", ints: ["i": HostTensor(shape: [4001], ints: (0..<4001).map { Int32($0 * 7 % 50) })]) { b in
            gather(b.input("t", [3, 50, 3]), b.input("i", [4001], dtype: .i32), axis: 1)
        },
        Case("gather long rows split", ints: ["i": HostTensor(shape: [301], ints: (0..<301).map { Int32($0 * 13 % 50) })]) { b in
            gather(b.input("t", [3, 50, 40]), b.input("i", [301], dtype: .i32), axis: 1)
        },
        Case("scatter add", ints: ["i": HostTensor(shape: [5], ints: [3, 0, 3, 1, 2])]) { b in
            scatterAdd(b.input("s", [5, 6]), b.input("i", [5], dtype: .i32), axis: 0, size: 4)
        },
        Case("random") { b in b.input("x", [4, 5]) + b.random(.normal(mean: 0, std: 1), shape: [4, 5], seed: 9) },
        Case("random large, split across threads") { b in b.random(.uniform(low: -1, high: 1), shape: [9, 1001], seed: 4) },
        Case("random counter", ints: ["c": HostTensor(shape: [], ints: [12])]) { b in
            b.input("x", [6]) * b.random(.uniform(low: 0, high: 1), shape: [6], seed: 3, counter: b.input("c", [], dtype: .i32))
        },
        Case("constants") { b in
            b.input("x", [2, 3]) * b.constant(HostTensor(shape: [3], floats: [1, -2, 0.5])) + b.constant(0.25, shape: [2, 3])
        },
    ]

    static let composites: [Case] = [
        Case("layer_norm") { layerNorm($0.input("x", [5, 33])) },
        Case("rms_norm") { rmsNorm($0.input("x", [2, 3, 19]), epsilon: 1e-5) },
        Case("softmax", range: -5...5) { softmax($0.input("x", [4, 29])) },
        Case("softmax masked", range: -5...5) { b in
            let mask = (0..<30).map { Float($0 % 3 == 1 || $0 >= 25 ? 0 : 1) }
            return softmax(b.input("x", [2, 3, 5]), mask: b.constant(HostTensor(shape: [2, 3, 5], floats: mask)))
        },
        Case("attention") { b in attention(b.input("q", [2, 5, 3]), b.input("k", [2, 7, 3]), b.input("v", [2, 7, 4])) },
        Case("attention causal") { b in attention(b.input("q", [1, 2, 6, 3]), b.input("k", [1, 2, 6, 3]), b.input("v", [1, 2, 6, 2]), causal: true) },
        Case("attention mask") { b in
            let valid = b.constant(HostTensor(shape: [2, 1, 1, 5], floats: [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]))
            return attention(b.input("q", [2, 2, 5, 3]), b.input("k", [2, 2, 5, 3]), b.input("v", [2, 2, 5, 3]), mask: valid, causal: true, scale: 0.7)
        },
    ]

    static let all = unary + binary + integers + reductions + matmuls + movement + composites

    func graph(_ testCase: Case) throws -> Graph {
        let b = GraphBuilder()
        b.output("y", testCase.build(b))
        return try b.finish()
    }

    @Test(arguments: all, supportedISAs)
    func singleOpProgramsMatchTheReference(_ testCase: Case, _ isa: VectorISA) throws {
        let graph = try graph(testCase)
        let feeds = randomFeeds(graph, seed: 5, range: testCase.range, ints: testCase.ints)
        try expectBLASMatchesReference(graph, feeds: feeds, options: .init(simplify: false, fuse: false, plan: false), vectorISA: isa)
    }

    @Test(arguments: all, supportedISAs)
    func compiledProgramsMatchTheReference(_ testCase: Case, _ isa: VectorISA) throws {
        let graph = try graph(testCase)
        let feeds = randomFeeds(graph, seed: 6, range: testCase.range, ints: testCase.ints)
        try expectBLASMatchesReference(graph, feeds: feeds, vectorISA: isa)
        try expectBLASMatchesReference(graph, feeds: feeds, threads: 2, vectorISA: isa)
    }

    @Test func indexErrorsAreReported() throws {
        let b = GraphBuilder()
        b.output("y", gather(b.input("t", [4, 2]), b.input("i", [2], dtype: .i32)))
        let program = Program(unplanned: try b.finish())
        let feeds = ["t": HostTensor(shape: [4, 2], floats: [Float](repeating: 1, count: 8)), "i": HostTensor(shape: [2], ints: [1, 4])]
        #expect(throws: BackendError.invalidValue(node: ValueID(2), op: "gather", scope: "", message: "index 4 is outside 0..<4")) {
            try BLASBackend().run(program, feeds: feeds)
        }
    }

    @Test func feedsAreValidated() throws {
        let b = GraphBuilder()
        b.output("y", b.input("x", [2]).exp())
        let program = Program(unplanned: try b.finish())
        #expect(throws: BackendError.missingFeed(name: "x", expected: TensorType([2]))) { try BLASBackend().run(program, feeds: [:]) }
        let executable = BLASBackend().prepare(program)
        #expect(throws: BackendError.feedTypeMismatch(name: "x", expected: TensorType([2]), got: TensorType([3]))) {
            try executable.set("x", HostTensor(shape: [3], floats: [1, 2, 3]))
        }
    }
}
