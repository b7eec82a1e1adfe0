import Compiler
import Testing

/// Memory planning: liveness, reuse, in-place writes, views, state updates.
@Suite struct PassMemoryPlanningTests {
    @Test func plannedProgramsNeverOverlapLiveBuffers() throws {
        let graph = try PassFusionTests.transformer()
        for options in [CompileOptions.optimized, CompileOptions(fuse: false, plan: true)] {
            let compilation = try compile(graph, options: options)
            #expect(compilation.program.placementIssues() == [])
            #expect(compilation.report.arenaBytes < compilation.report.unplannedBytes)
        }
    }

    @Test func placementCheckerFindsOverlaps() throws {
        var program = try compile(try PassFusionTests.transformer(), options: .unfused).program
        #expect(program.placementIssues() == [])
        // The first kernel's result is dead once the second has run: sharing is legal.
        let (first, second, last) = (program.calls[0].result, program.calls[1].result, program.calls[program.calls.count - 1].result)
        program.slots[last.index].offset = program.slots[first.index].offset
        #expect(program.placementIssues() == [])
        // The input is read on every run: sharing it is not; nor is the live second result.
        program.slots[last.index].offset = program.slots[program.inputs[0].slot.index].offset
        #expect(program.placementIssues().count == 1)
        program.slots[last.index].offset = program.slots[second.index].offset
        // A result written while an earlier result is still to be read.
        let lastRead = Dictionary(program.calls.enumerated().flatMap { index, call in call.operands.map { ($0, index) } },
                                  uniquingKeysWith: Swift.max)
        let (early, late) = try #require(program.calls.indices.lazy.compactMap { i -> (SlotID, SlotID)? in
            let slot = program.calls[i].result
            guard let end = lastRead[slot], end > i + 1 else { return nil }
            return (slot, program.calls[i + 1].result)
        }.first)
        program.slots[late.index].offset = program.slots[early.index].offset
        #expect(program.placementIssues().count == 1)
    }

    @Test func resultsWriteOverDyingOperands() throws {
        let b = GraphBuilder()
        let x = b.input("x", [4, 8])
        let w = b.parameter("w", [8, 8], initializer: .zeros)
        let h = x.matmul(w, transposeB: true).exp()          // gemm kernel
        let s = h.sum(axes: [1], keepDims: true)              // reduction kernel
        b.output("y", (s * h).tanh())                         // elementwise, last reader of h
        let program = try compile(try b.finish(), options: CompileOptions(transposeWeights: false)).program
        #expect(program.calls.count == 3)
        #expect(program.slots[program.calls[2].result.index].offset == program.slots[program.calls[0].result.index].offset)
        #expect(program.placementIssues() == [])
    }

    @Test func reshapesAreViews() throws {
        let b = GraphBuilder()
        let x = b.input("x", [4, 8])
        let h = x.exp()
        b.output("r", h.reshaped([2, 16]))
        b.output("h", h)
        let program = try compile(try b.finish()).program
        let reshape = try #require(program.calls.first { $0.kernel.name == "reshape" })
        #expect(reshape.isView(in: program))
        #expect(program.placementIssues() == [])
    }

    @Test func optimiserStateIsUpdatedInPlace() throws {
        let b = GraphBuilder()
        let x = b.input("x", [4, 3])
        let p = b.parameter("p", [3, 3], initializer: .zeros)
        let loss = x.matmul(p).squared().mean()
        b.output("loss", loss)
        let graph = try b.finish().appendingGradients(of: "loss", withRespectTo: ["p"])
        let extended = GraphBuilder(extending: graph)
        let gradient = extended.tensor(graph.output(named: "grad.p")!)
        extended.output("next.p", extended.tensor(graph.parameters[0].value) - gradient * 0.1)
        let updated = try extended.finish()
        let program = try compile(updated, options: .init(stateUpdates: [.init(output: "next.p", binding: "p")])).program
        let next = try #require(program.output(named: "next.p"))
        #expect(program.slots[next.slot.index].offset == program.slots[program.parameters[0].slot.index].offset)
        #expect(program.placementIssues() == [])
    }
}

/// Programs are specialised per batch size and compiled once.
@Suite struct PassProgramCacheTests {
    final class Counter: @unchecked Sendable {
        var builds = 0
    }

    @Test func eachBatchSizeCompilesOnce() throws {
        let counter = Counter()
        let cache = ProgramCache { batch in
            counter.builds += 1
            let b = GraphBuilder()
            b.output("y", gelu(b.input("x", [batch, 5])))
            return try b.finish()
        }
        let one = try cache.program(batch: 1)
        let eight = try cache.program(batch: 8)
        #expect(try cache.program(batch: 1) == one)
        #expect(one.inputs[0].type.shape == [1, 5])
        #expect(eight.inputs[0].type.shape == [8, 5])
        #expect(counter.builds == 2)
        #expect(cache.batchSizes == [1, 8])
    }
}
