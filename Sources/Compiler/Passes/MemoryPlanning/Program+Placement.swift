extension Program {
    /// Every pair of slots whose bytes overlap although both may hold live values at once
    /// (empty for a correct plan). Sharing is legal between a view and its operand, between a
    /// result and an operand its call reads only where the kernel writes in place and nobody
    /// reads later, and between a state update and the binding it replaces under the same
    /// rule. Inputs, parameters and constants share with nothing else. Used by the tests.
    public func placementIssues() -> [String] {
        let liveness = Liveness(self)
        var sets = BufferSets(count: slots.count)
        for call in calls {
            if case .op(let op) = call.kernel, op.isView { sets.merge(call.result.index, into: call.operands[0].index) }
        }
        var lastUse = [Int](repeating: -1, count: slots.count)
        var definition = [Int](repeating: Int.max, count: slots.count)
        for slot in slots.indices {
            let root = sets.find(slot)
            lastUse[root] = Swift.max(lastUse[root], liveness.lastUse[slot])
            definition[root] = Swift.min(definition[root], liveness.definition[slot])
        }
        var persistent = Set((inputs + parameters).map { sets.find($0.slot.index) })
        for call in calls {
            if case .op(.constant) = call.kernel { persistent.insert(sets.find(call.result.index)) }
        }
        let updatedBy = Dictionary(stateUpdates.compactMap { update -> (Int, Int)? in
            guard let output = output(named: update.output),
                  let binding = (inputs + parameters).first(where: { $0.name == update.binding }) else { return nil }
            return (sets.find(output.slot.index), sets.find(binding.slot.index))
        }, uniquingKeysWith: { first, _ in first })

        /// True when the set `later` may be written over the set `earlier`.
        func mayOverwrite(_ later: Int, _ earlier: Int) -> Bool {
            let start = definition[later]
            guard start >= 0, start >= lastUse[earlier] else { return false }
            guard start == lastUse[earlier] else { return true }
            let call = calls[start]
            let allowed = Set(call.kernel.inPlaceOperands(operandTypes: call.operands.map { slots[$0.index].type },
                                                          resultType: slots[call.result.index].type))
            return call.operands.indices.allSatisfy { sets.find(call.operands[$0].index) != earlier || allowed.contains($0) }
        }

        var issues: [String] = []
        let order = slots.indices.filter { slots[$0].byteCount > 0 }.sorted { slots[$0].offset < slots[$1].offset }
        for (position, a) in order.enumerated() {
            let end = slots[a].offset + slots[a].byteCount
            for b in order[(position + 1)...] {
                guard slots[b].offset < end else { break }
                let (ra, rb) = (sets.find(a), sets.find(b))
                if ra == rb { continue }
                let legal: Bool
                if persistent.contains(ra) || persistent.contains(rb) {
                    legal = (updatedBy[ra] == rb && mayOverwrite(ra, rb)) || (updatedBy[rb] == ra && mayOverwrite(rb, ra))
                } else {
                    legal = mayOverwrite(ra, rb) || mayOverwrite(rb, ra)
                }
                if !legal {
                    issues.append("$\(a) [\(slots[a].offset), \(end)) overlaps $\(b) [\(slots[b].offset), \(slots[b].offset + slots[b].byteCount)) while both are live")
                }
            }
        }
        return issues
    }
}
