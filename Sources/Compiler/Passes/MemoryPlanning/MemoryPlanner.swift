/// Places every slot of a program in one arena (XLA's heap simulator, ggml's graph
/// allocator):
///
/// 1. Liveness on the fixed schedule: each slot lives from the call writing it to its last
///    reader (graph outputs to the end of the run).
/// 2. Aliases: a reshape or stop-gradient is a view — same bytes as its operand. A result
///    takes over the bytes of an operand that dies at its call when the kernel allows it
///    (`Kernel.inPlaceOperands`, sizes equal). A state update (new weights) is written over
///    the binding it replaces when nothing reads the old value afterwards.
/// 3. Inputs, parameters, constants and the results of invariant calls keep their own bytes
///    (they persist across runs).
/// 4. Every other buffer is placed by decreasing size at the best-fitting gap among the
///    buffers whose lifetimes overlap it (smallest gap that fits, else above them).
///
/// Offsets are 64-byte aligned. The result is the same program with offsets filled in; its
/// calls and slots are unchanged.
public struct MemoryPlanner: Sendable {
    public init() {}

    public func plan(_ program: Program, stateUpdates: [Program.StateUpdate] = []) -> Program {
        let liveness = Liveness(program)
        var lastUse = liveness.lastUse
        var sets = BufferSets(count: program.slots.count)
        var persistent = Set((program.inputs + program.parameters).map(\.slot.index))
        for call in program.calls {
            if case .op(.constant) = call.kernel { persistent.insert(call.result.index) }
            if call.invariant { persistent.insert(call.result.index) }
        }
        func byteCount(_ slot: Int) -> Int { program.slots[slot].byteCount }

        // State updates first: they remove a copy per weight per step.
        var planned: [Program.StateUpdate] = []
        for update in stateUpdates {
            planned.append(update)
            guard let output = program.output(named: update.output),
                  let binding = (program.inputs + program.parameters).first(where: { $0.name == update.binding }),
                  byteCount(output.slot.index) == byteCount(binding.slot.index),
                  !persistent.contains(output.slot.index),
                  sets.find(output.slot.index) == output.slot.index else { continue }
            let definition = liveness.definition[output.slot.index]
            guard definition >= 0, overwriteAllowed(program, binding.slot.index, atCall: definition, &sets, lastUse) else { continue }
            let root = sets.find(binding.slot.index)
            sets.merge(output.slot.index, into: root)
            lastUse[root] = Swift.max(lastUse[root], lastUse[output.slot.index])
        }

        for (index, call) in program.calls.enumerated() {
            let result = call.result.index
            guard !persistent.contains(result), sets.find(result) == result else { continue }
            if case .op(let op) = call.kernel, op.isView, program.slots[call.operands[0].index].byteCount == byteCount(result) {
                let operand = sets.find(call.operands[0].index)
                sets.merge(result, into: operand)
                lastUse[operand] = Swift.max(lastUse[operand], lastUse[result])
                if persistent.contains(operand) { persistent.insert(result) }
                continue
            }
            for position in call.kernel.inPlaceOperands(operandTypes: call.operands.map { program.slots[$0.index].type },
                                                        resultType: program.slots[result].type) {
                let operand = sets.find(call.operands[position].index)
                guard !persistent.contains(operand), byteCount(operand) == byteCount(result),
                      program.slots[operand].type.dtype.byteSize == program.slots[result].type.dtype.byteSize,
                      overwriteAllowed(program, operand, atCall: index, &sets, lastUse) else { continue }
                sets.merge(result, into: operand)
                lastUse[operand] = Swift.max(lastUse[operand], lastUse[result])
                break
            }
        }

        // One buffer per set: its lifetime spans its members'.
        var buffers: [Int: (start: Int, end: Int, bytes: Int)] = [:]
        for slot in program.slots.indices {
            let root = sets.find(slot)
            let member = (liveness.definition[slot], lastUse[slot], Program.aligned(byteCount(slot)))
            if let existing = buffers[root] {
                buffers[root] = (Swift.min(existing.start, member.0), Swift.max(existing.end, member.1), Swift.max(existing.bytes, member.2))
            } else {
                buffers[root] = member
            }
        }
        let persistentRoots = Set(persistent.map { sets.find($0) })
        var offsets: [Int: Int] = [:]
        var arena = 0
        for root in buffers.keys.sorted() where persistentRoots.contains(root) {
            offsets[root] = arena
            arena += buffers[root]!.bytes
        }
        let base = arena
        var placed: [(start: Int, end: Int, offset: Int, bytes: Int)] = []
        let order = buffers.keys.filter { !persistentRoots.contains($0) }.sorted { a, b in
            let (x, y) = (buffers[a]!, buffers[b]!)
            return x.bytes != y.bytes ? x.bytes > y.bytes : (x.start != y.start ? x.start < y.start : a < b)
        }
        for root in order {
            let buffer = buffers[root]!
            let overlapping = placed.filter { $0.start <= buffer.end && buffer.start <= $0.end }.sorted { $0.offset < $1.offset }
            var best: (offset: Int, gap: Int)?
            var cursor = base
            for other in overlapping {
                let gap = other.offset - cursor
                if gap >= buffer.bytes, best.map({ gap < $0.gap }) ?? true { best = (cursor, gap) }
                cursor = Swift.max(cursor, other.offset + other.bytes)
            }
            let offset = best?.offset ?? cursor
            offsets[root] = offset
            placed.append((buffer.start, buffer.end, offset, buffer.bytes))
            arena = Swift.max(arena, offset + buffer.bytes)
        }

        var result = program
        for slot in result.slots.indices {
            let root = sets.find(slot)
            result.slots[slot].offset = offsets[root]!
            result.slots[slot].isExclusive = persistentRoots.contains(root)
        }
        result.arenaBytes = arena
        result.stateUpdates = planned
        return result
    }

    /// True when the call at `call` may write over `slot`'s buffer: nothing reads the buffer
    /// after `call`, and `call` itself reads it only where its kernel allows in-place writes.
    /// `lastUse` of a set's root covers the whole set.
    private func overwriteAllowed(_ program: Program, _ slot: Int, atCall call: Int, _ sets: inout BufferSets, _ lastUse: [Int]) -> Bool {
        let root = sets.find(slot)
        let latest = lastUse[root]
        if latest < call { return true }
        guard latest == call else { return false }
        let kernelCall = program.calls[call]
        let allowed = Set(kernelCall.kernel.inPlaceOperands(operandTypes: kernelCall.operands.map { program.slots[$0.index].type },
                                                             resultType: program.slots[kernelCall.result.index].type))
        return kernelCall.operands.indices.allSatisfy { position in
            sets.find(kernelCall.operands[position].index) != root || allowed.contains(position)
        }
    }
}
