import Backends
import Compiler
import Foundation
import Testing

/// The vectorised elementary functions of the BLAS backend (exp, tanh, erf, sigmoid, GELU,
/// sqrt, rsqrt) against the C library in Double, over wide ranges, through single-op programs,
/// on every instruction set the processor runs.
@Suite struct BLASFastMathTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var range: ClosedRange<Double>
        var op: Op
        var exact: @Sendable (Double) -> Double
        /// Errors are divided by `max(|exact|, floor)`: relative for the elementary functions,
        /// absolute below 1 for GELU (whose float form `0.5 x (1 + erf)` cancels for negative x
        /// in every implementation, the C library's included).
        var floor = 1e-30
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "exp", range: -87...88, op: .unary(.exp), exact: { Foundation.exp($0) }),
        Case(label: "tanh", range: -12...12, op: .unary(.tanh), exact: { Foundation.tanh($0) }),
        Case(label: "tanh near 0", range: -0.01...0.01, op: .unary(.tanh), exact: { Foundation.tanh($0) }),
        Case(label: "erf", range: -6...6, op: .unary(.erf), exact: { Foundation.erf($0) }),
        Case(label: "erf near 0", range: -0.001...0.001, op: .unary(.erf), exact: { Foundation.erf($0) }),
        Case(label: "sigmoid", range: -30...30, op: .unary(.sigmoid), exact: { 1 / (1 + Foundation.exp(-$0)) }),
        Case(label: "sqrt", range: 1e-30...1e30, op: .unary(.sqrt), exact: { $0.squareRoot() }),
        Case(label: "rsqrt", range: 1e-20...1e20, op: .unary(.rsqrt), exact: { 1 / $0.squareRoot() }),
        Case(label: "gelu", range: -6...8, op: .composite(.gelu(.exact)),
             exact: { 0.5 * $0 * (1 + Foundation.erf($0 / 2.0.squareRoot())) }, floor: 1),
        Case(label: "gelu_tanh", range: -6...8, op: .composite(.gelu(.tanh)),
             exact: { 0.5 * $0 * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * ($0 + 0.044715 * $0 * $0 * $0))) }, floor: 1),
    ]

    @Test(arguments: cases, supportedISAs)
    func accurateToAboutOneMillionth(_ testCase: Case, _ isa: VectorISA) throws {
        let count = 20_001
        let (low, high) = (testCase.range.lowerBound, testCase.range.upperBound)
        let geometric = low > 0 && high / low > 1e3
        let inputs = (0..<count).map { i -> Float in
            let t = Double(i) / Double(count - 1)
            return Float(geometric ? low * Foundation.pow(high / low, t) : low + (high - low) * t)
        }
        let b = GraphBuilder()
        b.output("y", b.apply(testCase.op, [b.input("x", [count])]))
        let program = Program(unplanned: try b.finish())
        let y = try #require(try BLASBackend(vectorISA: isa).run(program, feeds: ["x": HostTensor(shape: [count], floats: inputs)])["y"]).floats
        var worst = (error: 0.0, at: 0.0)
        for (x, value) in zip(inputs, y) {
            let exact = testCase.exact(Double(x))
            let error = abs(Double(value) - exact) / Swift.max(abs(exact), testCase.floor)
            if error > worst.error { worst = (error, Double(x)) }
        }
        #expect(worst.error < 1e-6, "\(testCase.label): error \(worst.error) at \(worst.at)")
    }

    /// NaN stays NaN; infinities and values far outside the polynomial ranges give the
    /// limits (exp 0 / +inf, tanh and erf ±1, sigmoid 0 / 1, GELU -0 / x; GELU(-inf) is NaN as in PyTorch).
    @Test(arguments: supportedISAs)
    func specialValuesGiveTheLimits(_ isa: VectorISA) throws {
        let inputs: [Float] = [.nan, -.infinity, .infinity, -1000, 1000, -100, 100]
        let expected: [String: [Float]] = [
            "exp": [.nan, 0, .infinity, 0, .infinity, 0, .infinity],
            "tanh": [.nan, -1, 1, -1, 1, -1, 1],
            "erf": [.nan, -1, 1, -1, 1, -1, 1],
            "sigmoid": [.nan, 0, 1, 0, 1, 0, 1],
            "gelu_tanh": [.nan, .nan, .infinity, 0, 1000, 0, 100],  // -inf · 0 is NaN, as in PyTorch
        ]
        let ops: [String: Op] = ["exp": .unary(.exp), "tanh": .unary(.tanh), "erf": .unary(.erf), "sigmoid": .unary(.sigmoid),
                                 "gelu_tanh": .composite(.gelu(.tanh))]
        for (label, op) in ops.sorted(by: { $0.key < $1.key }) {
            let b = GraphBuilder()
            b.output("y", b.apply(op, [b.input("x", [inputs.count])]))
            let program = Program(unplanned: try b.finish())
            let y = try #require(try BLASBackend(vectorISA: isa).run(program, feeds: ["x": HostTensor(shape: [inputs.count], floats: inputs)])["y"]).floats
            for (index, value) in y.enumerated() {
                let want = expected[label]![index]
                let ok = want.isNaN ? value.isNaN : abs(value - want) <= 1e-30 || value == want
                #expect(ok, "\(label)(\(inputs[index])) = \(value), expected \(want)")
            }
        }
    }
}
