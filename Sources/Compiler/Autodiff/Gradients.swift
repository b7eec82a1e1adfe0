import Foundation

// The gradient rule of every op, written in IR ops (docs/ir.md lists them).

extension GraphBuilder {
    /// The gradients of `node`'s operands given the gradient `g` of its output (nil for
    /// operands not `needed` or that take no gradient).
    func vectorJacobianProducts(_ node: Node, value: ValueID, grad g: Tensor, needed: [Bool]) -> [Tensor?] {
        let x = node.inputs.map(tensor)
        let y = tensor(value)
        switch node.op {
        case .input, .parameter, .constant, .random, .compare, .cast, .stopGradient:
            return x.map { _ in nil }
        case .unary(let function):
            return [unaryGradient(function, x[0], output: y, grad: g)]
        case .binary(let function):
            return binaryGradient(function, x[0], x[1], output: y, grad: g, needed: needed)
        case .select:
            let zero = constant(0)
            return [nil,
                    needed[1] ? sumTo(select(x[0], g, zero), x[1].shape) : nil,
                    needed[2] ? sumTo(select(x[0], zero, g), x[2].shape) : nil]
        case .reduce(let reduction, let axes, let keepDims):
            return [reduceGradient(reduction, axes: axes, keepDims: keepDims, x[0], output: y, grad: g)]
        case .matmul(let transposeA, let transposeB):
            return matmulGradient(x[0], x[1], transposeA: transposeA, transposeB: transposeB, grad: g, needed: needed)
        case .reshape:
            return [g.reshaped(x[0].shape.dims)]
        case .permute(let permutation):
            var inverse = [Int](repeating: 0, count: permutation.count)
            for (axis, source) in permutation.enumerated() { inverse[source] = axis }
            return [g.permuted(inverse)]
        case .broadcast:
            return [sumTo(g, x[0].shape)]
        case .slice(let start, let end):
            return [g.padded(before: start, after: zip(x[0].shape.dims, end).map { $0 - $1 })]
        case .pad(let before, _):
            return [g.slice(start: before, end: zip(before, x[0].shape.dims).map { $0 + $1 })]
        case .concat(let axis):
            var offset = 0
            return x.enumerated().map { index, operand in
                defer { offset += operand.shape[axis] }
                return needed[index] ? g.slice(axis: axis, offset ..< offset + operand.shape[axis]) : nil
            }
        case .gather(let axis):
            return [scatterAdd(g, x[1], axis: axis, size: x[0].shape[axis]), nil]
        case .scatterAdd(let axis, _):
            return [gather(g, x[1], axis: axis), nil]
        case .composite(let composite):
            return compositeGradient(composite, x, output: y, grad: g, needed: needed)
        }
    }

    /// Sums `g` over the axes that broadcasting added or stretched, giving shape `shape`.
    func sumTo(_ g: Tensor, _ shape: Shape) -> Tensor {
        guard g.shape != shape else { return g }
        let lead = g.rank - shape.rank
        let axes = (0..<g.rank).filter { axis in
            axis < lead || (shape[axis - lead] == 1 && g.shape[axis] != 1)
        }
        return (axes.isEmpty ? g : g.sum(axes: axes)).reshaped(shape.dims)
    }

    private func unaryGradient(_ function: UnaryFunction, _ x: Tensor, output y: Tensor, grad g: Tensor) -> Tensor {
        switch function {
        case .neg: return -g
        case .abs: return g * (x.compared(.gt, 0) - x.compared(.lt, 0))
        case .exp: return g * y
        case .log: return g / x
        case .sqrt: return g * 0.5 / y
        case .rsqrt: return g * -0.5 * y.pow(3)
        case .tanh: return g * (1 - y.squared())
        case .erf: return g * (2 / Double.pi.squareRoot()) * (-x.squared()).exp()
        case .sigmoid: return g * y * (1 - y)
        case .sin: return g * x.cos()
        case .cos: return -(g * x.sin())
        case .pow(let exponent):
            switch exponent {
            case 0: return g * 0
            case 1: return g
            case 2: return g * 2 * x
            default: return g * exponent * x.pow(exponent - 1)
            }
        }
    }

