extension Program {
    /// The program as text (what `--emit program` prints): a summary line, the bindings, one
    /// line per call and the outputs. A call line reads
    ///
    /// ```
    /// $7 = fused.gemm $3, $4, $5 : f32[64,1024]  @blocks.0.mlp.fc1  @+262144  in-place $5
    ///     r0 = matmul a0, a1 transposeB : f32[64,1024]
    ///     r1 = add r0, a2 : f32[64,1024]
    ///     r2 = gelu_tanh r1 : f32[64,1024]
    ///     # gemm epilogue: ...
    /// ```
    ///
    /// `@+N` is the result's byte offset in the arena; `invariant` marks a call run only when the
    /// weights are set (a weight copy); `in-place $k` says the result shares
    /// operand `$k`'s bytes; a fused call lists its region (`aK` = operand K, `rJ` = region
    /// value J) and the reason it was fused; `#` lines on single calls say why they stand alone.
    public var text: String {
        let kernelCount = calls.filter { !$0.isView(in: self) && !$0.invariant }.count
        var lines = ["slots \(slots.count), \(slotBytes) bytes; calls \(calls.count) (\(kernelCount) kernels per run); arena \(arenaBytes) bytes"]
        for binding in inputs { lines.append("input \(binding.name) -> \(binding.slot) : \(binding.type)  @+\(slots[binding.slot.index].offset)") }
        for binding in parameters { lines.append("parameter \(binding.name) -> \(binding.slot) : \(binding.type)  @+\(slots[binding.slot.index].offset)") }
        for call in calls {
            var line = "\(call.result) = \(call.kernel.name)"
            if !call.operands.isEmpty { line += " " + call.operands.map(\.description).joined(separator: ", ") }
            if case .op(let op) = call.kernel {
                let attributes = op.attributes
                if !attributes.isEmpty { line += " " + attributes }
            }
            line += " : \(slots[call.result.index].type)"
            if !call.scope.isEmpty { line += "  @\(call.scope)" }
            let offset = slots[call.result.index].offset
            line += "  @+\(offset)"
            if call.isView(in: self) {
                line += "  view"
            } else if call.invariant {
                line += "  invariant"
            } else if let shared = call.operands.first(where: { slots[$0.index].offset == offset && slots[$0.index].byteCount > 0 }) {
                line += "  in-place \(shared)"
            }
            lines.append(line)
            if case .fused(let fused) = call.kernel {
                for (index, node) in fused.region.enumerated() {
                    var regionLine = "    r\(index) = \(node.op.name) " + node.inputs.map(\.description).joined(separator: ", ")
                    let attributes = node.op.attributes
                    if !attributes.isEmpty { regionLine += " " + attributes }
                    lines.append(regionLine + " : \(node.type)")
                }
                lines.append("    # \(fused.reason)")
            } else if !call.note.isEmpty {
                lines.append("    # \(call.note)")
            }
        }
        for binding in outputs { lines.append("output \(binding.name) <- \(binding.slot) : \(binding.type)") }
        for update in stateUpdates { lines.append("update \(update.binding) <- \(update.output)") }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension Program.KernelCall {
    /// True for a reshape or stop-gradient whose result the planner placed on its operand's
    /// bytes: the call moves no data (a backend may skip it).
    public func isView(in program: Program) -> Bool {
        guard case .op(let op) = kernel, op.isView, let operand = operands.first else { return false }
        return program.slots[operand.index].offset == program.slots[result.index].offset
    }
}
