import COpenBLAS
import Dispatch

/// OpenBLAS alone on polspec's product shapes, for comparison with polspec's matmul kernels:
/// the same routine polspec calls (sgemv for a one-row or one-column side, else sgemm) on
/// contiguous operands, with OpenBLAS's own `threads` threads.
public enum RawBLAS {
    /// Seconds of one pass over `shapes` in order (each `calls` times), every call with its own
    /// A buffer and calls sharing a B buffer exactly where the program does (`operandB`): a
    /// program's products replayed with the same memory footprint, so the weights are as cold
    /// or warm in the caches as in the program. Best of `repetitions`.
    public static func replay(_ shapes: [GEMMShape], threads: Int, repetitions: Int = 5) -> Double {
        _ = BLASLibrary.loaded()
        let calls = shapes.flatMap { shape in [GEMMShape](repeating: shape, count: shape.calls) }
        var shared: [Int: UnsafeMutablePointer<Float>] = [:]
        var owned: [UnsafeMutablePointer<Float>] = []
        let operands = calls.map { shape -> (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) in
            let a = filled(shape.m * shape.k)
            owned.append(a)
            if shape.operandB != 0, let b = shared[shape.operandB] { return (a, b) }
            let b = filled(shape.k * shape.n)
            owned.append(b)
            if shape.operandB != 0 { shared[shape.operandB] = b }
            return (a, b)
        }
        let c = filled(calls.map { $0.m * $0.n }.max() ?? 1)
        defer {
            for pointer in owned { pointer.deallocate() }
            c.deallocate()
        }
        BLASLibrary.setThreads(threads)
        defer { BLASLibrary.setThreads(1) }
        var best = Double.infinity
        for _ in 0...repetitions {
            let t0 = DispatchTime.now().uptimeNanoseconds
            for (index, shape) in calls.enumerated() { call(shape, operands[index].0, operands[index].1, c) }
            best = Swift.min(best, Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9)
        }
        return best
    }

    /// Seconds of one call of `shape` (its `calls` count ignored) on warm operands: the best of
    /// five timed batches, each long enough to take at least 20 ms.
    public static func secondsPerCall(_ shape: GEMMShape, threads: Int) -> Double {
        _ = BLASLibrary.loaded()
        let a = filled(shape.m * shape.k), b = filled(shape.k * shape.n), c = filled(shape.m * shape.n)
        defer {
            a.deallocate()
            b.deallocate()
            c.deallocate()
        }
        BLASLibrary.setThreads(threads)
        defer { BLASLibrary.setThreads(1) }
        for _ in 0..<3 { call(shape, a, b, c) }
        var perBatch = 1
        while true {
            let t0 = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<perBatch { call(shape, a, b, c) }
            if Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9 >= 0.02 || perBatch >= 1 << 20 { break }
            perBatch *= 2
        }
        var best = Double.infinity
        for _ in 0..<5 {
            let t0 = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<perBatch { call(shape, a, b, c) }
            best = Swift.min(best, Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9 / Double(perBatch))
        }
        return best
    }

    private static func filled(_ count: Int) -> UnsafeMutablePointer<Float> {
        let size = Swift.max(count, 1)
        let pointer = UnsafeMutablePointer<Float>.allocate(capacity: size)
        for i in 0..<size { pointer[i] = Float(i % 7) * 0.1 - 0.3 }
        return pointer
    }

    /// One product of `shape` on contiguous operands.
    private static func call(_ shape: GEMMShape, _ a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>,
                             _ c: UnsafeMutablePointer<Float>) {
        let (m, n, k) = (shape.m, shape.n, shape.k)
        let lda = shape.transposeA ? m : k
        let ldb = shape.transposeB ? k : n
        if m == 1 {
            let (rows, columns) = shape.transposeB ? (n, k) : (k, n)
            blas_sgemv(CblasRowMajor, shape.transposeB ? CblasNoTrans : CblasTrans, Int32(rows), Int32(columns), 1,
                       b, Int32(ldb), a, 1, 0, c, 1)
        } else if n == 1 {
            let (rows, columns) = shape.transposeA ? (k, m) : (m, k)
            blas_sgemv(CblasRowMajor, shape.transposeA ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns), 1,
                       a, Int32(lda), b, 1, 0, c, 1)
        } else {
            blas_sgemm(CblasRowMajor, shape.transposeA ? CblasTrans : CblasNoTrans, shape.transposeB ? CblasTrans : CblasNoTrans,
                       Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), 0, c, Int32(n))
        }
    }
}
