import Compiler

/// The largest batch a spec's graphs are built for. Graph sizes grow linearly with the batch,
/// so the batch-1 graph bounds them: every value of the graph at batch B holds at most B times
/// its elements at batch 1. A batch whose values would need more than ``maximumBytes`` is
/// refused before any size is computed at that batch, so no size arithmetic of the compiler
/// (element counts, slot bytes, arena offsets) can overflow, whatever batch a user asks for.
public enum BatchLimit {
    /// Bytes of graph values a batch may need, every value counted on its own (1 TiB: beyond
    /// what a CPU machine runs, far inside `Int`; compiling allocates a fraction of it, such as
    /// a sampling loop's seeded noise).
    public static let maximumBytes = 1 << 40

    /// Checks `batch` against the bytes of every value of `perSample`, the same graph built at
    /// batch 1 (f32 or i32 elements, parameters included).
    static func check(_ batch: Int, perSample: Graph) throws(LoweringError) {
        let perSampleBytes = bytes(of: perSample)
        let maximum = perSampleBytes.map { max(1, maximumBytes / $0) } ?? 0
        guard batch <= maximum else { throw LoweringError(.batchTooLarge(batch, maximum: maximum)) }
    }

    /// 4 bytes per element of every node's value, or nil when that overflows.
    private static func bytes(of graph: Graph) -> Int? {
        var total = 0
        for node in graph.nodes {
            var elements = 4
            for d in node.type.shape.dims {
                let (product, overflow) = elements.multipliedReportingOverflow(by: d)
                guard !overflow else { return nil }
                elements = product
            }
            let (sum, overflow) = total.addingReportingOverflow(elements)
            guard !overflow else { return nil }
            total = sum
        }
        return max(total, 1)
    }
}
