extension Graph {
    /// Checks the invariants every `Graph` keeps and throws all violations at once:
    /// operands defined before use, each node's type equal to what its op infers from its
    /// operands, unique input/parameter/output names, an initialiser for every parameter
    /// (and none for unknown names), f32 parameters, integral i32 constants, outputs that exist,
    /// constant gather/scatter-add indices in range.
    public static func verify(nodes: [Node], outputs: [GraphOutput], initializers: [String: Initializer]) throws(GraphError) {
        var issues: [GraphError.Issue] = []
        var inputNames: Set<String> = []
        var parameterNames: Set<String> = []
        for (index, node) in nodes.enumerated() {
            func report(_ message: String) {
                issues.append(.init(node: ValueID(index), op: node.op.name, scope: node.scope, message: message))
            }
            if let late = node.inputs.first(where: { $0.index < 0 || $0.index >= index }) {
                report("operand \(late) is not defined before this node")
                continue
            }
            let operandTypes = node.inputs.map { nodes[$0.index].type }
            do {
                let inferred = try node.op.inferType(operandTypes)
                if inferred != node.type { report("recorded type \(node.type) differs from inferred \(inferred)") }
            } catch {
                report(error.message)
            }
            switch node.op {
            case .input(let name, _):
                if !inputNames.insert(name).inserted { report("input \"\(name)\" is declared twice") }
            case .parameter(let name, let type):
                if !parameterNames.insert(name).inserted { report("parameter \"\(name)\" is declared twice") }
                if initializers[name] == nil { report("parameter \"\(name)\" has no initialiser") }
                if type.dtype != .f32 { report("parameter \"\(name)\" must be f32, not \(type.dtype)") }
            case .constant(.fill(let value, let type)) where type.dtype == .i32 && Int32(exactly: value) == nil:
                report("i32 constant \(value) is not an integer in the i32 range")
            case .gather, .scatterAdd:
                let extent: Int
                switch node.op {
                case .gather(let axis): extent = operandTypes[0].shape[axis]
                case .scatterAdd(_, let size): extent = size
                default: continue
                }
                if case .constant(let constant) = nodes[node.inputs[1].index].op,
                   let bad = constant.indexValues.first(where: { $0 < 0 || $0 >= extent }) {
                    report("constant index \(bad) is outside 0..<\(extent)")
                }
            default:
                break
            }
        }
        for name in initializers.keys.sorted() where !parameterNames.contains(name) {
            issues.append(.init(node: nil, op: "", scope: "", message: "initialiser for unknown parameter \"\(name)\""))
        }
        var outputNames: Set<String> = []
        for output in outputs {
            if !outputNames.insert(output.name).inserted {
                issues.append(.init(node: nil, op: "", scope: "", message: "output \"\(output.name)\" is declared twice"))
            }
            if !(0..<nodes.count).contains(output.value.index) {
                issues.append(.init(node: nil, op: "", scope: "", message: "output \"\(output.name)\" names undefined value \(output.value)"))
            }
        }
        if !issues.isEmpty { throw GraphError(issues: issues) }
    }
}

extension Constant {
    /// The values of an i32 constant as Ints (for index checks); empty for f32 constants.
    var indexValues: [Int] {
        switch self {
        case .fill(let value, let type): return type.dtype == .i32 ? [Int(value)] : []
        case .tensor(let tensor):
            if case .i32(let values) = tensor.storage { return values.map(Int.init) }
            return []
        }
    }
}
