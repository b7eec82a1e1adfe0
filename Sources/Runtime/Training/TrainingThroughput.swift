import Backends
import Bench
import Compiler
import Lowering
import SpecLang

/// How fast `polspec train` runs a recipe stage on this machine, and where a step's time goes
/// (`polspec perf --defaults`, docs/performance.md#training-throughput):
///
/// - the loop `Trainer` runs, timed step by step: window sampling and batch assembly into the
///   program's inputs, then one run of the training program (forward, loss, backward,
///   clipping, optimizer and EMA in one program) — its median gives optimizer steps per second;
/// - the phases of the program, from three programs timed in alternating blocks: the loss graph
///   (forward and loss), the loss with the gradients of the trained parameters (forward and
///   backward), and the whole training step. Backward is the second minus the first, the
///   optimizer the third minus the second (each program fused and planned on its own, so the
///   differences are close, not exact).
public struct TrainingThroughput: Sendable {
    /// The stage timed and its batch.
    public var stage: String
    public var batch: Int
    /// Per optimizer step of the loop: batch assembly, the training program, both.
    public var assembly: LatencyStatistics
    public var program: LatencyStatistics
    public var step: LatencyStatistics
    /// The phase programs: forward and loss; forward, loss and gradients; the training step.
    public var forward: LatencyStatistics
    public var forwardBackward: LatencyStatistics
    public var wholeStep: LatencyStatistics

    /// Optimizer steps per second of the loop (from its median step).
    public var stepsPerSecond: Double { 1000 / step.medianMs }

    /// Shares of a step (summing to 1): data assembly from the loop; forward, backward and
    /// optimizer splitting the loop's program time in the proportions of the phase programs.
    public var shares: (assembly: Double, forward: Double, backward: Double, optimizer: Double) {
        let total = assembly.medianMs + program.medianMs
        let phases = [forward.medianMs, forwardBackward.medianMs - forward.medianMs, wholeStep.medianMs - forwardBackward.medianMs]
            .map { Swift.max($0, 0) }
        let scale = program.medianMs / Swift.max(phases.reduce(0, +), 1e-12) / total
        return (assembly.medianMs / total, phases[0] * scale, phases[1] * scale, phases[2] * scale)
    }

    /// Times stage `stage` of `spec` on `data` with `backend`, from the seeded initial weights:
    /// at least `minimumSteps` steps and `minimumSeconds` seconds of the loop, and of each phase program.
    public init(spec: Spec, stage index: Int, data: TrainingData, backend: any Backend, minimumSteps: Int = 20,
                minimumSeconds: Double = 1) throws {
        let stageSpec = spec.recipe.stages[index]
        let training = try TrainingGraph(spec, stage: index, batch: stageSpec.batch)
        let parameters = training.graph.initialParameters(seed: UInt64(spec.recipe.seed))
        let feeds = training.firstStepFeeds(parameters: parameters, lr: LearningRateSchedule(stage: stageSpec).rate(atStep: 0))
        let session = try StageSession(training, spec: spec, stage: index, data: data, normalization: Normalization(data, spec: spec),
                                       parameters: parameters, state: feeds, backend: backend)
        for (name, value) in feeds where !training.trained.contains(name) { try session.runner.set(name, value) }
        stage = stageSpec.name
        batch = stageSpec.batch

        var windows = [Int](repeating: 0, count: stageSpec.batch)
        var sampler = WindowSampler(windowCount: data.stepCount, seed: UInt64(spec.recipe.seed), stage: index)
        var assemblyTimes: [Double] = [], programTimes: [Double] = []
        let clock = ContinuousClock()
        func milliseconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) * 1e-15
        }
        var spent = 0.0
        for step in 0... {
            guard step < 2 || programTimes.count < minimumSteps || spent < minimumSeconds * 1e3 else { break }
            let start = clock.now
            sampler.next(into: &windows)
            var random = SimRandom(keys: UInt64(spec.recipe.seed), 0x7065_7266, UInt64(index), UInt64(step))
            session.assembler.assemble(windows, random: &random, fill: session.runner.fill)
            let assembled = clock.now
            _ = try session.runner.run()
            let done = clock.now
            guard step >= 2 else { continue }  // two warm-up steps
            assemblyTimes.append(milliseconds(assembled - start))
            programTimes.append(milliseconds(done - assembled))
            spent += milliseconds(done - start)
            if programTimes.count >= 2000 { break }
        }
        assembly = LatencyStatistics(milliseconds: assemblyTimes)
        program = LatencyStatistics(milliseconds: programTimes)
        step = LatencyStatistics(milliseconds: zip(assemblyTimes, programTimes).map { $0 + $1 })

        let loss = training.loss
        let phases = [(loss.graph, [Program.StateUpdate]()), (try loss.trainingGraph(), []), (training.graph, training.stateUpdates)]
        var executables: [any Executable] = []
        for (graph, updates) in phases {
            let program: Program
            do {
                program = try compile(graph, options: CompileOptions(stateUpdates: updates)).program
            } catch {
                throw LoweringError(.graph(error))
            }
            let executable = backend.prepare(program)
            try executable.set(ReferenceWorkload.Instance(graph: graph, stateUpdates: updates, fixed: feeds, seed: UInt64(spec.recipe.seed)).feeds)
            executables.append(executable)
        }
        let timed = try Stopwatch.interleaved(executables.map { executable in { try executable.run() } },
                                              minimumRuns: minimumSteps, minimumSeconds: minimumSeconds)
        (forward, forwardBackward, wholeStep) = (timed[0], timed[1], timed[2])
    }
}
