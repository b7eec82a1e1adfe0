extension Graph {
    /// The graph as text, one node per line (what `--emit ir` prints):
    ///
    /// ```
    /// %0 = input "state" : f32[8,39]
    /// %1 = parameter "trunk.fc1.weight" : f32[64,39]  init kaiming_uniform(fan_in=39, a=2.23606797749979)
    /// %3 = matmul %0, %1 transposeB : f32[8,64]  @trunk.fc1
    /// output action = %9 : f32[8,4]
    /// ```
    ///
    /// After the `:` comes the value's type; `init` names a parameter's initialiser and `@`
    /// the layer scope the node was built in.
    public var text: String {
        var lines: [String] = []
        lines.reserveCapacity(nodes.count + outputs.count)
        for (index, node) in nodes.enumerated() {
            var line = "\(ValueID(index)) = \(node.op.name)"
            if !node.inputs.isEmpty { line += " " + node.inputs.map(\.description).joined(separator: ", ") }
            let attributes = node.op.attributes
            if !attributes.isEmpty { line += " " + attributes }
            line += " : \(node.type)"
            if case .parameter(let name, _) = node.op, let initializer = initializers[name] {
                line += "  init \(initializer)"
            }
            if !node.scope.isEmpty { line += "  @\(node.scope)" }
            lines.append(line)
        }
        for output in outputs {
            lines.append("output \(output.name) = \(output.value) : \(self[output.value].type)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
