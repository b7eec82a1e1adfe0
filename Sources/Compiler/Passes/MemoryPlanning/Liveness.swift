/// When each slot of a program is written and last read, on the program's fixed schedule:
/// bindings are written before the first call (-1); graph outputs are read after the last
/// call (`calls.count`).
struct Liveness {
    /// Call index writing each slot (-1 for inputs and parameters).
    var definition: [Int]
    /// Call index of the last read of each slot.
    var lastUse: [Int]

    init(_ program: Program) {
        definition = [Int](repeating: -1, count: program.slots.count)
        lastUse = [Int](repeating: -1, count: program.slots.count)
        for (index, call) in program.calls.enumerated() {
            definition[call.result.index] = index
            for operand in call.operands { lastUse[operand.index] = Swift.max(lastUse[operand.index], index) }
        }
        for binding in program.outputs { lastUse[binding.slot.index] = program.calls.count }
        for slot in definition.indices { lastUse[slot] = Swift.max(lastUse[slot], definition[slot]) }
    }
}

/// Slots that must share bytes (views of one buffer, results written over a dying operand,
/// new state written over the old), merged with union-find; each set is one buffer.
struct BufferSets {
    private var parent: [Int]
    init(count: Int) { parent = Array(0..<count) }

    mutating func find(_ slot: Int) -> Int {
        var root = slot
        while parent[root] != root { root = parent[root] }
        var current = slot
        while parent[current] != root {
            let next = parent[current]
            parent[current] = root
            current = next
        }
        return root
    }

    /// Merges the sets of `a` and `b`; the root of `a`'s set stays the root.
    mutating func merge(_ a: Int, into b: Int) {
        let (ra, rb) = (find(a), find(b))
        if ra != rb { parent[ra] = rb }
    }
}
