/// Why an op cannot take the given operands. The message names the operands and extents.
public struct OpTypeError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension Op {
    /// The output type of this op applied to operands of the given types: the single shape
    /// and dtype rule used by the builder and by the verifier.
    public func inferType(_ operands: [TensorType]) throws(OpTypeError) -> TensorType {
        switch self {
        case .input(_, let type), .parameter(_, let type):
            try expectArity(operands, 0)
            try expectExtents(type.shape)
            return type
        case .constant(let constant):
            try expectArity(operands, 0)
            try expectExtents(constant.type.shape)
            return constant.type
        case .random(_, _, let shape):
            try expectExtents(shape)
            guard operands.count <= 1 else { throw OpTypeError("random takes at most one operand (an i32 counter), got \(operands.count)") }
            if let counter = operands.first, counter != TensorType(.scalar, .i32) {
                throw OpTypeError("random's counter must be an i32 scalar, got \(counter)")
            }
            return TensorType(shape)
        case .unary(let function):
            try expectArity(operands, 1)
            if operands[0].dtype == .i32 && !function.acceptsIntegers {
                throw OpTypeError("\(name) needs an f32 operand, got \(operands[0])")
            }
            return operands[0]
        case .binary(let function):
            try expectArity(operands, 2)
            try expectSameDType(operands)
            if operands[0].dtype == .i32 && !function.acceptsIntegers {
                throw OpTypeError("\(name) needs f32 operands, got \(operands[0]) and \(operands[1])")
            }
            return TensorType(try broadcastShape(operands), operands[0].dtype)
        case .compare:
            try expectArity(operands, 2)
            try expectSameDType(operands)
            return TensorType(try broadcastShape(operands), .f32)
        case .select:
            try expectArity(operands, 3)
            guard operands[0].dtype == .f32 else { throw OpTypeError("select's mask must be f32 (0/1), got \(operands[0])") }
            guard operands[1].dtype == operands[2].dtype else {
                throw OpTypeError("select's branches differ in dtype: \(operands[1]) and \(operands[2])")
            }
            return TensorType(try broadcastShape(operands), operands[1].dtype)
        case .cast(let dtype):
            try expectArity(operands, 1)
            return TensorType(operands[0].shape, dtype)
        case .stopGradient:
            try expectArity(operands, 1)
            return operands[0]
        case .reduce(let reduction, let axes, let keepDims):
            try expectArity(operands, 1)
            let input = operands[0]
            if reduction == .mean && input.dtype == .i32 { throw OpTypeError("mean needs an f32 operand, got \(input)") }
            try checkAxes(axes, rank: input.shape.rank)
            let dims = input.shape.dims.enumerated().compactMap { axis, extent -> Int? in
                axes.contains(axis) ? (keepDims ? 1 : nil) : extent
            }
            return TensorType(Shape(dims), input.dtype)
        case .matmul(let transposeA, let transposeB):
            try expectArity(operands, 2)
            return try matmulType(operands[0], operands[1], transposeA: transposeA, transposeB: transposeB)
        case .reshape(let shape):
            try expectArity(operands, 1)
            guard shape.elementCount == operands[0].shape.elementCount, shape.dims.allSatisfy({ $0 >= 0 }) else {
                throw OpTypeError("cannot reshape \(operands[0].shape) (\(operands[0].shape.elementCount) elements) to \(shape) (\(shape.elementCount) elements)")
            }
            return TensorType(shape, operands[0].dtype)
        case .permute(let permutation):
            try expectArity(operands, 1)
            let shape = operands[0].shape
            guard permutation.count == shape.rank, permutation.sorted() == Array(0..<shape.rank) else {
                throw OpTypeError("\(permutation) is not a permutation of the \(shape.rank) axes of \(shape)")
            }
            return TensorType(Shape(permutation.map { shape[$0] }), operands[0].dtype)
        case .broadcast(let shape):
            try expectArity(operands, 1)
            guard operands[0].shape.broadcasts(to: shape) else {
                throw OpTypeError("cannot broadcast \(operands[0].shape) to \(shape)")
            }
            return TensorType(shape, operands[0].dtype)
        case .slice(let start, let end):
            try expectArity(operands, 1)
            let shape = operands[0].shape
            guard start.count == shape.rank, end.count == shape.rank else {
                throw OpTypeError("slice bounds \(start)..<\(end) do not have one entry per axis of \(shape)")
            }
            for axis in 0..<shape.rank where !(0 <= start[axis] && start[axis] <= end[axis] && end[axis] <= shape[axis]) {
                throw OpTypeError("slice \(start[axis])..<\(end[axis]) is outside axis \(axis) of \(shape)")
            }
            return TensorType(Shape(zip(start, end).map { $1 - $0 }), operands[0].dtype)
        case .pad(let before, let after):
            try expectArity(operands, 1)
            let shape = operands[0].shape
            guard before.count == shape.rank, after.count == shape.rank else {
                throw OpTypeError("pad amounts \(before), \(after) do not have one entry per axis of \(shape)")
            }
            guard (before + after).allSatisfy({ $0 >= 0 }) else { throw OpTypeError("pad amounts must be >= 0, got \(before), \(after)") }
            return TensorType(Shape((0..<shape.rank).map { before[$0] + shape[$0] + after[$0] }), operands[0].dtype)
        case .concat(let axis):
            return try concatType(operands, axis: axis)
        case .gather(let axis):
            try expectArity(operands, 2)
            let (table, indices) = (operands[0], operands[1])
            guard indices.dtype == .i32 else { throw OpTypeError("gather's indices must be i32, got \(indices)") }
            guard (0..<table.shape.rank).contains(axis) else { throw OpTypeError("gather axis \(axis) is outside \(table.shape)") }
            let dims = Array(table.shape.dims[..<axis]) + indices.shape.dims + Array(table.shape.dims[(axis + 1)...])
            return TensorType(Shape(dims), table.dtype)
        case .scatterAdd(let axis, let size):
            try expectArity(operands, 2)
            let (source, indices) = (operands[0], operands[1])
            guard source.dtype == .f32 else { throw OpTypeError("scatter_add's source must be f32, got \(source)") }
            guard indices.dtype == .i32 else { throw OpTypeError("scatter_add's indices must be i32, got \(indices)") }
            let end = axis + indices.shape.rank
            guard axis >= 0, size >= 0, end <= source.shape.rank,
                  Array(source.shape.dims[axis..<end]) == indices.shape.dims else {
                throw OpTypeError("scatter_add source \(source.shape) does not hold indices \(indices.shape) at axis \(axis)")
            }
            let dims = Array(source.shape.dims[..<axis]) + [size] + Array(source.shape.dims[end...])
            return TensorType(Shape(dims), .f32)
        case .composite(let composite):
            return try composite.inferType(operands)
        }
    }

