import Backends
import Bench
import Compiler
import Foundation
import Lowering
import SafeTensors
import SpecLang

/// Trains a spec's recipe on demonstrations, stage after stage, one training-program run per
/// optimizer step (``TrainingGraph``), writing metrics, loss curves and checkpoints into a
/// run folder (``RunDirectory``).
///
/// ```swift
/// let trainer = try Trainer(spec: spec, data: data, run: RunDirectory(out), options: TrainingOptions(polspecVersion: "0.1.0"))
/// let outcome = try trainer.train(progress: { print($0.globalStep, $0.loss) })
/// ```
///
/// A run resumed from a checkpoint continues bit for bit: training N steps straight and
/// training k steps, stopping, and resuming for N − k give identical weights. Everything the
/// continuation depends on is in the checkpoint: weights, optimizer state, EMA, the stage and
/// step (hence the learning rate), the data sampler's position, the normalisation statistics;
/// augmentation draws are keyed by (seed, stage, run) and need no state.
public final class Trainer {
    public let spec: Spec
    public let data: TrainingData
    public let run: RunDirectory
    public let options: TrainingOptions
    /// The statistics the run feeds the policy with (from the data, or from the resumed checkpoint).
    public let normalization: Normalization
    /// True when the run continues a checkpoint.
    private let isResumed: Bool

    /// The stage in progress and its steps done.
    private var stage: Int
    private var step: Int
    private var samplerState: CheckpointManifest.SamplerState
    /// Every parameter's current value (the stage's trained ones live in the runner while it runs).
    private var parameters: [String: HostTensor]
    /// State tensors restored from a checkpoint taken in the middle of `stage`.
    private var restored: [String: HostTensor] = [:]
    /// The EMA weights of the last finished stage that kept one.
    private var finishedEMA: [String: HostTensor]?
    private var lastCheckpoint: URL?
    /// Optimizer steps taken by this trainer (in this process).
    public private(set) var stepsTaken = 0
    /// The last metrics record written.
    public private(set) var lastRecord: MetricsRecord?

    /// Salt of the augmentation generator's keys.
    private static let augmentationKey: UInt64 = 0x6175_676D

    /// A trainer starting the recipe from the seeded initialisation, or continuing from
    /// `resume`. Resuming checks that the spec agrees with the checkpoint's in everything the
    /// resumed state depends on (``ResumeCheck``: interface, architecture, seed, the stages run
    /// so far; `allowSpecChange` loads the weights of a changed spec by name, provided their
    /// shapes agree) and that the data is the same.
    public init(spec: Spec, data: TrainingData, run: RunDirectory, options: TrainingOptions, resume: Checkpoint? = nil,
                allowSpecChange: Bool = false) throws {
        guard options.checkpointEvery >= 1, options.logEvery >= 1 else {
            throw TrainingError("checkpoint and log intervals must be at least 1 step")
        }
        self.spec = spec
        self.data = data
        self.run = run
        self.options = options
        guard let resume else {
            normalization = Normalization(data, spec: spec)
            isResumed = false
            stage = 0
            step = 0
            samplerState = .init(epoch: 0, cursor: 0)
            parameters = [:]
            return
        }
        let trained = try resume.validateForResume(windowCount: data.stepCount)
        let m = resume.manifest
        let blockers = ResumeCheck.blockers(trained: trained, spec: spec, stage: m.stage, step: m.step)
        if !blockers.isEmpty && !allowSpecChange {
            throw CheckpointError("the spec differs from the checkpoint's in what resuming depends on:\n  "
                + ResumeCheck.describe(blockers).joined(separator: "\n  ")
                + "\nresume with the spec the checkpoint was trained from (the run folder keeps it as spec.yaml), or pass --allow-spec-change to continue with its weights anyway")
        }
        guard m.data == data.identity else {
            throw CheckpointError("the checkpoint was trained on \(m.data), but this run's data is \(data.identity); resume with the same suite, tasks and demos")
        }
        guard m.stage < spec.recipe.stages.count || (m.stage == spec.recipe.stages.count && m.step == 0) else {
            throw CheckpointError("the checkpoint is in stage \(m.stage + 1), but \(spec.name) has \(spec.recipe.stages.count) stages")
        }
        if m.stage < spec.recipe.stages.count && m.step >= spec.recipe.stages[m.stage].steps {
            throw CheckpointError("the checkpoint is at step \(m.step) of stage '\(m.stageName)', which has \(spec.recipe.stages[m.stage].steps) steps in \(spec.name)")
        }
        normalization = resume.normalization
        isResumed = true
        stage = m.stage
        step = m.step
        samplerState = m.sampler
        parameters = resume.parameters
        if m.step > 0 {
            for (name, value) in resume.optimizer { restored["optimizer." + name] = value }
            for (name, value) in resume.ema ?? [:] { restored["ema." + name] = value }
        }
        finishedEMA = m.step == 0 ? resume.ema : nil
        lastCheckpoint = try run.latestCheckpoint
    }

