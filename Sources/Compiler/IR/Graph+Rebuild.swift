extension Graph {
    /// A copy of this graph built node by node through a fresh `GraphBuilder`, with
    /// `transform` deciding what each node becomes. `transform` receives the builder, the
    /// node and its operands already rebuilt; it returns the node's replacement, or nil to
    /// copy the node unchanged. Inputs, parameters (with their initialisers), scopes and
    /// outputs are kept.
    public func rebuilt(_ transform: (GraphBuilder, Node, [Tensor]) -> Tensor?) throws(GraphError) -> Graph {
        var rewriter = GraphRewriter(self)
        let builder = rewriter.builder
        for node in nodes {
            let operands = rewriter.operands(of: node).map(builder.tensor)
            let replacement = builder.withScope(node.scope) { transform(builder, node, operands) }
            rewriter.map(replacement?.id ?? rewriter.append(Node(op: node.op, inputs: operands.map(\.id), type: node.type, scope: node.scope)))
        }
        return try rewriter.finish()
    }

    /// This graph with every composite replaced by its lowering to primitives (the form a
    /// backend without composite kernels runs; tests compare it with the fused kernels).
    public func loweringComposites() throws(GraphError) -> Graph {
        try rebuilt { builder, node, operands in
            guard case .composite(let composite) = node.op else { return nil }
            return builder.lower(composite, operands)
        }
    }
}
