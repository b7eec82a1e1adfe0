/// Where the elements of a tensor of `shape` sit in a contiguous buffer: element
/// `(i0, i1, ...)` is at `offset + Σ ik · strides[k]` (in elements). The contiguous row-major
/// layout has `shape.strides` and offset 0; broadcast axes have stride 0; a permutation
/// permutes strides; a slice moves the offset. Fusion uses layouts to let kernels read
/// operands through reshape/permute/slice/broadcast chains in place (ggml's `nb[]` views).
public struct StridedLayout: Hashable, Sendable, CustomStringConvertible {
    public var shape: Shape
    public var strides: [Int]
    public var offset: Int

    public init(shape: Shape, strides: [Int], offset: Int) {
        self.shape = shape
        self.strides = strides
        self.offset = offset
    }

    /// The row-major layout of a contiguous buffer of `shape`.
    public init(contiguous shape: Shape) {
        self.init(shape: shape, strides: shape.strides, offset: 0)
    }

    /// `[2,3]:[3,1]+0`.
    public var description: String { "\(shape):\(strides)+\(offset)" }

    /// True when the layout reads the buffer in row-major order from its start (strides of
    /// extent-1 axes do not matter).
    public var isContiguous: Bool {
        guard offset == 0 else { return false }
        let row = shape.strides
        return shape.dims.indices.allSatisfy { shape.dims[$0] == 1 || strides[$0] == row[$0] }
    }

    /// The layout after `op` (a reshape, permute, slice, broadcast or stop-gradient giving
    /// `resultShape`), or nil when the result is not expressible as strides over this buffer.
    public func applying(_ op: Op, resultShape: Shape) -> StridedLayout? {
        switch op {
        case .stopGradient: return self
        case .reshape: return reshaped(to: resultShape)
        case .permute(let permutation): return permuted(permutation)
        case .slice(let start, _): return sliced(start: start, shape: resultShape)
        case .broadcast: return broadcast(to: resultShape)
        default: return nil
        }
    }

    /// Output axis `i` is this layout's axis `permutation[i]`.
    public func permuted(_ permutation: [Int]) -> StridedLayout {
        StridedLayout(shape: Shape(permutation.map { shape.dims[$0] }), strides: permutation.map { strides[$0] }, offset: offset)
    }

    /// The box starting at `start` with extents `shape`.
    public func sliced(start: [Int], shape sliceShape: Shape) -> StridedLayout {
        StridedLayout(shape: sliceShape, strides: strides, offset: offset + zip(start, strides).reduce(0) { $0 + $1.0 * $1.1 })
    }

    /// numpy broadcasting to `target`: new leading axes and stretched extent-1 axes get
    /// stride 0. Nil when this shape does not broadcast to `target`.
    public func broadcast(to target: Shape) -> StridedLayout? {
        guard shape.broadcasts(to: target) else { return nil }
        let lead = target.rank - shape.rank
        let newStrides = (0..<target.rank).map { axis -> Int in
            guard axis >= lead else { return 0 }
            return shape.dims[axis - lead] == 1 && target.dims[axis] != 1 ? 0 : strides[axis - lead]
        }
        return StridedLayout(shape: target, strides: newStrides, offset: offset)
    }

    /// The same elements in row-major order as `target`, when that order can be walked with
    /// strides (numpy's no-copy reshape): every group of axes merged or split must already be
    /// laid out as one run of equal steps. Nil otherwise.
    public func reshaped(to target: Shape) -> StridedLayout? {
        guard target.elementCount == shape.elementCount else { return nil }
        if target.elementCount == 0 { return StridedLayout(shape: target, strides: target.strides, offset: offset) }
        // Drop extent-1 axes: their strides never matter.
        let old = zip(shape.dims, strides).filter { $0.0 != 1 }
        var newStrides = [Int](repeating: 0, count: target.rank)
        var oldIndex = 0
        var newIndex = 0
        while newIndex < target.rank {
            if target.dims[newIndex] == 1 {
                newStrides[newIndex] = 0
                newIndex += 1
                continue
            }
            // Take the smallest runs of old and new axes with equal products.
            var oldEnd = oldIndex, newEnd = newIndex
            var oldProduct = old[oldEnd].0, newProduct = target.dims[newEnd]
            oldEnd += 1
            newEnd += 1
            while oldProduct != newProduct {
                if oldProduct < newProduct {
                    oldProduct *= old[oldEnd].0
                    oldEnd += 1
                } else {
                    newProduct *= target.dims[newEnd]
                    newEnd += 1
                }
            }
            // The old run must be one evenly strided block.
            for axis in oldIndex..<(oldEnd - 1) where old[axis].1 != old[axis + 1].1 * old[axis + 1].0 {
                return nil
            }
            var running = old[oldEnd - 1].1
            for axis in stride(from: newEnd - 1, through: newIndex, by: -1) {
                newStrides[axis] = target.dims[axis] == 1 ? 0 : running
                running *= target.dims[axis]
            }
            oldIndex = oldEnd
            newIndex = newEnd
        }
        return StridedLayout(shape: target, strides: newStrides, offset: offset)
    }

    /// Where a value's elements land when it is written through a chain of reshapes and
    /// permutes into the contiguous buffer of the chain's end: `chain` lists each op with the
    /// shape of its operand, from the value to the end; `endShape` is the end's shape. Nil
    /// when a step is not expressible (or not a reshape/permute).
    public static func writing(through chain: [(op: Op, operandShape: Shape)], endShape: Shape) -> StridedLayout? {
        var layout = StridedLayout(contiguous: endShape)
        for (op, operandShape) in chain.reversed() {
            switch op {
            case .reshape:
                guard let previous = layout.reshaped(to: operandShape) else { return nil }
                layout = previous
            case .permute(let permutation):
                var inverse = [Int](repeating: 0, count: permutation.count)
                for (axis, source) in permutation.enumerated() { inverse[source] = axis }
                layout = layout.permuted(inverse)
            default:
                return nil
            }
        }
        return layout
    }

    /// The offset (in elements) of the element at flat row-major index `flat` of `shape`.
    public func elementOffset(_ flat: Int) -> Int {
        var rest = flat
        var result = offset
        for axis in stride(from: shape.rank - 1, through: 0, by: -1) {
            let extent = shape.dims[axis]
            result += (rest % extent) * strides[axis]
            rest /= extent
        }
        return result
    }
}
