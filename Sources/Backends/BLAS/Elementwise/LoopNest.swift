import Compiler

/// The iteration space of an elementwise loop: the output shape with adjacent axes merged
/// wherever every operand steps through them evenly (a contiguous `[64, 256]` add of a
/// `[256]` bias stays two axes; a same-shape add becomes one). The innermost axis is the
/// vector loop; the outer axes are walked with per-operand offsets.
struct LoopNest {
    /// Number of (merged) axes, at least 1.
    let rank: Int
    /// Extents, outermost first.
    let dims: Pinned<Int>
    /// Element stride of operand `k` on axis `a` at `strides[k * rank + a]`.
    let strides: Pinned<Int>
    /// Element offset of each operand's first element.
    let offsets: Pinned<Int>
    /// Elements in the whole space.
    let count: Int

    /// `layouts` are the operands' views broadcast to the output shape `shape`.
    init(shape: Shape, layouts: [StridedLayout]) {
        var dims: [Int] = []
        var strides = [[Int]](repeating: [], count: layouts.count)
        for axis in shape.dims.indices where shape.dims[axis] != 1 {
            let extent = shape.dims[axis]
            if let last = dims.last,
               layouts.indices.allSatisfy({ strides[$0].last! == layouts[$0].strides[axis] * extent }) {
                dims[dims.count - 1] = last * extent
                for k in layouts.indices { strides[k][strides[k].count - 1] = layouts[k].strides[axis] }
            } else {
                dims.append(extent)
                for k in layouts.indices { strides[k].append(layouts[k].strides[axis]) }
            }
        }
        if dims.isEmpty {
            dims = [1]
            strides = strides.map { _ in [0] }
        }
        rank = dims.count
        count = dims.reduce(1, *)
        self.dims = Pinned(dims)
        self.strides = Pinned(strides.flatMap { $0 })
        offsets = Pinned(layouts.map(\.offset))
    }

    /// The innermost extent.
    var inner: Int { dims[rank - 1] }

    /// Stride of operand `k` on axis `axis`.
    @inline(__always)
    func stride(_ k: Int, _ axis: Int) -> Int { strides[k * rank + axis] }

    /// Offset of operand `k` at the start of row `row` (the flat index `row * inner`).
    @inline(__always)
    func rowOffset(_ k: Int, _ row: Int) -> Int {
        var offset = offsets[k]
        var rest = row
        var axis = rank - 2
        while axis >= 0 {
            offset += (rest % dims[axis]) * strides[k * rank + axis]
            rest /= dims[axis]
            axis -= 1
        }
        return offset
    }
}
