import Foundation

/// A constant's values for compile-time evaluation: every element equal (`fill`) or listed,
/// in Double. i32 arithmetic wraps as at run time.
struct ConstantValue {
    var type: TensorType
    /// The common value of every element, when they are all equal.
    var fill: Double?
    /// The elements, row-major (empty for a fill).
    var values: [Double]

    init(type: TensorType, fill: Double) {
        self.type = type
        self.fill = fill
        values = []
    }

    init(type: TensorType, values: [Double]) {
        self.type = type
        fill = nil
        self.values = values
    }

    init(_ constant: Constant) {
        switch constant {
        case .fill(let value, let type): self.init(type: type, fill: value)
        case .tensor(let tensor): self.init(type: tensor.type, values: tensor.doubles)
        }
    }

    /// Element `i`.
    func element(_ i: Int) -> Double { fill ?? values[i] }

    /// The IR constant, or nil when the values are not all equal and there are more than `limit`.
    func constant(limit: Int) -> Constant? {
        if let fill { return .fill(fill, type) }
        if let first = values.first, values.allSatisfy({ $0 == first || ($0.isNaN && first.isNaN) }) { return .fill(first, type) }
        guard values.count <= limit else { return nil }
        switch type.dtype {
        case .f32: return .tensor(HostTensor(shape: type.shape, floats: values.map { Float($0) }))
        case .i32: return .tensor(HostTensor(shape: type.shape, ints: values.map { Int32($0) }))
        }
    }

    /// `op` applied to constant operands, or nil when the op is not folded (sources, matmul,
    /// indexing, composites, casts of values that fail at run time).
    static func evaluate(_ op: Op, _ operands: [ConstantValue], type: TensorType) -> ConstantValue? {
        switch op {
        case .unary(let function):
            if type.dtype == .i32 {
                return map(operands, type: type) { x in
                    let value = Int32(x[0])
                    return Double(function == .neg || value < 0 ? 0 &- value : value)
                }
            }
            return map(operands, type: type) { unary(function, $0[0]) }
        case .binary(let function):
            if type.dtype == .i32 {
                return map(operands, type: type) { Double(function.apply(Int32($0[0]), Int32($0[1]))) }
            }
            return map(operands, type: type) { function.apply($0[0], $0[1]) }
        case .compare(let comparison):
            return map(operands, type: type) { comparison.holds($0[0], $0[1]) ? 1 : 0 }
        case .select:
            return map(operands, type: type) { $0[0] != 0 ? $0[1] : $0[2] }
        case .cast(.i32):
            guard operands[0].allElements(satisfy: { $0.isFinite && abs($0) < 2_147_483_648 }) else { return nil }
            return map(operands, type: type) { $0[0].rounded(.towardZero) }
        case .cast(.f32):
            return map(operands, type: type) { $0[0] }
        case .stopGradient, .reshape, .permute, .slice, .broadcast:
            let x = operands[0]
            if let fill = x.fill { return ConstantValue(type: type, fill: fill) }
            guard let layout = StridedLayout(contiguous: x.type.shape).applying(op, resultShape: type.shape) else { return nil }
            return ConstantValue(type: type, values: (0..<type.shape.elementCount).map { x.values[layout.elementOffset($0)] })
        case .reduce(let reduction, let axes, _):
            return reduce(reduction, axes: axes, operands[0], type: type)
        default:
            return nil
        }
    }

    private func allElements(satisfy predicate: (Double) -> Bool) -> Bool {
        if let fill { return predicate(fill) }
        return values.allSatisfy(predicate)
    }

    /// Elementwise over broadcast operands: a fill when every operand is a fill.
    private static func map(_ operands: [ConstantValue], type: TensorType, _ function: ([Double]) -> Double) -> ConstantValue {
        if operands.allSatisfy({ $0.fill != nil }) {
            return ConstantValue(type: type, fill: round(function(operands.map { $0.fill! }), type.dtype))
        }
        let layouts = operands.map { StridedLayout(contiguous: $0.type.shape).broadcast(to: type.shape) }
        let count = type.shape.elementCount
        var arguments = [Double](repeating: 0, count: operands.count)
        var result = [Double](repeating: 0, count: count)
        for i in 0..<count {
            for (k, operand) in operands.enumerated() {
                arguments[k] = operand.fill ?? operand.values[layouts[k]!.elementOffset(i)]
            }
            result[i] = round(function(arguments), type.dtype)
        }
        return ConstantValue(type: type, values: result)
    }

    /// Rounds to the precision the value is stored in at run time.
    private static func round(_ value: Double, _ dtype: DType) -> Double {
        dtype == .f32 ? Double(Float(value)) : value
    }

    private static func reduce(_ reduction: Reduction, axes: [Int], _ x: ConstantValue, type: TensorType) -> ConstantValue? {
        let count = axes.reduce(1) { $0 * x.type.shape[$1] }
        if let fill = x.fill, count > 0 {
            switch reduction {
            case .sum: return x.type.dtype == .i32 ? nil : ConstantValue(type: type, fill: round(fill * Double(count), type.dtype))
            case .mean, .max: return ConstantValue(type: type, fill: fill)
            }
        }
        guard x.type.dtype == .f32 else { return nil }
        let kept = Shape(x.type.shape.dims.enumerated().map { axes.contains($0.offset) ? 1 : $0.element })
        let layout = StridedLayout(contiguous: kept).broadcast(to: x.type.shape)!
        var result = [Double](repeating: reduction == .max ? -.infinity : 0, count: kept.elementCount)
        for i in 0..<x.type.shape.elementCount {
            let j = layout.elementOffset(i)
            let value = x.element(i)
            switch reduction {
            case .sum, .mean: result[j] += value
            case .max: result[j] = BinaryFunction.max.apply(result[j], value)
            }
        }
        if reduction == .mean { result = result.map { $0 / Double(count) } }
        return ConstantValue(type: type, values: result.map { round($0, .f32) })
    }

    static func unary(_ function: UnaryFunction, _ x: Double) -> Double {
        switch function {
        case .neg: return -x
        case .abs: return Swift.abs(x)
        case .exp: return Foundation.exp(x)
        case .log: return Foundation.log(x)
        case .sqrt: return x.squareRoot()
        case .rsqrt: return 1 / x.squareRoot()
        case .tanh: return Foundation.tanh(x)
        case .erf: return Foundation.erf(x)
        case .sigmoid: return 1 / (1 + Foundation.exp(-x))
        case .sin: return Foundation.sin(x)
        case .cos: return Foundation.cos(x)
        case .pow(let exponent): return Foundation.pow(x, exponent)
        }
    }
}
