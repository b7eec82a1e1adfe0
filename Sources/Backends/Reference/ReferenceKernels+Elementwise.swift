import Compiler

extension ReferenceKernels {
    /// A unary function of every element.
    static func unary(_ function: UnaryFunction, _ x: Tensor) -> Tensor {
        switch x.storage {
        case .integer(let values):
            let result: [Int32] = values.map { function == .neg ? 0 &- $0 : ($0 < 0 ? 0 &- $0 : $0) }
            return Tensor(shape: x.shape, storage: .integer(result))
        case .real(let values):
            return Tensor(shape: x.shape, storage: .real(values.map { apply(function, $0) }))
        }
    }

    /// `function(x)` for one f32 value.
    static func apply(_ function: UnaryFunction, _ x: Scalar) -> Scalar {
        switch function {
        case .neg: return -x
        case .abs: return Swift.abs(x)
        case .exp: return Scalar.exp(x)
        case .log: return Scalar.log(x)
        case .sqrt: return Scalar.sqrt(x)
        case .rsqrt: return 1 / Scalar.sqrt(x)
        case .tanh: return Scalar.tanh(x)
        case .erf: return Scalar.erf(x)
        case .sigmoid: return 1 / (1 + Scalar.exp(-x))
        case .sin: return Scalar.sin(x)
        case .cos: return Scalar.cos(x)
        case .pow(let exponent): return Scalar.pow(x, Scalar(exponent))
        }
    }

    /// A binary function of broadcast operands.
    static func binary(_ function: BinaryFunction, _ a: Tensor, _ b: Tensor, shape: Shape) -> Tensor {
        let indexer = BroadcastIndexer(output: shape, operands: [a.shape, b.shape])
        let count = shape.elementCount
        switch (a.storage, b.storage) {
        case (.real(let x), .real(let y)):
            let result = (0..<count).map { i in function.apply(x[indexer.offset(0, i)], y[indexer.offset(1, i)]) }
            return Tensor(shape: shape, storage: .real(result))
        default:
            let (x, y) = (a.storage.integerValues, b.storage.integerValues)
            let result = (0..<count).map { i in function.apply(x[indexer.offset(0, i)], y[indexer.offset(1, i)]) }
            return Tensor(shape: shape, storage: .integer(result))
        }
    }

    /// An elementwise comparison of broadcast operands, as an f32 mask.
    static func compare(_ comparison: Comparison, _ a: Tensor, _ b: Tensor, shape: Shape) -> Tensor {
        let indexer = BroadcastIndexer(output: shape, operands: [a.shape, b.shape])
        let count = shape.elementCount
        let result: [Scalar]
        switch (a.storage, b.storage) {
        case (.real(let x), .real(let y)):
            result = (0..<count).map { i in comparison.holds(x[indexer.offset(0, i)], y[indexer.offset(1, i)]) ? 1 : 0 }
        default:
            let (x, y) = (a.storage.integerValues, b.storage.integerValues)
            result = (0..<count).map { i in comparison.holds(x[indexer.offset(0, i)], y[indexer.offset(1, i)]) ? 1 : 0 }
        }
        return Tensor(shape: shape, storage: .real(result))
    }

    /// `select(mask, a, b)`: `a` where the mask is non-zero, else `b` (all broadcast).
    static func select(_ mask: Tensor, _ a: Tensor, _ b: Tensor, shape: Shape) -> Tensor {
        let indexer = BroadcastIndexer(output: shape, operands: [mask.shape, a.shape, b.shape])
        let m = mask.storage.realValues
        let count = shape.elementCount
        switch (a.storage, b.storage) {
        case (.real(let x), .real(let y)):
            let result = (0..<count).map { i in m[indexer.offset(0, i)] != 0 ? x[indexer.offset(1, i)] : y[indexer.offset(2, i)] }
            return Tensor(shape: shape, storage: .real(result))
        default:
            let (x, y) = (a.storage.integerValues, b.storage.integerValues)
            let result = (0..<count).map { i in m[indexer.offset(0, i)] != 0 ? x[indexer.offset(1, i)] : y[indexer.offset(2, i)] }
            return Tensor(shape: shape, storage: .integer(result))
        }
    }

    /// Converts the element type; f32 -> i32 truncates toward zero and fails on values that
    /// are not finite or do not fit.
    static func cast(_ x: Tensor, to dtype: DType) throws(KernelFailure) -> Tensor {
        switch (x.storage, dtype) {
        case (.real(let values), .i32):
            var result = [Int32](repeating: 0, count: values.count)
            for (i, value) in values.enumerated() {
                let truncated = Double(value).rounded(.towardZero)
                guard let converted = Int32(exactly: truncated) else {
                    throw KernelFailure("cannot cast \(value) to i32")
                }
                result[i] = converted
            }
            return Tensor(shape: x.shape, storage: .integer(result))
        case (.integer(let values), .f32):
            return Tensor(shape: x.shape, storage: .real(values.map { Scalar($0) }))
        default:
            return x
        }
    }
}
