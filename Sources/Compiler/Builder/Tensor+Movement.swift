// Movement and indexing ops on `Tensor`.

extension Tensor {
    /// Same elements in a new shape; one extent may be -1 (inferred).
    public func reshaped(_ dims: [Int]) -> Tensor {
        var resolved = dims
        if let hole = dims.firstIndex(of: -1) {
            let known = dims.enumerated().filter { $0.offset != hole }.reduce(1) { $0 * $1.element }
            resolved[hole] = known > 0 && shape.elementCount % known == 0 ? shape.elementCount / known : -1
        }
        return builder.apply(.reshape(Shape(resolved)), [self])
    }

    /// Reorders axes: output axis `i` is input axis `permutation[i]`.
    public func permuted(_ permutation: [Int]) -> Tensor {
        builder.apply(.permute(permutation), [self])
    }

    /// Swaps the last two axes.
    public func transposed() -> Tensor {
        guard rank >= 2 else { return permuted([]) }
        var permutation = Array(0..<rank)
        permutation.swapAt(rank - 1, rank - 2)
        return permuted(permutation)
    }

    /// Repeats extent-1 (or missing leading) axes up to `shape`.
    public func broadcast(to shape: Shape) -> Tensor {
        builder.apply(.broadcast(shape), [self])
    }

    /// Inserts an extent-1 axis at `axis` (negative counts from the end of the result).
    public func unsqueezed(_ axis: Int) -> Tensor {
        let position = axis < 0 ? axis + rank + 1 : axis
        var dims = shape.dims
        dims.insert(1, at: Swift.min(Swift.max(position, 0), rank))
        return builder.apply(.reshape(Shape(dims)), [self])
    }

    /// The box `start ..< end` (one entry per axis).
    public func slice(start: [Int], end: [Int]) -> Tensor {
        builder.apply(.slice(start: start, end: end), [self])
    }

    /// `range` on one axis, everything on the others.
    public func slice(axis: Int, _ range: Range<Int>) -> Tensor {
        let a = shape.normalizedAxis(axis) ?? axis
        var start = [Int](repeating: 0, count: rank)
        var end = shape.dims
        if (0..<rank).contains(a) {
            start[a] = range.lowerBound
            end[a] = range.upperBound
        }
        return slice(start: start, end: end)
    }

    /// Splits `axis` into `parts` equal pieces (PyTorch `chunk`).
    public func chunked(_ parts: Int, axis: Int) -> [Tensor] {
        let a = shape.normalizedAxis(axis) ?? axis
        guard parts > 0, (0..<rank).contains(a), shape[a] % parts == 0 else {
            builder.report("cannot split axis \(axis) of \(shape) into \(parts) equal parts")
            return [Tensor](repeating: self, count: Swift.max(parts, 0))
        }
        let size = shape[a] / parts
        return (0..<parts).map { slice(axis: a, $0 * size ..< ($0 + 1) * size) }
    }

    /// Zero padding: `before[i]`/`after[i]` zeros on axis `i`.
    public func padded(before: [Int], after: [Int]) -> Tensor {
        builder.apply(.pad(before: before, after: after), [self])
    }
}

/// Joins tensors along `axis` (negative counts from the end).
public func concat(_ tensors: [Tensor], axis: Int) -> Tensor {
    precondition(!tensors.isEmpty, "concat needs at least one tensor")
    let a = tensors[0].shape.normalizedAxis(axis) ?? axis
    return tensors[0].builder.apply(.concat(axis: a), tensors)
}

/// numpy `take(table, indices, axis)`: rows of `table` picked by the i32 `indices`.
public func gather(_ table: Tensor, _ indices: Tensor, axis: Int = 0) -> Tensor {
    table.builder.apply(.gather(axis: axis), [table, indices])
}

/// The adjoint of gather: adds each slice of `source` into row `indices[...]` of a zero
/// tensor whose extent on `axis` is `size`.
public func scatterAdd(_ source: Tensor, _ indices: Tensor, axis: Int, size: Int) -> Tensor {
    source.builder.apply(.scatterAdd(axis: axis, size: size), [source, indices])
}
