@testable import Backends
import Compiler
import Testing

/// The `train_cnn_b64` workload (two 64×64 cameras through the channels-last Conv2d stack) at
/// small batches: its loss and gradients on the BLAS backend against the reference backend,
/// at 1 and 2 threads on every instruction set the processor runs, and its training step's
/// convolution products on polspec's own GEMM as `polspec perf` times them.
@Suite struct ConvolutionTrainingTests {
    @Test func lossAndGradientsMatchTheReference() throws {
        // Batch 2: the first layer's products have 2·32·32 = 2048 rows.
        let loss = try ReferenceWorkload.cnn(batch: 2)
        let builder = GraphBuilder(extending: loss)
        let gradients = builder.gradients(of: builder.tensor(try #require(loss.output(named: "loss"))),
                                          withRespectTo: loss.parameters.map { builder.tensor($0.value) })
        for (parameter, gradient) in zip(loss.parameters, gradients) { builder.output("grad.\(parameter.name)", gradient) }
        let graph = try builder.finish()
        #expect(graph.outputs.count == 1 + 2 * 6 + 2)
        try expectBLASMatchesReference(graph, feeds: randomFeeds(graph, seed: 17, range: -0.5...0.5),
                                       configurations: supportedISAs.flatMap { isa in [(1, isa), (2, isa)] }, tolerance: 1e-4)
    }

    @Test(arguments: supportedISAs)
    func trainingStepRunsTheConvolutionsOnTheOwnGEMM(_ isa: VectorISA) throws {
        // Batch 4: the first layer's weight gradient has a depth of 4·32·32 = 4096 pixels.
        let (graph, updates) = try ReferenceWorkload.cnn(batch: 4)
            .appendingAdamWStep(loss: "loss", optimizer: AdamW(weightDecay: 0.01))
        let executable = BLASExecutable(program: try compile(graph, options: CompileOptions(stateUpdates: updates)).program, vectorISA: isa)
        try executable.set(ReferenceWorkload.Instance(graph: graph, stateUpdates: updates, fixed: ReferenceWorkload.optimizerStart(graph)).feeds)
        let kernels = Set(try executable.profile(runs: 1).flatMap(\.gemms).map(\.kernel))
        #expect(kernels.isSuperset(of: isa == .generic ? ["openblas"] : ["packed per run", "in place"]), "\(kernels)")
        #expect(!kernels.contains("packed"), "the weights change every step: \(kernels)")
    }
}