    private func expectArity(_ operands: [TensorType], _ count: Int) throws(OpTypeError) {
        guard operands.count == count else { throw OpTypeError("\(name) takes \(count) operand(s), got \(operands.count)") }
    }

    private func expectExtents(_ shape: Shape) throws(OpTypeError) {
        guard shape.dims.allSatisfy({ $0 >= 0 }) else { throw OpTypeError("\(name) has a negative extent in \(shape)") }
    }

    private func expectSameDType(_ operands: [TensorType]) throws(OpTypeError) {
        guard Set(operands.map(\.dtype)).count <= 1 else {
            throw OpTypeError("\(name) operands differ in dtype: " + operands.map(\.description).joined(separator: " and "))
        }
    }

    private func broadcastShape(_ operands: [TensorType]) throws(OpTypeError) -> Shape {
        var shape = Shape.scalar
        for operand in operands {
            guard let next = Shape.broadcast(shape, operand.shape) else {
                throw OpTypeError("\(name) operands do not broadcast: " + operands.map { "\($0.shape)" }.joined(separator: " vs "))
            }
            shape = next
        }
        return shape
    }

    private func checkAxes(_ axes: [Int], rank: Int) throws(OpTypeError) {
        guard axes == axes.sorted(), Set(axes).count == axes.count, axes.allSatisfy({ (0..<rank).contains($0) }) else {
            throw OpTypeError("reduction axes \(axes) must be distinct, sorted and within 0..<\(rank)")
        }
    }

