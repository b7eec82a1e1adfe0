import Compiler

extension ReferenceKernels {
    /// `op(a) op(b)` over the last two axes; leading axes broadcast.
    static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool, shape: Shape) -> Tensor {
        let (x, y) = (a.storage.realValues, b.storage.realValues)
        let (m, n) = (shape[shape.rank - 2], shape[shape.rank - 1])
        let k = transposeA ? a.shape[a.shape.rank - 2] : a.shape[a.shape.rank - 1]
        let batch = Shape(Array(shape.dims.dropLast(2)))
        let batchA = Shape(Array(a.shape.dims.dropLast(2)))
        let batchB = Shape(Array(b.shape.dims.dropLast(2)))
        let indexer = BroadcastIndexer(output: batch, operands: [batchA, batchB])
        // Element (i, p) of op(a) and (p, j) of op(b) within one matrix.
        let aStrides = transposeA ? (row: 1, column: m) : (row: k, column: 1)
        let bStrides = transposeB ? (row: 1, column: k) : (row: n, column: 1)
        var result = [Scalar](repeating: 0, count: shape.elementCount)
        for batchIndex in 0..<batch.elementCount {
            let aBase = indexer.offset(0, batchIndex) * m * k
            let bBase = indexer.offset(1, batchIndex) * k * n
            let cBase = batchIndex * m * n
            for i in 0..<m {
                for j in 0..<n {
                    var total: Scalar = 0
                    for p in 0..<k {
                        total += x[aBase + i * aStrides.row + p * aStrides.column] * y[bBase + p * bStrides.row + j * bStrides.column]
                    }
                    result[cBase + i * n + j] = total
                }
            }
        }
        return Tensor(shape: shape, storage: .real(result))
    }
}
