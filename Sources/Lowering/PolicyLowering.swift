import Compiler
import SpecLang

/// Lowers a spec's observations, encoders and head into a `GraphBuilder`. The pieces are
/// shared by the policy's forward graph (`PolicyGraph`) and the objectives' loss graphs.
///
/// Every node is recorded in its component's scope: `observation` for the inputs,
/// `encoders.<name>` for an encoder, `head` for the head (its inference loop included);
/// parameters are named under the same prefixes.
struct PolicyLowering {
    let spec: Spec
    let builder: GraphBuilder
    let batch: Int
    /// Where carried state comes from: state inputs (policy graphs) or the demonstration
    /// (training graphs).
    let carried: CarriedStates

    init(_ spec: Spec, builder: GraphBuilder, batch: Int, carried: CarriedStates.Source = .policyInputs) throws(LoweringError) {
        guard batch >= 1 else { throw LoweringError(.invalidBatch(batch)) }
        self.spec = spec
        self.builder = builder
        self.batch = batch
        self.carried = CarriedStates(carried)
    }

    /// The observations the encoders and the head read, in spec order, as inputs.
    var inputs: [ObservationInput] { Self.inputs(of: spec, batch: batch) }

    /// The observations `spec`'s encoders and head read, in spec order, as inputs at `batch`.
    static func inputs(of spec: Spec, batch: Int) -> [ObservationInput] {
        let read = Set(spec.encoders.flatMap { $0.inputs.values.joined().map(\.name) } + spec.head.inputs.values.joined().map(\.name))
        return spec.observations.filter { read.contains($0.name) }.map { ObservationInput(name: $0.name, port: $0.port, batch: batch) }
    }

    /// Declares the observation inputs and lowers every encoder; returns every port's value
    /// by name.
    func ports() -> [String: PortValue] {
        var ports: [String: PortValue] = [:]
        for input in inputs { ports[input.name] = observation(input.name) }
        for encoder in spec.encoders { ports[encoder.name] = lower(encoder, on: ports) }
        return ports
    }

    /// The observation input `name` (declared on first use), as `[batch, frames, ...frame]`.
    func observation(_ name: String) -> PortValue {
        let input = ObservationInput(name: name, port: spec.port(name)!, batch: batch)
        return builder.withScope("observation") {
            let tensor = builder.input(input.name, input.type.shape, dtype: input.type.dtype)
            return PortValue(port: input.port, tensor: tensor.reshaped([batch, input.port.frames] + input.port.type.frameShape))
        }
    }

    /// Lowers `encoder` on the port values `ports` (which hold its inputs).
    func lower(_ encoder: Encoder, on ports: [String: PortValue]) -> PortValue {
        // The initialiser refused encoders without a lowering.
        let lowering = encoder.config.base as! any EncoderLowering
        let inputs = encoder.inputs.mapValues { named in named.compactMap { ports[$0.name] } }
        let scope = builder.root.child("encoders").child(encoder.name)
        let context = EncoderContext(inputs: inputs, output: encoder.output, scope: scope, encoder: encoder, lowering: self)
        return scope.enter { lowering.lower(context) }
    }

    /// `encoder`'s inputs on other observation values (earlier steps, augmented views, other
    /// frames; any batch): the encoders it reads, directly or not, lowered again on
    /// `observations` with their parameters shared.
    func inputs(of encoder: Encoder, on observations: [String: PortValue]) -> [String: [PortValue]] {
        var ports = observations
        builder.sharingParameters {
            for upstream in upstreamEncoders(of: encoder) { ports[upstream.name] = lower(upstream, on: ports) }
        }
        return encoder.inputs.mapValues { named in named.compactMap { ports[$0.name] } }
    }

    /// The encoders `encoder` reads, directly or through others, in dependency order.
    func upstreamEncoders(of encoder: Encoder) -> [Encoder] {
        var needed = Set(encoder.inputs.values.joined().map(\.name))
        for candidate in spec.encoders.reversed() where needed.contains(candidate.name) {
            needed.formUnion(candidate.inputs.values.joined().map(\.name))
        }
        return spec.encoders.filter { needed.contains($0.name) }
    }

    /// The observations `encoder` reads, directly or through the encoders it reads, in spec order.
    func upstreamObservations(of encoder: Encoder) -> [Observation] {
        let read = Set(([encoder] + upstreamEncoders(of: encoder)).flatMap { $0.inputs.values.joined().map(\.name) })
        return spec.observations.filter { read.contains($0.name) }
    }

    /// The head's model on `ports`: its parameters declared and its conditioning lowered;
    /// `dropout` in training graphs.
    func headModel(_ ports: [String: PortValue], dropout: DropoutSeed? = nil) -> any HeadModel {
        // The initialiser refused heads without a lowering.
        let lowering = spec.head.config.base as! any HeadLowering
        let conditions = spec.head.conditions.compactMap { ports[$0.name] }
        let inputs = spec.head.inputs.mapValues { named in named.compactMap { ports[$0.name] } }
        let scope = builder.root.child("head")
        let context = HeadContext(scope: scope, action: spec.action, batch: batch, inputs: inputs, dropout: dropout)
        return scope.enter { lowering.model(conditions, context: context) }
    }

    /// The verified graph, or the builder's issues as a lowering error.
    func finish() throws(LoweringError) -> Graph {
        do {
            return try builder.finish()
        } catch {
            throw LoweringError(.graph(error))
        }
    }

    /// The builder's issues so far as a lowering error (for a lowering that cannot go on).
    func finishError() -> LoweringError {
        do {
            _ = try builder.finish()
            return LoweringError(.graph(GraphError(issues: [.init(node: nil, op: "", scope: "", message: "lowering stopped")])))
        } catch {
            return LoweringError(.graph(error))
        }
    }
}
