import Compiler
import Backends
import Foundation
import Testing

/// log-softmax, one-hot, cross-entropy and dropout.
@Suite struct LossAndDropoutTests {
    @Test func logSoftmaxAndCrossEntropyGradients() throws {
        try expectGradientsMatchFiniteDifferences([CheckedInput("x", [3, 5], range: -3...3)]) { _, x in logSoftmax(x[0]) }
        try expectGradientsMatchFiniteDifferences([CheckedInput("logits", [2, 3, 4], range: -3...3)]) { b, x in
            crossEntropy(x[0], targets: b.constant(HostTensor(shape: [2, 3], ints: [0, 3, 1, 2, 2, 0])),
                         weights: b.constant(HostTensor(shape: [2, 3], floats: [1, 0, 1, 1, 0, 1])))
        }
    }

    @Test func crossEntropyValue() throws {
        let b = GraphBuilder()
        let logits = b.input("logits", [2, 3])
        let targets = b.input("targets", [2], dtype: .i32)
        b.output("ce", crossEntropy(logits, targets: targets))
        b.output("onehot", oneHot(targets, classes: 3))
        let result = try ReferenceBackend<Double>().evaluate(try b.finish(), feeds: [
            "logits": .init(shape: [2, 3], reals: [1, 2, 3, 0, 0, 0]),
            "targets": .init(shape: [2], storage: .integer([2, 0])),
        ])
        let expected: Double = ((log(exp(1.0) + exp(2.0) + exp(3.0)) - 3) + log(3.0)) / 2
        #expect(abs(result["ce"]!.reals[0] - expected) < 1e-12)
        #expect(result["onehot"]!.reals == [0, 0, 1, 1, 0, 0])
    }

    @Test func dropoutKeepsTheExpectationAndVariesByStep() throws {
        let b = GraphBuilder()
        let step = b.input("step", [], dtype: .i32)
        b.output("y", dropout(b.constant(1, shape: [4000]), probability: 0.25, seed: 3, counter: step))
        let program = Program(unplanned: try b.finish())
        func run(_ counter: Int32) throws -> [Double] {
            try ReferenceBackend<Double>().evaluate(program, feeds: ["step": .init(shape: [], storage: .integer([counter]))])["y"]!.reals
        }
        let first = try run(0)
        #expect(first.allSatisfy { $0 == 0 || abs($0 - 4.0 / 3) < 1e-12 })
        #expect(abs(first.reduce(0, +) / 4000 - 1) < 0.05)
        #expect(try run(0) == first)
        #expect(try run(1) != first)
    }
}
