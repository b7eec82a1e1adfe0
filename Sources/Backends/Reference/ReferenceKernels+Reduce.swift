import Compiler

extension ReferenceKernels {
    /// Sum, mean or maximum over `axes`; the result has extent 1 on them when `keepDims`
    /// (otherwise they are dropped, which leaves the same values in the same order). Sums
    /// over nothing are 0, maxima over nothing -inf (i32: Int32.min).
    static func reduce(_ reduction: Reduction, axes: [Int], _ x: Tensor, shape: Shape) -> Tensor {
        let kept = Shape(x.shape.dims.enumerated().map { axes.contains($0.offset) ? 1 : $0.element })
        let indexer = BroadcastIndexer(output: x.shape, operands: [kept])
        let count = kept.elementCount
        let reducedCount = axes.reduce(1) { $0 * x.shape[$1] }
        switch x.storage {
        case .real(let values):
            var result = [Scalar](repeating: reduction == .max ? -.infinity : 0, count: count)
            for i in values.indices {
                let j = indexer.offset(0, i)
                switch reduction {
                case .sum, .mean: result[j] += values[i]
                case .max: result[j] = BinaryFunction.max.apply(result[j], values[i])
                }
            }
            if reduction == .mean { result = result.map { $0 / Scalar(reducedCount) } }
            return Tensor(shape: shape, storage: .real(result))
        case .integer(let values):
            var result = [Int32](repeating: reduction == .max ? .min : 0, count: count)
            for i in values.indices {
                let j = indexer.offset(0, i)
                result[j] = reduction == .max ? Swift.max(result[j], values[i]) : result[j] &+ values[i]
            }
            return Tensor(shape: shape, storage: .integer(result))
        }
    }
}
