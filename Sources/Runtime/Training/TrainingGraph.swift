import Compiler
import Lowering
import SpecLang

/// One training step of a recipe stage as a single graph: the stage's loss (forward), its
/// gradients with respect to the parameters the stage trains (backward), gradient
/// accumulation, global-norm clipping, the optimizer update and the EMA of the weights.
///
/// Everything that changes from step to step is a state tensor: the graph reads it (the
/// trained parameters as parameters, the rest as inputs) and writes its next value as the
/// output `next.<name>`; ``stateUpdates`` pairs them, so a runner copies outputs back after
/// every run (or a planned program updates them in place).
///
/// | state | input name | initial value |
/// |---|---|---|
/// | a trained parameter | `<parameter>` (a parameter) | the recipe's initialisation |
/// | optimizer state | `optimizer.<parameter>.<exp_avg, exp_avg_sq, momentum_buffer>` | zeros |
/// | EMA weights (`ema` > 0) | `ema.<parameter>` | the parameter at the start of the stage |
/// | gradient sum (`accumulate` > 1) | `accumulated.<parameter>` | zeros |
/// | an averaged parameter (``LossGraph/averages``, e.g. I-JEPA's target encoder) | `<parameter>` (a parameter) | its value |
///
/// Per-run inputs: the observations and targets of the batch (see ``LossGraph``), the
/// optimizer's scalars (``OptimizerRule/scalarNames``) and, when `accumulate` > 1, the f32
/// scalar ``applyInput``: 1 on the run that completes an optimizer step, 0 on the runs that
/// only add their gradients; with averaged parameters the f32 scalar ``progressInput``, the
/// fraction of the stage done (optimizer steps taken / the stage's steps), from which each
/// average's momentum is interpolated. Outputs besides the state: ``lossOutput`` and
/// ``gradientNormOutput`` (the global L2 norm of the averaged gradient before clipping).
public struct TrainingGraph: Sendable {
    public static let lossOutput = LossGraph.lossOutput
    public static let gradientNormOutput = "grad_norm"
    public static let applyInput = "optimizer.apply"
    public static let progressInput = "stage.progress"
    /// PyTorch's `clip_grad_norm_` adds this to the norm before dividing.
    public static let clipEpsilon = 1e-6

    /// A tensor carried from run to run.
    public struct StateTensor: Hashable, Sendable {
        public enum Initial: Hashable, Sendable {
            case zeros
            /// A copy of the named parameter's value when the stage starts.
            case copy(of: String)
        }

        /// The input (or parameter) name.
        public let name: String
        /// The output holding the next value.
        public let output: String
        public let type: TensorType
        public let initial: Initial
    }

    public let graph: Graph
    public let loss: LossGraph
    public let rule: OptimizerRule
    /// The names of the parameters the stage trains.
    public let trained: [String]
    /// The parameters the graph writes: the trained ones, then the averaged ones.
    public var updatedParameters: [String] { trained + loss.averages.map(\.target) }
    /// The state tensors: the trained parameters first, then optimizer, EMA and accumulator state.
    public let state: [StateTensor]
    /// The scalar inputs fed every run (optimizer scalars, then ``applyInput`` when accumulating).
    public let scalarInputs: [String]