    /// Optimizer steps of the whole recipe.
    public var totalSteps: Int { spec.recipe.stages.reduce(0) { $0 + $1.steps } }

    /// Optimizer steps done so far.
    public var globalStep: Int { spec.recipe.stages.prefix(stage).reduce(0) { $0 + $1.steps } + step }

    /// Trains until the recipe is done, `options.stopAfter` is reached, or `shouldStop` returns
    /// true (checked after every optimizer step). Every way out but an error leaves a
    /// checkpoint of the exact state reached.
    public func train(progress: ((TrainingProgress) -> Void)? = nil, shouldStop: () -> Bool = { false }) throws -> TrainingOutcome {
        let log = try MetricsLog(url: run.metrics, keepThrough: isResumed ? globalStep : nil)
        let clock = ContinuousClock()
        let started = clock.now
        func elapsed(since instant: ContinuousClock.Instant) -> Double {
            let d = clock.now - instant
            return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        if let stopAfter = options.stopAfter, stopAfter <= globalStep || stopAfter > totalSteps {
            throw TrainingError("cannot stop after step \(stopAfter): the run is at step \(globalStep) of \(totalSteps)")
        }
        while stage < spec.recipe.stages.count {
            let stageSpec = spec.recipe.stages[stage]
            let session = try StageSession(self, stage: stage)
            var windows = [Int](repeating: 0, count: stageSpec.batch)
            var sampler = WindowSampler(windowCount: data.stepCount, seed: UInt64(spec.recipe.seed), stage: stage,
                                        epoch: samplerState.epoch, cursor: samplerState.cursor)
            var interval = (loss: 0.0, norm: 0.0, steps: 0, start: clock.now)
            while step < stageSpec.steps {
                let lr = session.schedule.rate(atStep: step)
                session.training.rule.forEachScalar(lr: lr, step: step + 1, session.runner.setScalar)
                if session.training.scalarInputs.contains(TrainingGraph.progressInput) {
                    session.runner.setScalar(TrainingGraph.progressInput, Float(Double(step) / Double(stageSpec.steps)))
                }
                var loss = 0.0, norm = 0.0
                for micro in 0..<stageSpec.accumulate {
                    sampler.next(into: &windows)
                    var random = SimRandom(keys: UInt64(spec.recipe.seed), Self.augmentationKey, UInt64(stage), UInt64(step * stageSpec.accumulate + micro))
                    session.assembler.assemble(windows, random: &random, fill: session.runner.fill)
                    if stageSpec.accumulate > 1 { session.runner.setScalar(TrainingGraph.applyInput, micro == stageSpec.accumulate - 1 ? 1 : 0) }
                    let result: (loss: Float, gradientNorm: Float)
                    do {
                        result = try session.runner.run()
                    } catch {
                        throw TrainingError("stage '\(stageSpec.name)' step \(step + 1): the backend failed: \(error)", lastCheckpoint: lastCheckpoint)
                    }
                    try checkFinite(result.loss, "loss", stage: stageSpec.name)
                    try checkFinite(result.gradientNorm, "gradient norm", stage: stageSpec.name)
                    loss += Double(result.loss) / Double(stageSpec.accumulate)
                    norm = Double(result.gradientNorm)
                }
                step += 1
                stepsTaken += 1
                samplerState = .init(epoch: sampler.epoch, cursor: sampler.cursor)
                interval.loss += loss
                interval.norm += norm
                interval.steps += 1
                let seconds = elapsed(since: started)
                progress?(TrainingProgress(stage: stageSpec.name, stageIndex: stage, stageCount: spec.recipe.stages.count, step: step,
                                           steps: stageSpec.steps, globalStep: globalStep, totalSteps: totalSteps, loss: loss,
                                           learningRate: lr, stepsPerSecond: Double(stepsTaken) / max(seconds, 1e-9), elapsedSeconds: seconds))
                if step % options.logEvery == 0 || step == stageSpec.steps {
                    let span = elapsed(since: interval.start)
                    let record = MetricsRecord(stage: stageSpec.name, stageIndex: stage, step: step, globalStep: globalStep,
                                               loss: interval.loss / Double(interval.steps), gradNorm: interval.norm / Double(interval.steps),
                                               lr: lr, stepsPerSecond: Double(interval.steps) / max(span, 1e-9), elapsedSeconds: seconds)
                    try log.append(record)
                    lastRecord = record
                    interval = (0, 0, 0, clock.now)
                }
                if step == stageSpec.steps { break }
                let stop = options.stopAfter == globalStep, interrupted = shouldStop()
                if stop || interrupted || globalStep % options.checkpointEvery == 0 {
                    try saveCheckpoint(session, log: log)
                }
                if stop { return .stopped(checkpoint: lastCheckpoint!, globalStep: globalStep) }
                if interrupted { return .interrupted(checkpoint: lastCheckpoint!, globalStep: globalStep) }
            }
            for name in session.training.updatedParameters { parameters[name] = session.runner.value(name) }
            finishedEMA = stageSpec.ema > 0 ? session.emaWeights(parameters) : finishedEMA
            restored = [:]
            stage += 1
            step = 0
            samplerState = .init(epoch: 0, cursor: 0)
            try saveCheckpoint(nil, log: log, finishedStage: stageSpec.name)
            if options.stopAfter == globalStep && stage < spec.recipe.stages.count {
                return .stopped(checkpoint: lastCheckpoint!, globalStep: globalStep)
            }
            if shouldStop() && stage < spec.recipe.stages.count {
                return .interrupted(checkpoint: lastCheckpoint!, globalStep: globalStep)
            }
        }
        return .finished(checkpoint: lastCheckpoint!)
    }

    private func checkFinite(_ value: Float, _ what: String, stage name: String) throws {
        guard !value.isFinite else { return }
        let kept = lastCheckpoint.map { "the last good checkpoint is \($0.path)" } ?? "no checkpoint was written before it"
        throw TrainingError("stage '\(name)' step \(step + 1) (step \(globalStep + 1) of \(totalSteps)): the \(what) is \(value); training stopped and \(kept). Lower the learning rate or tighten `clip`",
                            lastCheckpoint: lastCheckpoint)
    }

    /// Writes the current state as the run's newest checkpoint, and the loss curve of the
    /// stage. `session` is the running stage (nil between stages; `finishedStage` names the
    /// stage just finished).
    private func saveCheckpoint(_ session: StageSession?, log: MetricsLog, finishedStage: String? = nil) throws {
        var weights = parameters
        var optimizer: [String: HostTensor] = [:]
        var ema = finishedEMA
        if let session {
            for name in session.training.updatedParameters { weights[name] = session.runner.value(name) }
            for tensor in session.training.state where tensor.name.hasPrefix("optimizer.") {
                optimizer[String(tensor.name.dropFirst("optimizer.".count))] = session.runner.value(tensor.name)
            }
            if spec.recipe.stages[stage].ema > 0 { ema = session.emaWeights(weights) }
        }
        // The stage in progress, or the last one when the recipe is done.
        let named = spec.recipe.stages[min(stage, spec.recipe.stages.count - 1)]
        let manifest = CheckpointManifest(polspecVersion: options.polspecVersion, spec: .init(spec),
                                          data: data.identity, stage: stage, stageName: named.name, step: step,
                                          globalStep: globalStep, totalSteps: totalSteps, sampler: samplerState,
                                          optimizer: named.optimizer.kindName)
        let checkpoint = Checkpoint(manifest: manifest, specJSON: spec.canonicalJSON, parameters: weights, ema: ema,
                                    optimizer: optimizer, normalization: normalization)
        lastCheckpoint = try run.save(checkpoint)
        if let name = session.map({ _ in spec.recipe.stages[stage].name }) ?? finishedStage {
            let records = log.records.filter { $0.stage == name }
            try? AtomicFile.write(LossCurve.svg(stage: name, spec: spec.name, records: records), to: run.lossCurve(stage: name))
        }
    }

    /// The parameters' current values, initialising those not seen yet from the recipe's seed.
    fileprivate func parameters(for graph: Graph) -> [String: HostTensor] {
        let missing = graph.parameters.filter { parameters[$0.name] == nil }
        if !missing.isEmpty {
            let initial = graph.initialParameters(seed: UInt64(spec.recipe.seed))
            for parameter in missing { parameters[parameter.name] = initial[parameter.name] }
        }
        return parameters
    }

    /// The initial value of every state tensor of `training`: restored from the checkpoint when
    /// resuming inside the stage (where name and type agree), else per ``TrainingGraph/StateTensor/Initial``.
    fileprivate func initialState(_ training: TrainingGraph, parameters: [String: HostTensor]) -> [String: HostTensor] {
        var state = training.initialState(parameters: parameters)
        for tensor in training.state {
            if let value = restored[tensor.name], value.type == tensor.type { state[tensor.name] = value }
        }
        return state
    }
}

/// One stage of a training run: its graph, runner, data assembly and schedule.
struct StageSession {
    let training: TrainingGraph
    let runner: StepRunner
    let assembler: BatchAssembler
    let schedule: LearningRateSchedule

