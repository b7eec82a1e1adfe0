extension Graph {
    /// For every value, the nodes that read it as an operand, in node order (a node reading a
    /// value twice is listed twice). What fusion needs to know whether a value may live only
    /// in registers (one consumer) or must be stored.
    public var users: [[ValueID]] {
        var result = [[ValueID]](repeating: [], count: nodes.count)
        for (index, node) in nodes.enumerated() {
            for operand in node.inputs { result[operand.index].append(ValueID(index)) }
        }
        return result
    }

    /// For every value, how many times it is read: operand uses plus one per graph output
    /// naming it.
    public var useCounts: [Int] {
        var counts = [Int](repeating: 0, count: nodes.count)
        for node in nodes {
            for operand in node.inputs { counts[operand.index] += 1 }
        }
        for output in outputs { counts[output.value.index] += 1 }
        return counts
    }

    /// True when `value` is read exactly once, by a node, and is not a graph output: a
    /// producer a fusion pass may fold into that consumer.
    public func hasSingleConsumer(_ value: ValueID) -> Bool {
        useCounts[value.index] == 1 && !outputs.contains { $0.value == value }
    }
}
