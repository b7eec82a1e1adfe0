import Backends
import CPUKernels
import Compiler
import Foundation
import TestSupport
import Testing

/// The vector kernels of every instruction set the processor runs: the choice follows the
/// processor, every kernel reads and writes exactly `n` elements at every tail length, and
/// fused programs on random shapes match the reference backend on each instruction set.
@Suite struct VectorKernelTests {
    @Test func theWidestSupportedInstructionSetIsChosen() {
        let level = CPU.current.vectorLevel
        #expect(VectorISA.best == (level >= .avx512 ? .avx512 : level >= .avx2 ? .avx2 : .generic))
        #expect(VectorISA.generic.isSupported)
        #if arch(x86_64)
        // AVX2 + FMA is polspec's minimum on x86-64 (the Swift code is compiled for it).
        #expect(VectorISA.avx2.isSupported)
        #expect(VectorISA.avx512.isSupported == (level >= .avx512))
        #endif
        #expect(VectorISA.best.width == [VectorISA.avx512: 16, .avx2: 8, .generic: 4][VectorISA.best])
    }

    /// Each kernel at every length up to three vectors: the same values as the generic
    /// kernels within rounding, and nothing written past `n` (the buffers carry sentinels).
    @Test(arguments: supportedISAs)
    func tailsAreExact(_ isa: VectorISA) throws {
        let kernels = try #require(vk_kernels_for_level(isa == .avx512 ? 2 : isa == .avx2 ? 1 : 0)).pointee
        let reference = try #require(vk_kernels_for_level(0)).pointee
        let sentinel: Float = 12345
        let unary: [(String, vk_unary?, vk_unary?)] = [
            ("exp", kernels.exp, reference.exp), ("tanh", kernels.tanh, reference.tanh), ("gelu_tanh", kernels.gelu_tanh, reference.gelu_tanh),
            ("sqrt", kernels.sqrt, reference.sqrt), ("neg", kernels.neg, reference.neg), ("silu", kernels.silu, reference.silu),
        ]
        for n in 0...(3 * isa.width + 1) {
            let x = (0..<n).map { Float(($0 * 7919) % 23) * 0.25 - 2 }
            for (name, f, g) in unary {
                var y = [Float](repeating: sentinel, count: n + 32), z = y
                f!(n, x, &y)
                g!(n, x, &z)
                #expect(y[n...].allSatisfy { $0 == sentinel }, "\(name) wrote past \(n)")
                for i in 0..<n where name != "sqrt" || x[i] >= 0 {
                    #expect(abs(y[i] - z[i]) <= 1e-6 * Swift.max(1, abs(z[i])), "\(name)[\(i)] of \(n)")
                }
            }
            var sum = [Float](repeating: sentinel, count: n + 32)
            kernels.add(n, x, x, &sum)
            #expect(sum[n...].allSatisfy { $0 == sentinel } && zip(sum, x).allSatisfy { $0 == 2 * $1 })
            let exact = x.reduce(0, +)
            #expect(abs(kernels.sum(n, x) - exact) <= 1e-5 * Swift.max(1, abs(exact)))
            #expect(kernels.maximum(n, x) == (x.max() ?? -.infinity))
            if n > 0 {
                var row = [Float](repeating: sentinel, count: n + 32)
                kernels.softmax(n, x, &row)
                #expect(row[n...].allSatisfy { $0 == sentinel })
                #expect(abs(row[..<n].reduce(0, +) - 1) < 1e-5, "softmax of \(n) sums to \(row[..<n].reduce(0, +))")
                kernels.layer_norm(n, x, &row, 1e-5)
                #expect(row[n...].allSatisfy { $0 == sentinel })
            }
        }
    }

    /// Fused elementwise chains, row kernels and reductions on random shapes (inner extents
    /// around the vector widths and tile size), compiled and run on each instruction set.
    @Test(arguments: supportedISAs)
    func randomShapesMatchTheReference(_ isa: VectorISA) throws {
        var generator = SplitMix64(seed: 17)
        for _ in 0..<12 {
            let (rows, width) = (Int.random(in: 1...9, using: &generator), Int.random(in: 1...300, using: &generator))
            let b = GraphBuilder()
            let x = b.input("x", [rows, width]), y = b.input("y", [width]), z = b.input("z", [rows, 1])
            b.output("chain", gelu(x * y + z, approximation: .tanh).exp() - maximum(x, z).sigmoid())
            b.output("norm", layerNorm(x) * y + rmsNorm(x, epsilon: 1e-6))
            b.output("softmax", softmax(x * 3))
            b.output("sums", (x * x).sum(axes: [1]) + x.max(axes: [1]))
            b.output("columns", x.tanh().mean(axes: [0]))
            let graph = try b.finish()
            try expectBLASMatchesReference(graph, feeds: randomFeeds(graph, seed: UInt64(rows * 1000 + width)), vectorISA: isa)
        }
    }
}