    private func binaryGradient(_ function: BinaryFunction, _ a: Tensor, _ b: Tensor, output y: Tensor, grad g: Tensor,
                                needed: [Bool]) -> [Tensor?] {
        func reduced(_ t: @autoclosure () -> Tensor, _ index: Int, _ shape: Shape) -> Tensor? {
            needed[index] ? sumTo(t(), shape) : nil
        }
        switch function {
        case .add: return [reduced(g, 0, a.shape), reduced(g, 1, b.shape)]
        case .sub: return [reduced(g, 0, a.shape), reduced(-g, 1, b.shape)]
        case .mul: return [reduced(g * b, 0, a.shape), reduced(g * a, 1, b.shape)]
        case .div: return [reduced(g / b, 0, a.shape), reduced(-(g * y) / b, 1, b.shape)]
        case .max, .min:
            // The larger (smaller) operand takes the gradient; ties split it evenly.
            let wins = a.compared(function == .max ? .gt : .lt, b) + 0.5 * a.compared(.eq, b)
            return [reduced(g * wins, 0, a.shape), reduced(g * (1 - wins), 1, b.shape)]
        }
    }

    private func reduceGradient(_ reduction: Reduction, axes: [Int], keepDims: Bool, _ x: Tensor, output y: Tensor,
                                grad g: Tensor) -> Tensor {
        let kept = Shape(x.shape.dims.enumerated().map { axes.contains($0.offset) ? 1 : $0.element })
        let gKept = keepDims ? g : g.reshaped(kept.dims)
        switch reduction {
        case .sum:
            return gKept.broadcast(to: x.shape)
        case .mean:
            let count = axes.reduce(1) { $0 * x.shape[$1] }
            return gKept.broadcast(to: x.shape) / Double(Swift.max(count, 1))
        case .max:
            // The maxima share the gradient evenly.
            let hits = x.compared(.eq, keepDims ? y : y.reshaped(kept.dims))
            return gKept * hits / hits.sum(axes: axes, keepDims: true)
        }
    }

    /// For C = op(A) op(B): dA = g op(B)ᵀ and dB = op(A)ᵀ g, transposed back when A or B was
    /// transposed, then summed over broadcast batch axes. When B is a plain matrix shared by
    /// a batch of A's (a Linear weight), dB folds the batch into the rows of one product.
    private func matmulGradient(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool, grad g: Tensor,
                                needed: [Bool]) -> [Tensor?] {
        var dA: Tensor?
        var dB: Tensor?
        if needed[0] {
            dA = transposeA ? b.matmul(g, transposeA: transposeB, transposeB: true) : g.matmul(b, transposeB: !transposeB)
            dA = dA.map { sumTo($0, a.shape) }
        }
        if needed[1] {
            let (lhs, grad) = (b.rank == 2 && a.rank > 2 && !transposeA)
                ? (a.reshaped([-1, a.shape.dims.last ?? 1]), g.reshaped([-1, g.shape.dims.last ?? 1]))
                : (a, g)
            dB = transposeB ? grad.matmul(lhs, transposeA: true, transposeB: transposeA) : lhs.matmul(grad, transposeA: !transposeA)
            dB = dB.map { sumTo($0, b.shape) }
        }
        return [dA, dB]
    }

    private func compositeGradient(_ composite: Composite, _ x: [Tensor], output y: Tensor, grad g: Tensor,
                                   needed: [Bool]) -> [Tensor?] {
        switch composite {
        case .layerNorm(let epsilon): return [layerNormGradient(x[0], output: y, grad: g, epsilon: epsilon)]
        case .rmsNorm(let epsilon): return [rmsNormGradient(x[0], output: y, grad: g, epsilon: epsilon)]
        case .softmax: return [softmaxGradient(output: y, grad: g)] + x.dropFirst().map { _ in nil }
        case .gelu(let approximation): return [geluGradient(x[0], grad: g, approximation)]
        case .silu: return [siluGradient(x[0], grad: g)]
        case .attention(let scale, let causal):
            return attentionGradient(x[0], x[1], x[2], mask: x.count > 3 ? x[3] : nil, scale: scale, causal: causal,
                                     grad: g, needed: needed) + x.dropFirst(3).map { _ in nil }
        }
    }
}
