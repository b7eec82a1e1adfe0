import Compiler
import SpecLang

/// A tensor a policy carries from one call to the next within an episode (HAMLET's window of
/// step summaries): the policy graph reads it as input ``input`` and writes its next value as
/// output ``output``. The caller keeps one value per episode, feeds it back on the next call,
/// and sets ``firstCallInput`` to 1 on a row whose episode starts (the graph then ignores the
/// carried value and fills the state from the current step; zeros are fine to feed).
public struct CarriedState: Hashable, Sendable {
    /// The f32 `[batch]` input that is 1 where a row's episode starts and 0 where it continues;
    /// the graph has it when it carries any state.
    public static let firstCallInput = "state.first_call"

    /// `state.<component scope>.<name>`, e.g. `state.encoders.memory.summaries`.
    public let input: String
    /// `next.` + ``input``.
    public let output: String
    /// The state's type, batch axis first.
    public let type: TensorType

    /// Elements of one row.
    public var rowElements: Int { type.shape.dims.dropFirst().reduce(1, *) }
}

/// Where the carried state of the graph being lowered comes from.
final class CarriedStates {
    enum Source {
        /// The policy graph: state inputs and next-state outputs (``CarriedState``).
        case policyInputs
        /// A training graph: the earlier steps recomputed from the demonstration's past frames,
        /// requested from the data pipeline.
        case demonstration(DataRequests)
    }

    let source: Source
    /// The states declared so far (policy graphs).
    private(set) var states: [CarriedState] = []

    init(_ source: Source) { self.source = source }

    /// See ``EncoderContext/history(_:current:steps:stride:step:)``.
    func history(of encoder: Encoder, name: String, current: Tensor, steps: Int, stride: Int,
                 step: @escaping ([String: [PortValue]]) -> Tensor, lowering: PolicyLowering) -> Tensor {
        let builder = lowering.builder, batch = lowering.batch
        let valueShape = Array(current.shape.dims.dropFirst())
        let latest = current.unsqueezed(1)
        guard current.shape[0] == batch else {
            builder.report("encoder '\(encoder.name)' carries state across steps and cannot be lowered on other inputs (for example by another carried-state encoder reading it)")
            return latest
        }
        switch source {
        case .policyInputs:
            let inputName = "state.encoders.\(encoder.name).\(name)"
            let type = TensorType(Shape([batch, steps] + valueShape))
            let carried = builder.input(inputName, type.shape)
            let first = builder.input(CarriedState.firstCallInput, [batch])
            let shifted = steps == 1 ? latest : concat([carried.slice(axis: 1, 1..<steps), latest], axis: 1)
            let filled = latest.broadcast(to: type.shape)
            let window = select(first.reshaped([batch] + [Int](repeating: 1, count: valueShape.count + 1)), filled, shifted)
            let state = CarriedState(input: inputName, output: "next." + inputName, type: type)
            builder.output(state.output, window)
            states.append(state)
            return window
        case .demonstration(let requests):
            guard steps > 1 else { return latest }
            let earlier = steps - 1
            var observations: [String: PortValue] = [:]
            for observation in lowering.upstreamObservations(of: encoder) {
                let now = lowering.observation(observation.name)
                let port = observation.port, frame = [port.frames] + port.type.frameShape
                let past: Tensor
                if case .text = port.type {
                    // An instruction holds for the whole episode.
                    past = now.tensor.unsqueezed(1).broadcast(to: Shape([batch, earlier] + frame))
                } else {
                    past = requests.request("past.\(observation.name)", shape: [earlier] + frame,
                                            source: .pastObservation(name: observation.name, steps: earlier, stride: stride))
                }
                observations[observation.name] = PortValue(port: port, tensor: past.reshaped([batch * earlier] + frame))
            }
            let inputs = lowering.inputs(of: encoder, on: observations)
            let values = builder.sharingParameters { step(inputs) }
            return concat([values.reshaped([batch, earlier] + valueShape), latest], axis: 1)
        }
    }
}

/// The data requests of a training graph, each an input `target.<name>` declared once (see
/// ``DataRequest``).
final class DataRequests {
    let builder: GraphBuilder
    let batch: Int
    /// The scope the inputs are recorded in (`objective`).
    let scope: Scope
    private(set) var all: [DataRequest] = []

    init(builder: GraphBuilder, batch: Int) {
        self.builder = builder
        self.batch = batch
        scope = builder.root.child("objective")
    }

    /// Declares the input `target.<name>` `[batch] + shape`, filled per sample from `source`
    /// (asking again for the same name gives the same input).
    func request(_ name: String, shape: [Int], source: DataSource) -> Tensor {
        let dtype: DType = if case .integers = source { .i32 } else { .f32 }
        let request = DataRequest(name: "target.\(name)", type: TensorType(Shape([batch] + shape), dtype), source: source)
        if let existing = all.first(where: { $0.name == request.name }), existing != request {
            builder.report("data request \(request.name) was declared as \(existing.type) from \(existing.source), now as \(request.type) from \(request.source)")
        } else if !all.contains(request) {
            all.append(request)
        }
        return scope.enter { request.declare(in: builder) }
    }
}

extension PolicyGraph {
    /// `inputs` completed with the carried state of rows that start their episode, when the
    /// caller gives no carried state at all: zero states and `state.first_call` = 1 (what a
    /// one-off call such as `polspec infer` means). Given any of it, `inputs` is returned as it is.
    public func startingEpisodes(_ inputs: [String: HostTensor]) -> [String: HostTensor] {
        guard !carriedStates.isEmpty, !inputs.keys.contains(where: { $0.hasPrefix("state.") }) else { return inputs }
        var completed = inputs
        for state in carriedStates { completed[state.input] = HostTensor(zeros: state.type) }
        completed[CarriedState.firstCallInput] = HostTensor(shape: [batch], floats: [Float](repeating: 1, count: batch))
        return completed
    }
}
