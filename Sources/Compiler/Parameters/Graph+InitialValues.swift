extension Graph {
    /// The initial value of every parameter under `seed`, by name (f32, rounded from the
    /// Double draws of `Initializer.values`). Each parameter draws from its own stream keyed
    /// by its name, so a value depends only on (seed, name, initialiser, element index).
    public func initialParameters(seed: UInt64) -> [String: HostTensor] {
        var values: [String: HostTensor] = [:]
        for parameter in parameters {
            let shape = parameter.type.shape
            let draws = parameter.initializer.floatValues(count: shape.elementCount, seed: seed, name: parameter.name)
            values[parameter.name] = HostTensor(shape: shape, floats: draws)
        }
        return values
    }
}

extension GraphBuilder {
    /// Replaces the initialiser of each parameter declared so far for which `rule` (given
    /// the full name and shape) returns one: the hook for a model's own init scheme, e.g.
    /// `N(0, 0.02)` for every `*.weight` of a transformer, or zeros for an output layer.
    public func overrideInitializers(_ rule: (_ name: String, _ shape: Shape) -> Initializer?) {
        for node in nodes {
            guard case .parameter(let name, let type) = node.op, let replacement = rule(name, type.shape) else { continue }
            setInitializer(replacement, forParameter: name)
        }
    }
}
