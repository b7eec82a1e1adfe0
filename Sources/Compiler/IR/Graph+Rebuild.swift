extension Graph {
    /// A copy of this graph built node by node through a fresh `GraphBuilder`, with
    /// `transform` deciding what each node becomes. `transform` receives the builder, the
    /// node and its operands already rebuilt; it returns the node's replacement, or nil to
    /// copy the node unchanged. Inputs, parameters (with their initialisers), scopes and
    /// outputs are kept.
    public func rebuilt(_ transform: (GraphBuilder, Node, [Tensor]) -> Tensor?) throws(GraphError) -> Graph {
        let builder = GraphBuilder()
        var mapped: [Tensor] = []
        mapped.reserveCapacity(nodes.count)
        for node in nodes {
            let operands = node.inputs.map { mapped[$0.index] }
            let replacement = builder.withScope(node.scope) { () -> Tensor in
                if let replaced = transform(builder, node, operands) { return replaced }
                return builder.copy(node, operands, initializer: parameterInitializer(node))
            }
            mapped.append(replacement)
        }
        for output in outputs { builder.output(output.name, mapped[output.value.index]) }
        return try builder.finish()
    }

    /// This graph with every composite replaced by its lowering to primitives (the form a
    /// backend without composite kernels runs; tests compare it with the fused kernels).
    public func loweringComposites() throws(GraphError) -> Graph {
        try rebuilt { builder, node, operands in
            guard case .composite(let composite) = node.op else { return nil }
            return builder.lower(composite, operands)
        }
    }

    private func parameterInitializer(_ node: Node) -> Initializer? {
        guard case .parameter(let name, _) = node.op else { return nil }
        return initializers[name]
    }
}

extension GraphBuilder {
    /// Appends `node`'s op on `operands`; sources go through `input`/`parameter` so names stay
    /// registered.
    fileprivate func copy(_ node: Node, _ operands: [Tensor], initializer: Initializer?) -> Tensor {
        switch node.op {
        case .input(let name, let type):
            return input(name, type.shape, dtype: type.dtype)
        case .parameter(let name, let type):
            return parameter(name, type.shape, initializer: initializer ?? .zeros)
        default:
            return apply(node.op, operands)
        }
    }
}
