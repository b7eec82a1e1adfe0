import Backends
import Compiler
import Lowering

/// Runs a stage's training program step after step on a backend's prepared executable. The
/// program is compiled with the graph's state updates, so each run writes the next weights,
/// optimizer state and EMA over the current ones; the batch and the scalars are written into
/// their bindings in place. On the BLAS backend a run allocates nothing.
final class StepRunner {
    let training: TrainingGraph
    private let executable: any Executable

    /// Compiles `training` and binds the parameters (`state` for the trained ones,
    /// `parameters` for the frozen ones) and the other state tensors.
    init(_ training: TrainingGraph, backend: any Backend, parameters: [String: HostTensor], state: [String: HostTensor]) throws {
        self.training = training
        let program: Program
        do {
            program = try compile(training.graph, options: CompileOptions(stateUpdates: training.stateUpdates)).program
        } catch {
            throw LoweringError(.graph(error))
        }
        executable = backend.prepare(program)
        for parameter in training.graph.parameters { try executable.set(parameter.name, state[parameter.name] ?? parameters[parameter.name]!) }
        let parameterNames = Set(training.graph.parameters.map(\.name))
        for tensor in training.state where !parameterNames.contains(tensor.name) { try executable.set(tensor.name, state[tensor.name]!) }
    }

    /// Sets input `name` to `tensor`.
    func set(_ name: String, _ tensor: HostTensor) throws(BackendError) {
        try executable.set(name, tensor)
    }

    /// Lets `body` write the bytes of input `name` in place.
    func fill(_ name: String, _ body: (UnsafeMutableRawBufferPointer) -> Void) {
        executable.withBinding(name, body)
    }

    /// Sets the f32 scalar input `name`.
    func setScalar(_ name: String, _ value: Float) {
        executable.withBinding(name) { $0.storeBytes(of: value, as: Float.self) }
    }

    /// One run on the bound batch and scalars: returns the loss and the gradient norm; the state
    /// takes its next value.
    func run() throws(BackendError) -> (loss: Float, gradientNorm: Float) {
        try executable.run()
        let loss = executable.withOutput(TrainingGraph.lossOutput) { $0.load(as: Float.self) }!
        let norm = executable.withOutput(TrainingGraph.gradientNormOutput) { $0.load(as: Float.self) }!
        return (loss, norm)
    }

    /// The current value of state tensor (or parameter) `name`.
    func value(_ name: String) -> HostTensor? { executable.binding(name) }
}
