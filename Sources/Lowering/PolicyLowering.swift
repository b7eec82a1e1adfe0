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

    /// Refuses a spec with policy pieces the compiler does not lower, listing every
    /// unsupported piece of the spec (policy and training) at once.
    init(_ spec: Spec, builder: GraphBuilder, batch: Int) throws(LoweringError) {
        guard batch >= 1 else { throw LoweringError(.invalidBatch(batch)) }
        let unsupported = LoweringSupport.unsupported(in: spec)
        if unsupported.contains(where: \.inPolicy) { throw LoweringError(.unsupported(unsupported)) }
        self.spec = spec
        self.builder = builder
        self.batch = batch
    }

    /// The observations the encoders and the head read, in spec order, as inputs.
    var inputs: [ObservationInput] {
        let read = Set(spec.encoders.flatMap { $0.inputs.values.joined().map(\.name) } + spec.head.inputs.values.joined().map(\.name))
        return spec.observations.filter { read.contains($0.name) }.map { ObservationInput(name: $0.name, port: $0.port, batch: batch) }
    }

    /// Declares the observation inputs and lowers every encoder; returns every port's value
    /// by name.
    func ports() -> [String: PortValue] {
        var ports: [String: PortValue] = [:]
        builder.withScope("observation") {
            for input in inputs {
                let tensor = builder.input(input.name, input.type.shape, dtype: input.type.dtype)
                let framed = tensor.reshaped([batch, input.port.frames] + input.port.type.frameShape)
                ports[input.name] = PortValue(port: input.port, tensor: framed)
            }
        }
        for encoder in spec.encoders {
            // The initialiser refused encoders without a lowering.
            let lowering = encoder.config.base as! any EncoderLowering
            let inputs = encoder.inputs.mapValues { named in named.compactMap { ports[$0.name] } }
            let scope = builder.root.child("encoders").child(encoder.name)
            ports[encoder.name] = scope.enter { lowering.lower(inputs, output: encoder.output, scope: scope) }
        }
        return ports
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
