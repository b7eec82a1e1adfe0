// Reductions and matrix products on `Tensor`.

extension Tensor {
    /// Sum over `axes` (negative axes count from the end; nil = all axes).
    public func sum(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor { reduce(.sum, axes, keepDims) }
    /// Mean over `axes` (nil = all axes).
    public func mean(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor { reduce(.mean, axes, keepDims) }
    /// Maximum over `axes` (nil = all axes).
    public func max(axes: [Int]? = nil, keepDims: Bool = false) -> Tensor { reduce(.max, axes, keepDims) }

    private func reduce(_ reduction: Reduction, _ axes: [Int]?, _ keepDims: Bool) -> Tensor {
        let resolved = (axes ?? Array(0..<rank)).map { shape.normalizedAxis($0) ?? $0 }
        return builder.apply(.reduce(reduction, axes: Array(Set(resolved)).sorted(), keepDims: keepDims), [self])
    }

    /// Batched matrix product over the last two axes, with optional transposes; leading axes
    /// broadcast. `x.matmul(w, transposeB: true)` is `x wᵀ` (a Linear layer's product).
    public func matmul(_ other: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        builder.apply(.matmul(transposeA: transposeA, transposeB: transposeB), [self, other])
    }
}