    init(_ trainer: Trainer, stage: Int) throws {
        let training = try TrainingGraph(trainer.spec, stage: stage, batch: trainer.spec.recipe.stages[stage].batch)
        let parameters = trainer.parameters(for: training.graph)
        try self.init(training, spec: trainer.spec, stage: stage, data: trainer.data, normalization: trainer.normalization,
                      parameters: parameters, state: trainer.initialState(training, parameters: parameters),
                      backend: trainer.options.backend)
    }

    /// The session of stage `stage` of `spec` (whose training graph is `training`) on `data`,
    /// starting from `parameters` and the optimizer, EMA and accumulation `state`.
    init(_ training: TrainingGraph, spec: Spec, stage: Int, data: TrainingData, normalization: Normalization,
         parameters: [String: HostTensor], state: [String: HostTensor], backend: any Backend) throws {
        let stageSpec = spec.recipe.stages[stage]
        self.training = training
        let sources = try ObservationSource.resolve(training.loss.observations, fields: data.fields, suite: data.identity)
        let shift = stageSpec.augment?.shift ?? 0
        if shift > 0 && !sources.contains(where: { if case .image = $0.input.port.type { true } else { false } }) {
            throw TrainingDataError("stage '\(stageSpec.name)': augment.shift moves images, but the stage reads no image observation")
        }
        assembler = BatchAssembler(data: data, sources: sources, requests: training.loss.requests,
                                   normalization: normalization, batch: stageSpec.batch, action: spec.action, shift: shift)
        runner = try StepRunner(training, backend: backend, parameters: parameters, state: state)
        schedule = LearningRateSchedule(stage: stageSpec)
    }

    /// `weights` with every trained parameter replaced by its EMA.
    func emaWeights(_ weights: [String: HostTensor]) -> [String: HostTensor] {
        var averaged = weights
        for name in training.trained { averaged[name] = runner.value("ema." + name) }
        return averaged
    }
}
