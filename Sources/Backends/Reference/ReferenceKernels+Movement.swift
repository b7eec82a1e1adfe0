import Compiler

// Movement and indexing kernels: each output element is picked from one operand element
// (or is zero), except scatter-add, which accumulates.

extension ReferenceKernels {
    /// The same values in a new shape.
    static func reshape(_ x: Tensor, shape: Shape) -> Tensor {
        Tensor(shape: shape, storage: x.storage)
    }

    /// Output axis `i` is input axis `permutation[i]`.
    static func permute(_ x: Tensor, _ permutation: [Int], shape: Shape) -> Tensor {
        let (inputStrides, outputStrides) = (x.shape.strides, shape.strides)
        let storage = x.storage.picking(count: shape.elementCount) { flat in
            var source = 0
            for axis in 0..<shape.rank {
                source += shape.coordinate(flat, axis: axis, strides: outputStrides) * inputStrides[permutation[axis]]
            }
            return source
        }
        return Tensor(shape: shape, storage: storage)
    }

    /// Repeats extent-1 and missing leading axes.
    static func broadcast(_ x: Tensor, shape: Shape) -> Tensor {
        let indexer = BroadcastIndexer(output: shape, operands: [x.shape])
        return Tensor(shape: shape, storage: x.storage.picking(count: shape.elementCount) { indexer.offset(0, $0) })
    }

    /// The box `start ..< start + shape`.
    static func slice(_ x: Tensor, start: [Int], shape: Shape) -> Tensor {
        let (inputStrides, outputStrides) = (x.shape.strides, shape.strides)
        let storage = x.storage.picking(count: shape.elementCount) { flat in
            var source = 0
            for axis in 0..<shape.rank {
                source += (shape.coordinate(flat, axis: axis, strides: outputStrides) + start[axis]) * inputStrides[axis]
            }
            return source
        }
        return Tensor(shape: shape, storage: storage)
    }

    /// Zeros around `x`: `before[i]` on the low side of axis `i`.
    static func pad(_ x: Tensor, before: [Int], shape: Shape) -> Tensor {
        let (inputStrides, outputStrides) = (x.shape.strides, shape.strides)
        let storage = x.storage.picking(count: shape.elementCount) { flat -> Int? in
            var source = 0
            for axis in 0..<shape.rank {
                let coordinate = shape.coordinate(flat, axis: axis, strides: outputStrides) - before[axis]
                guard coordinate >= 0, coordinate < x.shape[axis] else { return nil }
                source += coordinate * inputStrides[axis]
            }
            return source
        }
        return Tensor(shape: shape, storage: storage)
    }

    /// The operands joined along `axis`.
    static func concat(_ operands: [Tensor], axis: Int, shape: Shape) -> Tensor {
        let strides = shape.strides
        // For every coordinate on `axis`: the operand holding it and the coordinate there.
        let owners = operands.enumerated().flatMap { index, operand in
            (0..<operand.shape[axis]).map { (operand: index, coordinate: $0) }
        }
        let operandStrides = operands.map(\.shape.strides)
        func source(_ flat: Int) -> (operand: Int, offset: Int) {
            let owner = owners[shape.coordinate(flat, axis: axis, strides: strides)]
            var offset = 0
            for dimension in 0..<shape.rank {
                let coordinate = dimension == axis ? owner.coordinate : shape.coordinate(flat, axis: dimension, strides: strides)
                offset += coordinate * operandStrides[owner.operand][dimension]
            }
            return (owner.operand, offset)
        }
        let count = shape.elementCount
        switch operands[0].storage {
        case .real:
            let values = operands.map(\.storage.realValues)
            return Tensor(shape: shape, storage: .real((0..<count).map { let s = source($0); return values[s.operand][s.offset] }))
        case .integer:
            let values = operands.map(\.storage.integerValues)
            return Tensor(shape: shape, storage: .integer((0..<count).map { let s = source($0); return values[s.operand][s.offset] }))
        }
    }

    /// numpy `take(table, indices, axis)`; indices outside `0..<extent` fail.
    static func gather(_ table: Tensor, _ indices: Tensor, axis: Int, shape: Shape) throws(KernelFailure) -> Tensor {
        let rows = indices.storage.integerValues
        let extent = table.shape[axis]
        let inner = table.shape.dims[(axis + 1)...].reduce(1, *)
        let count = rows.count
        let storage = try table.storage.picking(count: shape.elementCount) { (flat: Int) throws(KernelFailure) -> Int? in
            let (outer, rest) = (flat / (count * inner), flat % (count * inner))
            let (position, within) = (rest / inner, rest % inner)
            let row = Int(rows[position])
            guard row >= 0, row < extent else { throw KernelFailure("index \(row) is outside 0..<\(extent)") }
            return (outer * extent + row) * inner + within
        }
        return Tensor(shape: shape, storage: storage)
    }

    /// Adds every slice of `source` into the row its index names of a zero tensor of `shape`.
    static func scatterAdd(_ source: Tensor, _ indices: Tensor, axis: Int, shape: Shape) throws(KernelFailure) -> Tensor {
        let (values, rows) = (source.storage.realValues, indices.storage.integerValues)
        let extent = shape[axis]
        let inner = shape.dims[(axis + 1)...].reduce(1, *)
        let count = rows.count
        var result = [Scalar](repeating: 0, count: shape.elementCount)
        for flat in values.indices {
            let (outer, rest) = (flat / (count * inner), flat % (count * inner))
            let (position, within) = (rest / inner, rest % inner)
            let row = Int(rows[position])
            guard row >= 0, row < extent else { throw KernelFailure("index \(row) is outside 0..<\(extent)") }
            result[(outer * extent + row) * inner + within] += values[flat]
        }
        return Tensor(shape: shape, storage: .real(result))
    }
}
