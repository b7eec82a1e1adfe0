extension Graph {
    /// The graph in Graphviz DOT (what `--emit dot` prints): one box per node labelled with
    /// its id, op, attributes and type; nodes built in the same layer scope grouped in a
    /// cluster; graph outputs as ellipses. Render with `dot -Tsvg`.
    public var dot: String {
        var lines = ["digraph polspec {", "  rankdir=TB;", "  node [shape=box, fontname=\"monospace\", fontsize=10];"]
        var scopes: [String: [Int]] = [:]
        var scopeOrder: [String] = []
        for (index, node) in nodes.enumerated() {
            if scopes[node.scope] == nil { scopeOrder.append(node.scope) }
            scopes[node.scope, default: []].append(index)
        }
        for (clusterIndex, scope) in scopeOrder.enumerated() {
            let indent = scope.isEmpty ? "  " : "    "
            if !scope.isEmpty {
                lines.append("  subgraph cluster_\(clusterIndex) {")
                lines.append("    label=\(Graph.dotString(scope)); style=rounded; color=gray;")
            }
            for index in scopes[scope] ?? [] {
                lines.append("\(indent)n\(index) [label=\(Graph.dotString(dotLabel(index)))\(dotStyle(nodes[index].op))];")
            }
            if !scope.isEmpty { lines.append("  }") }
        }
        for (index, node) in nodes.enumerated() {
            for operand in node.inputs { lines.append("  n\(operand.index) -> n\(index);") }
        }
        for (position, output) in outputs.enumerated() {
            lines.append("  out\(position) [shape=ellipse, label=\(Graph.dotString(output.name))];")
            lines.append("  n\(output.value.index) -> out\(position);")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private func dotLabel(_ index: Int) -> String {
        let node = nodes[index]
        let attributes = node.op.attributes
        return "\(ValueID(index)) \(node.op.name)" + (attributes.isEmpty ? "" : " \(attributes)") + "\n\(node.type)"
    }

    private func dotStyle(_ op: Op) -> String {
        switch op.kind {
        case .source: return ", style=filled, fillcolor=\"#e8f0fe\""
        case .contraction: return ", style=filled, fillcolor=\"#fde8e8\""
        case .composite: return ", style=filled, fillcolor=\"#e8f8e8\""
        default: return ""
        }
    }

    /// A DOT string literal: quoted, with quotes and backslashes escaped and newlines as `\n`.
    private static func dotString(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return "\"\(escaped)\""
    }
}
