// Reverse-mode automatic differentiation over the IR. Gradients are appended to the graph
// being built as ordinary IR ops (the rules are in Gradients.swift), so a gradient is itself
// differentiable: gradients of gradients work (EBT's d/dθ of a step along dE/dx).

extension GraphBuilder {
    /// Appends the reverse-mode gradient of `output` with respect to each of `variables` and
    /// returns one gradient per variable, shaped like it.
    ///
    /// - Parameters:
    ///   - output: the value to differentiate (usually a scalar loss or energy).
    ///   - variables: f32 values to differentiate with respect to (parameters, inputs, or any
    ///     intermediate value).
    ///   - cotangent: the gradient of some scalar with respect to `output` (its shape); nil
    ///     means ones, i.e. the gradient of `sum(output)`.
    /// - Returns: the gradients; a constant zero tensor where `output` does not depend on a
    ///   variable (or depends on it only through `stop_gradient`, comparisons or casts).
    public func gradients(of output: Tensor, withRespectTo variables: [Tensor], cotangent: Tensor? = nil) -> [Tensor] {
        guard output.dtype == .f32 else {
            report("cannot differentiate the i32 value \(output.id)")
            return variables.map { constant(0, shape: $0.shape) }
        }
        let seed = cotangent ?? constant(1, shape: output.shape)
        if seed.shape != output.shape {
            report("cotangent \(seed.shape) does not match the differentiated value \(output.shape)")
        }
        guard let first = variables.map(\.id.index).min(), first <= output.id.index else {
            return variables.map { constant(0, shape: $0.shape) }
        }
        let active = activeNodes(from: first, to: output.id.index, variables: Set(variables.map(\.id.index)))
        var adjoints: [Int: Tensor] = [output.id.index: seed]
        for index in stride(from: output.id.index, through: first, by: -1) {
            guard active[index - first], let grad = adjoints[index] else { continue }
            let node = nodes[index]
            let needed = node.inputs.map { $0.index >= first && active[$0.index - first] }
            guard needed.contains(true) else { continue }
            withScope(node.scope) {
                let operandGradients = vectorJacobianProducts(node, value: ValueID(index), grad: grad, needed: needed)
                for (position, operand) in node.inputs.enumerated() {
                    guard needed[position], let gradient = operandGradients[position] else { continue }
                    adjoints[operand.index] = adjoints[operand.index].map { $0 + gradient } ?? gradient
                }
            }
        }
        return variables.map { variable in
            adjoints[variable.id.index] ?? constant(0, shape: variable.shape)
        }
    }

    /// For each node in `first...last`: true when it depends differentiably on one of
    /// `variables` and `last` depends on it (the nodes gradients flow through).
    private func activeNodes(from first: Int, to last: Int, variables: Set<Int>) -> [Bool] {
        var varied = [Bool](repeating: false, count: last - first + 1)
        for index in first...last {
            let node = nodes[index]
            if variables.contains(index) {
                varied[index - first] = node.type.dtype == .f32
            } else if node.op.passesGradients && node.type.dtype == .f32 {
                varied[index - first] = node.inputs.contains { $0.index >= first && varied[$0.index - first] }
            }
        }
        var reaches = [Bool](repeating: false, count: last - first + 1)
        reaches[last - first] = true
        for index in stride(from: last, through: first, by: -1) where reaches[index - first] && varied[index - first] {
            for operand in nodes[index].inputs where operand.index >= first {
                reaches[operand.index - first] = true
            }
        }
        return zip(varied, reaches).map { $0 && $1 }
    }
}

extension Op {
    /// False for ops whose output carries no gradient to their operands: sources,
    /// comparisons, casts and `stop_gradient`.
    public var passesGradients: Bool {
        switch self {
        case .input, .parameter, .constant, .random, .compare, .cast, .stopGradient: return false
        default: return true
        }
    }
}

extension Graph {
    /// This graph plus one output `prefix + name` per entry of `names`: the gradient of the
    /// output called `outputName` with respect to the parameter or input of that name.
    ///
    /// Throws when an output or variable name is unknown, or the names are not f32 values.
    public func appendingGradients(of outputName: String, withRespectTo names: [String],
                                   prefix: String = "grad.") throws(GraphError) -> Graph {
        let builder = GraphBuilder(extending: self)
        guard let output = self.output(named: outputName) else {
            throw GraphError(issues: [.init(node: nil, op: "", scope: "", message: "no output named \"\(outputName)\" to differentiate")])
        }
        var sources: [String: ValueID] = [:]
        for parameter in parameters { sources[parameter.name] = parameter.value }
        for input in inputs { sources[input.name] = input.value }
        var variables: [Tensor] = []
        for name in names {
            guard let value = sources[name] else {
                builder.report("no parameter or input named \"\(name)\" to differentiate with respect to")
                continue
            }
            variables.append(builder.tensor(value))
        }
        let gradients = builder.gradients(of: builder.tensor(output), withRespectTo: variables)
        for (variable, gradient) in zip(variables, gradients) {
            builder.output(prefix + self.name(of: variable.id), gradient)
        }
        return try builder.finish()
    }

    /// The name of an input or parameter value.
    private func name(of value: ValueID) -> String {
        switch self[value].op {
        case .input(let name, _), .parameter(let name, _): return name
        default: return value.description
        }
    }
}

extension Graph {
    /// The names of the parameters the output called `outputName` depends on differentiably:
    /// those with a path to it through ops that pass gradients (not only through
    /// `stop_gradient`, comparisons or casts). The others get a zero gradient.
    public func parametersDifferentiating(_ outputName: String) -> Set<String> {
        guard let output = output(named: outputName) else { return [] }
        var reaches = [Bool](repeating: false, count: nodes.count)
        reaches[output.index] = true
        var names: Set<String> = []
        for index in stride(from: output.index, through: 0, by: -1) where reaches[index] {
            let node = nodes[index]
            if case .parameter(let name, _) = node.op { names.insert(name) }
            guard node.op.passesGradients else { continue }
            for operand in node.inputs { reaches[operand.index] = true }
        }
        return names
    }
}
