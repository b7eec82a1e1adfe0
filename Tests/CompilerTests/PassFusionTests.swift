import Compiler
import Testing

/// The fusion pass: which nodes share a kernel, the views kernels read through, the reasons.
@Suite struct PassFusionTests {
    /// A pre-LN transformer block and a final layer norm, as in the perf workloads.
    static func transformer(batch: Int = 2, tokens: Int = 8, dim: Int = 16, heads: Int = 2) throws -> Graph {
        let b = GraphBuilder()
        let x = b.input("x", [batch, tokens, dim])
        let block = TransformerBlock(b.root.child("blocks.0"), .init(dim: dim, heads: heads, feedForward: .mlp(.geluTanh)))
        let norm = LayerNorm(b.root.child("norm"), features: dim)
        b.output("y", norm(block(x)))
        return try b.finish()
    }

    func fused(_ program: Program) -> [FusedKernel] {
        program.calls.compactMap { if case .fused(let kernel) = $0.kernel { return kernel } else { return nil } }
    }

    @Test func transformerBlockBecomesEightKernels() throws {
        let program = try compile(try Self.transformer()).program
        let kernels = program.calls.filter { !$0.isView(in: program) && !$0.invariant }
        #expect(kernels.map(\.kernel.name) == [
            "fused.rowwise", "fused.gemm", "fused.attention", "fused.gemm",
            "fused.rowwise", "fused.gemm", "fused.gemm", "fused.rowwise",
        ], "\(program.text)")
        let gemms = fused(program).filter { $0.pattern == .gemm }
        // qkv: bias; proj: bias + residual; fc1: bias then GELU; fc2: bias + residual.
        #expect(gemms.map { $0.region.gemmPrefill.count } == [1, 2, 1, 2])
        #expect(gemms[2].region.last?.op == .composite(.gelu(.tanh)))
        for kernel in fused(program) { #expect(!kernel.reason.isEmpty) }
    }

    @Test func attentionReadsHeadsInPlaceAndWritesThroughTheMerge() throws {
        let program = try compile(try Self.transformer()).program
        let attention = try #require(fused(program).first { $0.pattern == .attention })
        // q, k, v are slices of one permuted qkv buffer: one operand, read through views.
        #expect(attention.region.filter { if case .slice = $0.op { return true } else { return false } }.count == 3)
        #expect(attention.region.contains { if case .permute = $0.op { return true } else { return false } })
        #expect(attention.region.last?.type.shape == [2, 8, 16])
        #expect(attention.reason.contains("heads merged in place"))
        let call = try #require(program.calls.first { $0.kernel.name == "fused.attention" })
        #expect(call.operands.count == 1)
    }

    @Test func elementwiseChainsShareOneKernel() throws {
        let b = GraphBuilder()
        let x = b.input("x", [3, 5])
        let y = b.input("y", [5])
        let z = ((x * 2 + y).tanh() * x).exp() - 1
        b.output("z", z)
        let program = try compile(try b.finish()).program
        #expect(program.calls.count == 1)
        let kernel = try #require(fused(program).first)
        #expect(kernel.pattern == .elementwise)
        #expect(kernel.inPlaceOperands == [0])
        #expect(kernel.reason.hasPrefix("elementwise: 6 op(s)"))
    }

    @Test func sharedValuesReductionsAndBroadcastsStop() throws {
        let b = GraphBuilder()
        let x = b.input("x", [4, 6])
        let e = x.exp()
        let total = e.sum(axes: [1], keepDims: true)       // reduction with exp as prologue? No: e has two readers.
        b.output("p", e / total)
        let program = try compile(try b.finish()).program
        #expect(program.calls.map(\.kernel.name) == ["exp", "sum", "div"])
        #expect(program.calls[0].note == "read by 2 kernels")
    }

    @Test func reductionTakesItsElementwisePrologue() throws {
        let b = GraphBuilder()
        let x = b.input("x", [4, 6])
        b.output("s", (x * x + 1).sum(axes: [0]))
        let program = try compile(try b.finish()).program
        let kernel = try #require(fused(program).first)
        #expect(kernel.pattern == .reduction)
        #expect(kernel.reason.contains("evaluated while reducing"))
    }

    @Test func permutedOperandsAreReadThroughViews() throws {
        let b = GraphBuilder()
        let x = b.input("x", [3, 4])
        let y = b.input("y", [4, 3])
        b.output("z", x.transposed() * y)
        let program = try compile(try b.finish()).program
        #expect(program.calls.count == 1)
        let kernel = try #require(fused(program).first)
        #expect(kernel.region.map(\.op.name) == ["permute", "mul"])
        #expect(kernel.inPlaceOperands == [1])
    }
}