    /// The training graph of stage `stage` of `spec` for batches of `batch` samples.
    public init(_ spec: Spec, stage: Int, batch: Int) throws(LoweringError) {
        let loss = try LossGraph(spec, stage: stage, batch: batch)
        let stageSpec = spec.recipe.stages[stage]
        let rule = OptimizerRule(stageSpec.optimizer)
        let builder = GraphBuilder(extending: loss.graph)
        let trained = loss.trainedParameters
        let parameterInfo = Dictionary(uniqueKeysWithValues: loss.graph.parameters.map { ($0.name, $0) })
        let parameters = trained.map { builder.tensor(parameterInfo[$0]!.value) }
        var state = zip(trained, parameters).map {
            StateTensor(name: $0, output: "next." + $0, type: $1.type, initial: .copy(of: $0))
        }
        var scalarInputs = rule.scalarNames
        builder.withScope("optimizer") {
            let lossValue = builder.tensor(loss.graph.output(named: LossGraph.lossOutput)!)
            var gradients = builder.gradients(of: lossValue, withRespectTo: parameters)
            var apply: Tensor?
            if stageSpec.accumulate > 1 {
                let flag = builder.input(Self.applyInput, .scalar)
                apply = flag
                scalarInputs.append(Self.applyInput)
                for (index, name) in trained.enumerated() {
                    let sumName = "accumulated." + name
                    let sum = builder.input(sumName, parameters[index].shape) + gradients[index]
                    state.append(StateTensor(name: sumName, output: "next." + sumName, type: sum.type, initial: .zeros))
                    builder.output("next." + sumName, select(flag, builder.constant(0, shape: sum.shape), sum))
                    gradients[index] = sum * (1 / Double(stageSpec.accumulate))
                }
            }
            let norm = Self.globalNorm(gradients, builder: builder)
            builder.output(Self.gradientNormOutput, norm)
            if stageSpec.clip > 0 {
                let coefficient = minimum(stageSpec.clip / (norm + Self.clipEpsilon), 1)
                gradients = gradients.map { $0 * coefficient }
            }
            let scalars = Dictionary(uniqueKeysWithValues: rule.scalarNames.map { ($0, builder.input($0, .scalar)) })
            var nextValues: [String: Tensor] = [:]
            for (index, name) in trained.enumerated() {
                let p = parameters[index]
                let oldState = rule.stateNames.map { builder.input("optimizer.\(name).\($0)", p.shape) }
                var (next, nextState) = rule.update(parameter: p, gradient: gradients[index], state: oldState, scalars: scalars,
                                                    decayed: rule.decays(p.shape))
                if let apply {
                    next = select(apply, next, p)
                    nextState = zip(nextState, oldState).map { select(apply, $0, $1) }
                }
                builder.output("next." + name, next)
                nextValues[name] = next
                for (stateName, (value, old)) in zip(rule.stateNames, zip(nextState, oldState)) {
                    let inputName = "optimizer.\(name).\(stateName)"
                    state.append(StateTensor(name: inputName, output: "next." + inputName, type: old.type, initial: .zeros))
                    builder.output("next." + inputName, value)
                }
                if stageSpec.ema > 0 {
                    let emaName = "ema." + name
                    let average = builder.input(emaName, p.shape)
                    var updated = average * stageSpec.ema + next * (1 - stageSpec.ema)
                    if let apply { updated = select(apply, updated, average) }
                    state.append(StateTensor(name: emaName, output: "next." + emaName, type: average.type, initial: .copy(of: name)))
                    builder.output("next." + emaName, updated)
                }
            }
            if !loss.averages.isEmpty {
                let progress = builder.input(Self.progressInput, .scalar)
                scalarInputs.append(Self.progressInput)
                for average in loss.averages {
                    guard let info = parameterInfo[average.target], let sourceInfo = parameterInfo[average.source] else {
                        builder.report("averaged parameter \(average.target) or its source \(average.source) is not in the loss graph")
                        continue
                    }
                    let target = builder.tensor(info.value)
                    let source = nextValues[average.source] ?? builder.tensor(sourceInfo.value)
                    let momentum = progress * (average.end - average.start) + average.start
                    var updated = target * momentum + source * (1 - momentum)
                    if let apply { updated = select(apply, updated, target) }
                    state.append(StateTensor(name: average.target, output: "next." + average.target, type: target.type,
                                             initial: .copy(of: average.target)))
                    builder.output("next." + average.target, updated)
                }
            }
        }
        do {
            graph = try builder.finish()
        } catch {
            throw LoweringError(.graph(error))
        }
        self.loss = loss
        self.rule = rule
        self.trained = trained
        self.state = state
        self.scalarInputs = scalarInputs
    }

    /// √(Σ over tensors of Σ g²).
    static func globalNorm(_ gradients: [Tensor], builder: GraphBuilder) -> Tensor {
        let squares = gradients.map { $0.squared().sum() }
        guard var total = squares.first else { return builder.constant(0) }
        for square in squares.dropFirst() { total = total + square }
        return total.sqrt()
    }

    /// The program's state updates: each `next.<name>` output replaces its state tensor after a run.
    public var stateUpdates: [Program.StateUpdate] {
        state.map { Program.StateUpdate(output: $0.output, binding: $0.name) }
    }

    /// Every state tensor at the start of a stage: copies of `parameters` (by name) or zeros,
    /// per ``StateTensor/Initial``.
    public func initialState(parameters: [String: HostTensor]) -> [String: HostTensor] {
        var values: [String: HostTensor] = [:]
        for tensor in state {
            switch tensor.initial {
            case .zeros: values[tensor.name] = HostTensor(zeros: tensor.type)
            case .copy(let name): values[tensor.name] = parameters[name]
            }
        }
        return values
    }

    /// The state and scalar inputs of the stage's first step from `parameters` at learning rate
    /// `lr` (what a trainer binds before the first run; the batch inputs are not included).
    public func firstStepFeeds(parameters: [String: HostTensor], lr: Double) -> [String: HostTensor] {
        var feeds = initialState(parameters: parameters)
        rule.forEachScalar(lr: lr, step: 1) { feeds[$0] = HostTensor(shape: .scalar, floats: [$1]) }
        if scalarInputs.contains(Self.applyInput) { feeds[Self.applyInput] = HostTensor(shape: .scalar, floats: [1]) }
        if scalarInputs.contains(Self.progressInput) { feeds[Self.progressInput] = HostTensor(shape: .scalar, floats: [0]) }
        return feeds
    }

    /// The inputs filled from the data batch: observations, then the objective's requests.
    public var batchInputs: [InputInfo] {
        let names = Set(loss.observations.map(\.name) + loss.requests.map(\.name))
        return graph.inputs.filter { names.contains($0.name) }
    }
}
