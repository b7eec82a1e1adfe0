import CPUKernels
import Compiler

/// Sum, mean or max of an f32 value over some axes, the value produced tile by tile by its
/// fused elementwise prologue (or read through a view) and never stored. The input shape is
/// viewed as `[K1, R, K2]` (kept, reduced, kept axes, each merged); patterns with reduced
/// axes that are not adjacent after merging are reduced by a general loop. Work is split by
/// output element, each reduced in a fixed order, so results do not depend on the threads.
final class ReductionStep: KernelStep, ParallelJob {
    private let reduction: Reduction
    private let source: ElementwiseProgram
    private let output: UnsafeMutablePointer<Float>
    private let k1: Int, r: Int, k2: Int
    /// For shapes that are not `[K1, R, K2]`: the output offset of each input element.
    private let generalIndex: Pinned<Int>?
    private let scratch: Pinned<ElementwiseScratch>
    private let buffers: Pinned<UnsafeMutablePointer<Float>>
    private let kernels: vk_kernels
    private let parts: Int
    private let outputElements: Int
    /// Columns of K2 per work unit.
    private static let chunk = ElementwiseProgram.tile

    init(reduction: Reduction, axes: [Int], inputShape: Shape, source: ElementwiseProgram, output: UnsafeMutablePointer<Float>,
         context: StepContext) {
        self.reduction = reduction
        self.source = source
        self.output = output
        kernels = context.kernels
        outputElements = Shape(inputShape.dims.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }).elementCount
        // Merge adjacent axes of the same kind (extent-1 axes go with anything).
        var groups: [(extent: Int, reduced: Bool)] = []
        for (axis, extent) in inputShape.dims.enumerated() where extent != 1 {
            let reduced = axes.contains(axis)
            if let last = groups.last, last.reduced == reduced {
                groups[groups.count - 1].extent *= extent
            } else {
                groups.append((extent, reduced))
            }
        }
        let reducedGroups = groups.indices.filter { groups[$0].reduced }
        if reducedGroups.count <= 1 {
            let split = reducedGroups.first ?? groups.count
            k1 = groups[..<split].reduce(1) { $0 * $1.extent }
            r = reducedGroups.first.map { groups[$0].extent } ?? 1
            k2 = split < groups.count ? groups[(split + 1)...].reduce(1) { $0 * $1.extent } : 1
            generalIndex = nil
        } else {
            (k1, r, k2) = (1, 1, 1)
            let kept = Shape(inputShape.dims.enumerated().map { axes.contains($0.offset) ? 1 : $0.element })
            let layout = StridedLayout(contiguous: kept).broadcast(to: inputShape)!
            generalIndex = Pinned((0..<inputShape.elementCount).map { layout.elementOffset($0) })
        }
        let units = generalIndex == nil ? k1 * ((k2 + Self.chunk - 1) / Self.chunk) : 1
        parts = generalIndex == nil ? Swift.min(units, context.partitions(forWork: inputShape.elementCount)) : 1
        scratch = Pinned((0..<Swift.max(parts, 1)).map { _ in source.makeScratch() })
        buffers = Pinned((0..<Swift.max(parts, 1)).map { _ in
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: Self.chunk + 8)
            buffer.initialize(repeating: 0, count: Self.chunk + 8)
            return buffer
        })
    }

    deinit { for index in 0..<buffers.count { buffers[index].deallocate() } }

    func run(_ pool: WorkerPool) {
        if let generalIndex {
            runGeneral(generalIndex)
        } else {
            pool.run(self, partitions: parts)
        }
    }

    func runPartition(_ index: Int, of count: Int) {
        let chunks = (k2 + Self.chunk - 1) / Self.chunk
        let tile = buffers[index]
        let start: Float = reduction == .max ? -.infinity : 0
        for unit in partition(k1 * chunks, index, of: count) {
            let (outer, chunk) = (unit / chunks, unit % chunks)
            if k2 == 1 {
                // One output element: reduce the row [outer, 0..<r], a tile at a time.
                var value = start
                var done = 0
                while done < r {
                    let n = Swift.min(Self.chunk, r - done)
                    let base = outer * r + done
                    source.run(base ..< base + n, scratch[index], into: tile)
                    if reduction == .max {
                        value = Swift.max(value, kernels.maximum(n, tile))
                    } else {
                        value += kernels.sum(n, tile)
                    }
                    done += n
                }
                output[outer] = reduction == .mean ? value / Float(r) : value
            } else {
                // A chunk of K2 columns accumulated over the r rows.
                let first = chunk * Self.chunk
                let n = Swift.min(Self.chunk, k2 - first)
                let out = output + outer * k2 + first
                out.update(repeating: start, count: n)
                // Narrow rows (a bias gradient's [pixels, channels]): several rows per program run.
                let rowsPerRun = n == k2 ? Swift.max(1, Self.chunk / k2) : 1
                var row = 0
                while row < r {
                    let rows = Swift.min(rowsPerRun, r - row)
                    let base = (outer * r + row) * k2 + first
                    source.run(base ..< base + (rows - 1) * k2 + n, scratch[index], into: tile)
                    for j in 0..<rows {
                        if reduction == .max {
                            kernels.accumulate_max(n, tile + j * k2, out)
                        } else {
                            kernels.accumulate_sum(n, tile + j * k2, out)
                        }
                    }
                    row += rows
                }
                if reduction == .mean { kernels.scale(n, out, 1 / Float(r), out) }
            }
        }
    }

    /// Any axes: accumulate every input element into its output element, in input order.
    private func runGeneral(_ index: Pinned<Int>) {
        let total = index.count
        let outputCount = outputElements
        output.update(repeating: reduction == .max ? -.infinity : 0, count: outputCount)
        var counts = outputCount > 0 ? total / outputCount : 0
        if counts == 0 { counts = 1 }
        var done = 0
        let tile = buffers[0]
        while done < total {
            let n = Swift.min(Self.chunk, total - done)
            source.run(done ..< done + n, scratch[0], into: tile)
            var i = 0
            while i < n {
                let j = index[done + i]
                output[j] = reduction == .max ? Swift.max(output[j], tile[i]) : output[j] + tile[i]
                i += 1
            }
            done += n
        }
        if reduction == .mean {
            var j = 0
            while j < outputCount {
                output[j] /= Float(counts)
                j += 1
            }
        }
    }
}
