import SpecLang

/// Lowers a spec's observations, encoders and head into a `GraphBuilder`. The pieces are
/// shared by the policy's forward graph (`PolicyGraph`) and the objectives' loss graphs.
///
/// Every node is recorded in its component's scope: `observation` for the inputs,
/// `encoders.<name>` for an encoder, `head` for the head (its sampling loop included);
/// parameters are named under the same prefixes.
struct PolicyLowering {
    let spec: Spec
    let builder: GraphBuilder
    let batch: Int

    init(_ spec: Spec, builder: GraphBuilder, batch: Int) throws(LoweringError) {
        guard batch >= 1 else { throw LoweringError(.invalidBatch(batch)) }
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
    /// by name. Fails on the first encoder whose kind is not lowered yet.
    func ports() throws(LoweringError) -> [String: PortValue] {
        var ports: [String: PortValue] = [:]
        builder.withScope("observation") {
            for input in inputs {
                let tensor = builder.input(input.name, input.type.shape, dtype: input.type.dtype)
                let framed = tensor.reshaped([batch, input.port.frames] + input.port.type.frameShape)
                ports[input.name] = PortValue(port: input.port, tensor: framed)
            }
        }
        for encoder in spec.encoders {
            let lowering: any EncoderLowering
            switch encoder.config.lowering() {
            case .success(let l): lowering = l
            case .failure(let missing):
                throw LoweringError(.notLowered(component: "encoder '\(encoder.name)'", kind: missing.kind, gap: missing.gap),
                                    at: spec.sourceMap.range("encoders.\(encoder.name).\(missing.key)"))
            }
            guard let input = encoder.inputs["input"]?.first, let value = ports[input.name] else {
                builder.report("encoder '\(encoder.name)' reads no lowered port")
                continue
            }
            let scope = builder.root.child("encoders").child(encoder.name)
            ports[encoder.name] = scope.enter { lowering.lower(value, output: encoder.output, scope: scope) }
        }
        return ports
    }

    /// The head's lowering, or the error naming the gap.
    func head() throws(LoweringError) -> any HeadLowering {
        switch spec.head.config.lowering() {
        case .success(let lowering): return lowering
        case .failure(let missing):
            throw LoweringError(.notLowered(component: "the head", kind: missing.kind, gap: missing.gap),
                                at: spec.sourceMap.range("head.\(missing.key)"))
        }
    }

    /// The action chunk `[batch, chunk, action.dim]` the head produces from `ports`.
    func action(_ ports: [String: PortValue], noise: SamplingNoise) throws(LoweringError) -> Tensor {
        let head = try head()
        let conditions = spec.head.conditions.compactMap { ports[$0.name] }
        let scope = builder.root.child("head")
        let context = HeadContext(scope: scope, action: spec.action, batch: batch, noise: noise)
        return scope.enter { head.act(conditions, context: context) }
    }

    /// The verified graph, or the builder's issues as a lowering error.
    func finish() throws(LoweringError) -> Graph {
        do {
            return try builder.finish()
        } catch {
            throw LoweringError(.graph(error))
        }
    }
}
