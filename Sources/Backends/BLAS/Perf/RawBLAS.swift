import COpenBLAS
import Dispatch

/// OpenBLAS alone on one product shape, for comparison with polspec's matmul kernels: the
/// same routine polspec calls (sgemv for a one-row or one-column side, else sgemm) on
/// contiguous random operands, with OpenBLAS's own `threads` threads.
public enum RawBLAS {
    /// Seconds of one call of `shape` (its `calls` count ignored): the best of five timed
    /// batches, each long enough to take at least 20 ms.
    public static func secondsPerCall(_ shape: GEMMShape, threads: Int) -> Double {
        let (m, n, k) = (shape.m, shape.n, shape.k)
        let a = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(m * k, 1))
        let b = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(k * n, 1))
        let c = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(m * n, 1))
        defer {
            a.deallocate()
            b.deallocate()
            c.deallocate()
        }
        for i in 0..<(m * k) { a[i] = Float(i % 7) * 0.1 - 0.3 }
        for i in 0..<(k * n) { b[i] = Float(i % 5) * 0.1 - 0.2 }
        c.initialize(repeating: 0, count: Swift.max(m * n, 1))
        openblas_set_num_threads(Int32(threads))
        defer { openblas_set_num_threads(1) }
        let lda = shape.transposeA ? m : k
        let ldb = shape.transposeB ? k : n
        func call() {
            if m == 1 {
                let (rows, columns) = shape.transposeB ? (n, k) : (k, n)
                cblas_sgemv(CblasRowMajor, shape.transposeB ? CblasNoTrans : CblasTrans, Int32(rows), Int32(columns), 1,
                            b, Int32(ldb), a, 1, 0, c, 1)
            } else if n == 1 {
                let (rows, columns) = shape.transposeA ? (k, m) : (m, k)
                cblas_sgemv(CblasRowMajor, shape.transposeA ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns), 1,
                            a, Int32(lda), b, 1, 0, c, 1)
            } else {
                cblas_sgemm(CblasRowMajor, shape.transposeA ? CblasTrans : CblasNoTrans, shape.transposeB ? CblasTrans : CblasNoTrans,
                            Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), 0, c, Int32(n))
            }
        }
        for _ in 0..<3 { call() }
        var perBatch = 1
        while true {
            let t0 = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<perBatch { call() }
            if Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9 >= 0.02 || perBatch >= 1 << 20 { break }
            perBatch *= 2
        }
        var samples: [Double] = []
        for _ in 0..<5 {
            let t0 = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<perBatch { call() }
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9 / Double(perBatch))
        }
        return samples.min() ?? 0
    }
}
