import COpenBLAS
import Compiler

/// A batch of matrices as BLAS sees them: each matrix row-major with leading dimension `ld`,
/// used as is or transposed, at `offsets[b]` elements from `base` for batch index `b`.
struct BLASMatrix {
    var base: UnsafeMutablePointer<Float>
    /// Rows and columns of the stored (row-major) matrix.
    var rows: Int
    var columns: Int
    var ld: Int
    /// Whether the product uses the stored matrix transposed.
    var transposed: Bool
    var offsets: Pinned<Int>

    /// The operand read through `layout` (shape `[..., r, c]`), used transposed when
    /// `transposed`, for every index of the output batch shape `batch`. Nil unless one of the
    /// last two axes has unit stride (then the other is the leading dimension).
    init?(_ base: UnsafeMutablePointer<Float>, _ layout: StridedLayout, transposed: Bool, batch: Shape) {
        let rank = layout.shape.rank
        guard rank >= 2 else { return nil }
        var (r, c) = (layout.shape[rank - 2], layout.shape[rank - 1])
        var (rowStride, columnStride) = (layout.strides[rank - 2], layout.strides[rank - 1])
        var flip = false
        if c <= 1 { columnStride = 1 }
        if c == 0 { rowStride = Swift.max(rowStride, 1) }
        if r <= 1 { rowStride = columnStride == 1 ? Swift.max(c, 1) : 1 }
        if columnStride != 1 {
            guard rowStride == 1 else { return nil }
            (r, c) = (c, r)
            (rowStride, columnStride) = (columnStride, rowStride)
            flip = true
        }
        guard rowStride >= Swift.max(c, 1) else { return nil }
        self.base = base
        rows = r
        columns = c
        ld = rowStride
        self.transposed = transposed != flip
        let batchLayout = StridedLayout(shape: Shape(Array(layout.shape.dims.dropLast(2))), strides: Array(layout.strides.dropLast(2)),
                                        offset: layout.offset)
        guard let broadcast = batchLayout.broadcast(to: batch) else { return nil }
        offsets = Pinned((0..<batch.elementCount).map { broadcast.elementOffset($0) })
    }

    /// Rows and columns of the matrix the product uses (`op(stored)`).
    var logicalRows: Int { transposed ? columns : rows }
    var logicalColumns: Int { transposed ? rows : columns }

    var blasTranspose: CBLAS_TRANSPOSE { transposed ? CblasTrans : CblasNoTrans }

    /// Element stride along the product's inner (K) dimension of a one-row matrix `op(self)`.
    var vectorStride: Int { transposed ? ld : 1 }
}
