import CPUKernels
import Compiler

/// Copies 4-byte elements from one strided view to another of the same shape (bit for bit,
/// so f32 and i32 alike): permute, slice, broadcast, reshape copies, and the pieces of pad and
/// concat. Adjacent axes merge when both views allow; unit-stride runs are block copies. The
/// inner loop runs along the longest axis either view walks with unit stride (for a transpose
/// such as NCHW -> NHWC, the long pixel rows rather than the three channels).
struct StridedCopy {
    private let nest: LoopNest
    private let source: UnsafeMutablePointer<UInt32>
    private let destination: UnsafeMutablePointer<UInt32>

    init(from source: UnsafeMutableRawPointer, _ sourceLayout: StridedLayout,
         to destination: UnsafeMutableRawPointer, _ destinationLayout: StridedLayout) {
        var (from, to) = (sourceLayout, destinationLayout)
        let dims = to.shape.dims
        let unit = dims.indices.filter { from.strides[$0] == 1 || to.strides[$0] == 1 }
        if let longest = unit.max(by: { dims[$0] < dims[$1] }), let last = dims.indices.last, dims[longest] >= 4 * dims[last] {
            let order = dims.indices.filter { $0 != longest } + [longest]
            func reordered(_ layout: StridedLayout) -> StridedLayout {
                StridedLayout(shape: Shape(order.map { layout.shape[$0] }), strides: order.map { layout.strides[$0] }, offset: layout.offset)
            }
            (from, to) = (reordered(from), reordered(to))
        }
        nest = LoopNest(shape: to.shape, layouts: [from, to])
        self.source = source.assumingMemoryBound(to: UInt32.self)
        self.destination = destination.assumingMemoryBound(to: UInt32.self)
    }

    func run() {
        let inner = nest.inner
        let (sourceStep, destinationStep) = (nest.stride(0, nest.rank - 1), nest.stride(1, nest.rank - 1))
        let rows = inner == 0 ? 0 : nest.count / inner
        var row = 0
        while row < rows {
            let (s, d) = (nest.rowOffset(0, row), nest.rowOffset(1, row))
            if sourceStep == 1 && destinationStep == 1 {
                (destination + d).update(from: source + s, count: inner)
            } else {
                var i = 0
                while i < inner {
                    destination[d + i * destinationStep] = source[s + i * sourceStep]
                    i += 1
                }
            }
            row += 1
        }
    }
}

/// A list of strided copies, after zero-filling the destination when asked (pad).
final class CopyStep: KernelStep {
    private let copies: Pinned<StridedCopy>
    private let zeroFill: (UnsafeMutableRawPointer, Int)?

    init(_ copies: [StridedCopy], zeroFill: (UnsafeMutableRawPointer, Int)? = nil) {
        self.copies = Pinned(copies)
        self.zeroFill = zeroFill
    }

    func run(_ pool: WorkerPool) {
        if let (pointer, bytes) = zeroFill { pointer.initializeMemory(as: UInt8.self, repeating: 0, count: bytes) }
        var index = 0
        while index < copies.count {
            copies[index].run()
            index += 1
        }
    }
}

/// The rows a gather or scatter-add addresses: a tensor viewed as `[outer, extent, inner]`
/// around the indexed axis, and `count` i32 indices into `extent`.
struct IndexedRows {
    let indices: UnsafeMutablePointer<Int32>
    let outer: Int, extent: Int, count: Int, inner: Int
    let site: KernelSite

    init(indices: UnsafeMutablePointer<Int32>, count: Int, shape: Shape, axis: Int, site: KernelSite) {
        self.indices = indices
        outer = shape.dims[..<axis].reduce(1, *)
        extent = shape[axis]
        self.count = count
        inner = shape.dims[(axis + 1)...].reduce(1, *)
        self.site = site
    }

    /// Throws for the first index outside `0..<extent`.
    func validate() throws(BackendError) {
        var position = 0
        while position < count {
            let row = Int(indices[position])
            guard row >= 0, row < extent else { throw site.error("index \(row) is outside 0..<\(extent)") }
            position += 1
        }
    }

    /// Element offset of row `position` (of the indices) in block `block` of the indexed tensor.
    @inline(__always)
    func indexedRow(_ block: Int, _ position: Int) -> Int { (block * extent + Int(indices[position])) * inner }

    /// Element offset of row `position` in block `block` of the compact tensor (one row per index).
    @inline(__always)
    func compactRow(_ block: Int, _ position: Int) -> Int { (block * count + position) * inner }
}

