import Compiler
import Backends
import Testing

/// Every primitive op's gradient against central finite differences, in Double, on small
/// shapes with odd extents.
@Suite struct PrimitiveGradientTests {
    static let unaryCases: [(UnaryFunction, ClosedRange<Double>)] = [
        (.neg, -2...2), (.abs, 0.1...2), (.exp, -2...2), (.log, 0.3...3), (.sqrt, 0.3...3), (.rsqrt, 0.3...3),
        (.tanh, -2...2), (.erf, -2...2), (.sigmoid, -3...3), (.sin, -3...3), (.cos, -3...3),
        (.pow(3), -2...2), (.pow(2), -2...2), (.pow(-1.5), 0.5...2), (.pow(0.5), 0.5...2),
    ]

    @Test(arguments: unaryCases.indices)
    func unary(_ index: Int) throws {
        let (function, range) = Self.unaryCases[index]
        try expectGradientsMatchFiniteDifferences([CheckedInput("x", [3, 5], range: range)]) { b, x in
            b.apply(.unary(function), [x[0]])
        }
    }

    @Test(arguments: BinaryFunction.allCases)
    func binaryWithBroadcasting(_ function: BinaryFunction) throws {
        let range: ClosedRange<Double> = function == .div ? 0.5...2 : -2...2
        try expectGradientsMatchFiniteDifferences([CheckedInput("a", [2, 3, 5], range: range),
                                                   CheckedInput("b", [3, 1], range: range)]) { b, x in
            b.apply(.binary(function), [x[0], x[1]])
        }
        try expectGradientsMatchFiniteDifferences([CheckedInput("a", [5], range: range),
                                                   CheckedInput("b", [4, 1], range: range)]) { b, x in
            b.apply(.binary(function), [x[0], x[1]])
        }
    }

    @Test func selectRoutesGradientsByMask() throws {
        try expectGradientsMatchFiniteDifferences([CheckedInput("a", [3, 4]), CheckedInput("b", [4])]) { b, x in
            let mask = b.constant(HostTensor(shape: [3, 4], floats: [1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0]))
            return select(mask, x[0], x[1])
        }
    }

    @Test(arguments: [Reduction.sum, .mean, .max])
    func reductions(_ reduction: Reduction) throws {
        for (axes, keepDims) in [([0], false), ([1], true), ([0, 2], false), ([0, 1, 2], true)] {
            try expectGradientsMatchFiniteDifferences([CheckedInput("x", [3, 4, 5])]) { b, x in
                b.apply(.reduce(reduction, axes: axes, keepDims: keepDims), [x[0]])
            }
        }
    }

    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
    func matmulWithTransposesAndBatchBroadcasting(_ transposeA: Bool, _ transposeB: Bool) throws {
        let (m, k, n) = (3, 5, 2)
        let a: Shape = transposeA ? [2, k, m] : [2, m, k]
        let bShape: Shape = transposeB ? [n, k] : [k, n]
        try expectGradientsMatchFiniteDifferences([CheckedInput("a", a), CheckedInput("b", bShape)]) { b, x in
            x[0].matmul(x[1], transposeA: transposeA, transposeB: transposeB)
        }
        let sharedA: Shape = transposeA ? [1, k, m] : [1, m, k]
        let batchedB: Shape = transposeB ? [3, 1, n, k] : [3, 1, k, n]
        try expectGradientsMatchFiniteDifferences([CheckedInput("a", sharedA), CheckedInput("b", batchedB)]) { b, x in
            x[0].matmul(x[1], transposeA: transposeA, transposeB: transposeB)
        }
    }

    @Test func movementOps() throws {
        let x = [CheckedInput("x", [2, 3, 5])]
        try expectGradientsMatchFiniteDifferences(x) { _, x in x[0].reshaped([5, 6]) }
        try expectGradientsMatchFiniteDifferences(x) { _, x in x[0].permuted([2, 0, 1]) }
        try expectGradientsMatchFiniteDifferences(x) { _, x in x[0].slice(start: [1, 0, 2], end: [2, 3, 5]) }
        try expectGradientsMatchFiniteDifferences(x) { _, x in x[0].padded(before: [0, 1, 2], after: [1, 0, 1]) }
        try expectGradientsMatchFiniteDifferences([CheckedInput("x", [3, 1])]) { _, x in x[0].broadcast(to: [2, 3, 4]) }
    }

    @Test func concatSplitsTheGradient() throws {
        try expectGradientsMatchFiniteDifferences([CheckedInput("a", [2, 1, 3]), CheckedInput("b", [2, 3, 3]),
                                                   CheckedInput("c", [2, 2, 3])]) { _, x in
            concat(x, axis: 1)
        }
    }

    @Test func gatherAndScatterAddAreAdjoint() throws {
        try expectGradientsMatchFiniteDifferences([CheckedInput("table", [5, 3])]) { b, x in
            let rows = b.constant(HostTensor(shape: [2, 3], ints: [4, 0, 4, 2, 2, 1]))
            return gather(x[0], rows, axis: 0)
        }
        try expectGradientsMatchFiniteDifferences([CheckedInput("table", [2, 5, 3])]) { b, x in
            let rows = b.constant(HostTensor(shape: [4], ints: [1, 1, 3, 0]))
            return gather(x[0], rows, axis: 1)
        }
        try expectGradientsMatchFiniteDifferences([CheckedInput("source", [2, 4, 3])]) { b, x in
            let rows = b.constant(HostTensor(shape: [4], ints: [1, 1, 3, 0]))
            return scatterAdd(x[0], rows, axis: 1, size: 5)
        }
    }

    @Test func stopGradientBlocksTheGradient() throws {
        let b = GraphBuilder()
        let x = b.input("x", [4])
        b.output("loss", (x * x.stopGradient()).sum())
        let graph = try b.finish().appendingGradients(of: "loss", withRespectTo: ["x"])
        let feeds = ["x": ReferenceTensor<Double>(shape: [4], reals: [1, -2, 3, 0.5])]
        let result = try ReferenceBackend<Double>().evaluate(graph, feeds: feeds)
        #expect(result["grad.x"]?.reals == [1, -2, 3, 0.5])
    }

    @Test func unrelatedVariablesGetZeroGradients() throws {
        let b = GraphBuilder()
        let x = b.input("x", [2, 3])
        let y = b.input("y", [3])
        b.output("loss", (x.compared(.gt, 0) * x).sum() + y.sum().stopGradient())
        let graph = try b.finish().appendingGradients(of: "loss", withRespectTo: ["y"])
        let feeds = ["x": ReferenceTensor<Double>(shape: [2, 3], reals: [1, 2, 3, 4, 5, 6]),
                     "y": ReferenceTensor<Double>(shape: [3], reals: [1, 1, 1])]
        let result = try ReferenceBackend<Double>().evaluate(graph, feeds: feeds)
        #expect(result["grad.y"]?.reals == [0, 0, 0])
    }
}