    private func matmulType(_ a: TensorType, _ b: TensorType, transposeA: Bool, transposeB: Bool) throws(OpTypeError) -> TensorType {
        guard a.dtype == .f32, b.dtype == .f32 else { throw OpTypeError("matmul needs f32 operands, got \(a) and \(b)") }
        guard a.shape.rank >= 2, b.shape.rank >= 2 else { throw OpTypeError("matmul needs operands of rank >= 2, got \(a.shape) and \(b.shape)") }
        let (ra, rb) = (a.shape.rank, b.shape.rank)
        let (m, ka) = transposeA ? (a.shape[ra - 1], a.shape[ra - 2]) : (a.shape[ra - 2], a.shape[ra - 1])
        let (kb, n) = transposeB ? (b.shape[rb - 1], b.shape[rb - 2]) : (b.shape[rb - 2], b.shape[rb - 1])
        guard ka == kb else {
            throw OpTypeError("matmul inner extents differ: \(a.shape)\(transposeA ? "ᵀ" : "") has K=\(ka), \(b.shape)\(transposeB ? "ᵀ" : "") has K=\(kb)")
        }
        guard let batch = Shape.broadcast(Shape(Array(a.shape.dims.dropLast(2))), Shape(Array(b.shape.dims.dropLast(2)))) else {
            throw OpTypeError("matmul batch axes do not broadcast: \(a.shape) vs \(b.shape)")
        }
        return TensorType(Shape(batch.dims + [m, n]))
    }

    private func concatType(_ operands: [TensorType], axis: Int) throws(OpTypeError) -> TensorType {
        guard let first = operands.first else { throw OpTypeError("concat needs at least one operand") }
        try expectSameDType(operands)
        guard (0..<first.shape.rank).contains(axis) else { throw OpTypeError("concat axis \(axis) is outside \(first.shape)") }
        var dims = first.shape.dims
        for operand in operands.dropFirst() {
            var other = operand.shape.dims
            guard other.count == dims.count else { throw OpTypeError("concat operands differ in rank: \(first.shape) vs \(operand.shape)") }
            other[axis] = dims[axis]
            guard other == dims else { throw OpTypeError("concat operands differ off axis \(axis): \(first.shape) vs \(operand.shape)") }
            dims[axis] += operand.shape[axis]
        }
        return TensorType(Shape(dims), first.dtype)
    }
}

extension Composite {
    /// Output type of the composite on the given operands.
    func inferType(_ operands: [TensorType]) throws(OpTypeError) -> TensorType {
        guard operands.allSatisfy({ $0.dtype == .f32 }) else {
            throw OpTypeError("\(name) needs f32 operands, got " + operands.map(\.description).joined(separator: ", "))
        }
        switch self {
        case .gelu, .silu:
            guard operands.count == 1 else { throw OpTypeError("\(name) takes 1 operand, got \(operands.count)") }
            return operands[0]
        case .layerNorm, .rmsNorm:
            guard operands.count == 1 else { throw OpTypeError("\(name) takes 1 operand, got \(operands.count)") }
            guard operands[0].shape.rank >= 1 else {
                throw OpTypeError("\(name) normalises the last axis and needs rank >= 1, got \(operands[0].shape)")
            }
            return operands[0]
        case .softmax:
            guard operands.count == 1 || operands.count == 2 else { throw OpTypeError("softmax takes 1 or 2 operands (input, mask), got \(operands.count)") }
            guard operands[0].shape.rank >= 1 else { throw OpTypeError("softmax needs rank >= 1, got \(operands[0].shape)") }
            if operands.count == 2, !operands[1].shape.broadcasts(to: operands[0].shape) {
                throw OpTypeError("softmax mask \(operands[1].shape) does not broadcast to the input \(operands[0].shape)")
            }
            return operands[0]
        case .attention:
            guard operands.count == 3 || operands.count == 4 else { throw OpTypeError("attention takes 3 or 4 operands (q, k, v, mask), got \(operands.count)") }
            let (q, k, v) = (operands[0].shape, operands[1].shape, operands[2].shape)
            guard q.rank >= 2, k.rank == q.rank, v.rank == q.rank else {
                throw OpTypeError("attention needs q, k, v of equal rank >= 2, got \(q), \(k), \(v)")
            }
            let batch = Array(q.dims.dropLast(2))
            guard Array(k.dims.dropLast(2)) == batch, Array(v.dims.dropLast(2)) == batch else {
                throw OpTypeError("attention q, k, v differ in leading axes: \(q), \(k), \(v)")
            }
            guard q.dims.last == k.dims.last else { throw OpTypeError("attention q \(q) and k \(k) differ in feature extent") }
            guard k[k.rank - 2] == v[v.rank - 2] else { throw OpTypeError("attention k \(k) and v \(v) differ in key count") }
            let (t, s) = (q[q.rank - 2], k[k.rank - 2])
            if operands.count == 4, !operands[3].shape.broadcasts(to: Shape(batch + [t, s])) {
                throw OpTypeError("attention mask \(operands[3].shape) does not broadcast to \(Shape(batch + [t, s]))")
            }
            return TensorType(Shape(batch + [t, v[v.rank - 1]]))
        }
    }
}
