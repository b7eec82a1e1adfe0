import Compiler

/// The iteration space of an elementwise loop: the output shape with adjacent axes merged
/// wherever every operand steps through them evenly (a contiguous `[64, 256]` add of a
/// `[256]` bias stays two axes; a same-shape add becomes one). The innermost axis is the
/// vector loop; the outer axes are walked with per-operand offsets.
struct LoopNest {
    /// Extents, outermost first (at least one axis).
    let dims: [Int]
    /// Element strides of each operand over `dims`.
    let strides: [[Int]]
    /// Element offset of each operand's first element.
    let offsets: [Int]

    /// `layouts` are the operands' views broadcast to the output shape `shape`.
    init(shape: Shape, layouts: [StridedLayout]) {
        var axes = shape.dims.indices.filter { shape.dims[$0] != 1 }
        if axes.isEmpty { axes = [] }
        var dims: [Int] = []
        var strides = [[Int]](repeating: [], count: layouts.count)
        for axis in axes {
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
        self.dims = dims
        self.strides = strides
        offsets = layouts.map(\.offset)
    }

    /// Elements in the whole space.
    var count: Int { dims.reduce(1, *) }
    /// The innermost extent.
    var inner: Int { dims[dims.count - 1] }
}
