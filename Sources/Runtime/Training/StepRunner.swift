import Backends
import Compiler

/// Runs a stage's training program step after step, carrying its state: after each run the
/// outputs `next.<name>` replace the state tensors they update.
final class StepRunner {
    let training: TrainingGraph
    let program: Program
    let backend: any Backend
    /// Parameters the stage does not train (fed unchanged).
    private let frozen: [String: HostTensor]
    /// Current value of every state tensor (trained parameters, optimizer, EMA, accumulators).
    private(set) var state: [String: HostTensor]

    init(_ training: TrainingGraph, backend: any Backend, parameters: [String: HostTensor], state: [String: HostTensor]) {
        self.training = training
        program = Program(unplanned: training.graph)
        self.backend = backend
        let trained = Set(training.trained)
        var frozen: [String: HostTensor] = [:]
        for parameter in training.graph.parameters where !trained.contains(parameter.name) {
            frozen[parameter.name] = parameters[parameter.name]
        }
        self.frozen = frozen
        self.state = state
    }

    /// One run on `batch` (observations and targets) and `scalars`; returns the loss and the
    /// gradient norm, and takes the next state.
    func run(batch: [String: HostTensor], scalars: [String: Float]) throws(BackendError) -> (loss: Float, gradientNorm: Float) {
        var feeds = batch.merging(frozen) { a, _ in a }.merging(state) { a, _ in a }
        for (name, value) in scalars { feeds[name] = HostTensor(shape: .scalar, floats: [value]) }
        let outputs = try backend.run(program, feeds: feeds)
        for tensor in training.state { state[tensor.name] = outputs[tensor.output]! }
        return (outputs[TrainingGraph.lossOutput]!.floats[0], outputs[TrainingGraph.gradientNormOutput]!.floats[0])
    }
}
