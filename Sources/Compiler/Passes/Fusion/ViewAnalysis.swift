/// Decides which movement nodes (reshape, permute, slice, broadcast, stop-gradient) need no
/// kernel of their own: a movement node whose result is a strided view of an earlier buffer,
/// and whose every reader can read that view in place, is *virtual* — its readers take the
/// base buffer as operand and walk it with the view's strides. Other movement nodes are
/// materialised by a copy kernel (a reshape of a contiguous buffer costs nothing either way:
/// the memory planner makes it an alias).
struct ViewAnalysis {
    /// For each virtual node: the materialised value it views and the view's layout.
    private(set) var views: [Int: (base: Int, layout: StridedLayout)] = [:]

    init(_ graph: Graph, users: [[Int]], excluded: Set<Int>) {
        let outputs = Set(graph.outputs.map(\.value.index))
        var candidates = Set(graph.nodes.indices.filter { index in
            ViewAnalysis.isMovement(graph.nodes[index].op) && !excluded.contains(index) && !outputs.contains(index)
        })
        // Shrink the candidate set until every candidate's readers are candidates or read its
        // layout in place (a movement node that stays a copy reads only materialised buffers).
        var changed = true
        while changed {
            changed = false
            views = [:]
            for index in candidates.sorted() {
                let node = graph.nodes[index]
                let operand = node.inputs[0].index
                let (base, source) = views[operand] ?? (operand, StridedLayout(contiguous: graph.nodes[operand].type.shape))
                if graph.nodes[base].type.dtype == .f32, let layout = source.applying(node.op, resultShape: node.type.shape) {
                    views[index] = (base, layout)
                } else {
                    candidates.remove(index)
                    changed = true
                }
            }
            for index in candidates.sorted(by: >) {
                guard let layout = views[index]?.layout else { continue }
                let readable = users[index].allSatisfy { user in
                    if candidates.contains(user) { return true }
                    let reader = graph.nodes[user]
                    return reader.inputs.indices.allSatisfy { position in
                        reader.inputs[position].index != index || ViewAnalysis.canRead(reader, graph, operand: position, layout)
                    }
                }
                if !readable {
                    candidates.remove(index)
                    changed = true
                }
            }
        }
    }

    /// True for the ops a view can express.
    static func isMovement(_ op: Op) -> Bool {
        switch op {
        case .reshape, .permute, .slice, .broadcast, .stopGradient: return true
        default: return false
        }
    }

    /// Whether the kernel computing `reader` can read its operand `operand` through `layout`
    /// in place: elementwise work and reductions read any view, matmuls a BLAS matrix view,
    /// attention and the row kernels unit-stride rows. Other kernels read only materialised
    /// buffers (a reshape they read stays a call, which memory planning makes an alias).
    static func canRead(_ reader: Node, _ graph: Graph, operand: Int, _ layout: StridedLayout) -> Bool {
        switch reader.op {
        case .unary, .binary, .compare, .select, .cast, .composite(.gelu), .composite(.silu):
            return FusionGrouping.isFloatElementwise(reader, graph)
        case .reduce:
            return reader.type.dtype == .f32
        case .matmul:
            return isMatrixView(layout)
        case .composite(.attention):
            return operand == 3 || hasUnitLastStride(layout)
        case .composite(.softmax):
            return operand == 1 || hasUnitLastStride(layout)
        case .composite(.layerNorm), .composite(.rmsNorm):
            return hasUnitLastStride(layout)
        default:
            return false
        }
    }

    /// The last axis is contiguous (rows can be read with one pointer each).
    static func hasUnitLastStride(_ layout: StridedLayout) -> Bool {
        guard let last = layout.shape.dims.last else { return false }
        return last <= 1 || layout.strides.last == 1
    }

    /// Every matrix of the batch is a BLAS matrix: one of the last two axes has stride 1 and
    /// the other a leading dimension at least as large as the contiguous extent.
    static func isMatrixView(_ layout: StridedLayout) -> Bool {
        let rank = layout.shape.rank
        guard rank >= 2 else { return false }
        let (rows, columns) = (layout.shape[rank - 2], layout.shape[rank - 1])
        let (rowStride, columnStride) = (layout.strides[rank - 2], layout.strides[rank - 1])
        if columnStride == 1 || columns <= 1 { return rows <= 1 || rowStride >= Swift.max(columns, 1) }
        if rowStride == 1 || rows <= 1 { return columnStride >= Swift.max(rows, 1) }
        return false
    }
}
