/// The fusion pass: groups the nodes of an optimised graph into kernels (`FusionGrouping`,
/// with movement nodes read in place as views, `ViewAnalysis`) and emits the program, one
/// call per kernel in graph order, every slot at its own offset (memory planning comes next).
/// Every call says why: fused kernels carry the reason they were fused, single-op calls the
/// reason they stand alone.
public struct Fusion: Sendable {
    public init() {}

    public func program(_ graph: Graph) -> Program {
        let users = graph.users.map { $0.map(\.index) }
        let chains = AttentionChains.find(graph, users: users)
        let views = ViewAnalysis(graph, users: users, excluded: Set(chains.values.joined()))
        let grouping = FusionGrouping(graph, users: users, views: views, attentionChains: chains)

        var slotOf: [Int: SlotID] = [:]
        var types: [TensorType] = []
        func slot(_ value: Int) -> SlotID {
            if let existing = slotOf[value] { return existing }
            let id = SlotID(types.count)
            types.append(graph.nodes[value].type)
            slotOf[value] = id
            return id
        }
        var inputs: [Program.Binding] = []
        var parameters: [Program.Binding] = []
        var calls: [Program.KernelCall] = []
        for (index, node) in graph.nodes.enumerated() {
            switch node.op {
            case .input(let name, let type):
                inputs.append(.init(name: name, slot: slot(index), type: type))
            case .parameter(let name, let type):
                parameters.append(.init(name: name, slot: slot(index), type: type))
            default:
                guard let group = grouping.groups[index] else { continue }
                let kernel = FusedRegionBuilder(graph: graph, grouping: grouping, views: views, group: group)
                let because = grouping.storedBecause[index] ?? ""
                calls.append(Program.KernelCall(kernel: kernel.kernel(storedBecause: because), operands: kernel.callOperands.map(slot),
                                                result: slot(index), node: ValueID(index), scope: node.scope,
                                                note: because))
            }
        }
        let outputs = graph.outputs.map { Program.Binding(name: $0.name, slot: slot($0.value.index), type: graph[$0.value].type) }
        let (slots, arenaBytes) = Program.separateSlots(types)
        return Program(slots: slots, calls: calls, inputs: inputs, parameters: parameters, outputs: outputs, arenaBytes: arenaBytes)
    }
}