/// numpy `take(table, indices, axis)`: copies of the rows the indices name (an im2col's
/// patches when the table is a padded image), blocks spread over the pool.
final class GatherStep: KernelStep, ParallelJob {
    private let table: UnsafeMutablePointer<UInt32>
    private let output: UnsafeMutablePointer<UInt32>
    private let rows: IndexedRows
    private let parts: Int

    init(table: UnsafeMutableRawPointer, output: UnsafeMutableRawPointer, rows: IndexedRows, context: StepContext) {
        self.table = table.assumingMemoryBound(to: UInt32.self)
        self.output = output.assumingMemoryBound(to: UInt32.self)
        self.rows = rows
        parts = context.partitions(forWork: rows.outer * rows.count * rows.inner)
    }

    func run(_ pool: WorkerPool) throws(BackendError) {
        try rows.validate()
        pool.run(self, partitions: parts)
    }

    func runPartition(_ index: Int, of count: Int) {
        let inner = rows.inner
        let range = partition(rows.outer * rows.count, index, of: count)
        guard !range.isEmpty else { return }
        // Walk (block, position) along the range: no division per row (an im2col gathers
        // hundreds of thousands of rows of a few channels).
        var (block, position) = range.lowerBound.quotientAndRemainder(dividingBy: rows.count)
        var to = output + range.lowerBound * inner
        for _ in range {
            let from = table + rows.indexedRow(block, position)
            if inner <= 16 {
                // Short rows (a pixel's channels): a loop beats a call to memmove.
                var i = 0
                while i < inner {
                    to[i] = from[i]
                    i += 1
                }
            } else {
                to.update(from: from, count: inner)
            }
            to += inner
            position += 1
            if position == rows.count { (block, position) = (block + 1, 0) }
        }
    }
}

/// The adjoint of gather: zeros, then every source row added at the row its index names
/// (col2im for an im2col's patches). Blocks (the axes before the indexed one) are spread over
/// the pool; within a block rows are added in index order, so results do not depend on threads.
final class ScatterAddStep: KernelStep, ParallelJob {
    private let source: UnsafeMutablePointer<Float>
    private let output: UnsafeMutablePointer<Float>
    private let rows: IndexedRows
    private let kernels: vk_kernels
    private let parts: Int

    init(source: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>, rows: IndexedRows, context: StepContext) {
        self.source = source
        self.output = output
        self.rows = rows
        kernels = context.kernels
        parts = Swift.min(rows.outer, context.partitions(forWork: rows.outer * rows.count * rows.inner))
    }

    func run(_ pool: WorkerPool) throws(BackendError) {
        try rows.validate()
        pool.run(self, partitions: parts)
    }

    func runPartition(_ index: Int, of count: Int) {
        let inner = rows.inner
        for block in partition(rows.outer, index, of: count) {
            (output + block * rows.extent * inner).update(repeating: 0, count: rows.extent * inner)
            for position in 0..<rows.count {
                let destination = output + rows.indexedRow(block, position)
                let from = source + rows.compactRow(block, position)
                if inner >= 16 {
                    kernels.accumulate_sum(inner, from, destination)
                } else {
                    var i = 0
                    while i < inner {
                        destination[i] += from[i]
                        i += 1
                    }
                }
            }
        }
    }
}

/// Writes a constant's values (each run, when its bytes are shared with other slots).
final class ConstantStep: KernelStep {
    private let values: Pinned<UInt32>
    private let output: UnsafeMutablePointer<UInt32>

    init(_ constant: Constant, output: UnsafeMutableRawPointer) {
        values = Pinned(ConstantStep.bits(constant))
        self.output = output.assumingMemoryBound(to: UInt32.self)
    }

    func run(_ pool: WorkerPool) {
        output.update(from: values.base, count: values.count)
    }

    /// The constant's elements as 4-byte patterns.
    static func bits(_ constant: Constant) -> [UInt32] {
        switch constant {
        case .fill(let value, let type):
            let pattern = type.dtype == .f32 ? Float(value).bitPattern : UInt32(bitPattern: Int32(value))
            return [UInt32](repeating: pattern, count: type.shape.elementCount)
        case .tensor(let tensor):
            switch tensor.storage {
            case .f32(let values): return values.map(\.bitPattern)
            case .i32(let values): return values.map { UInt32(bitPattern: $0) }
            }
        }
    }
}
