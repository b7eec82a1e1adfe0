import CPUKernels
import Compiler

/// One prepared kernel of a `BLASExecutable`: pointers into the arena, loop nests and BLAS
/// parameters computed once, so that running it allocates nothing.
protocol KernelStep: AnyObject {
    func run(_ pool: WorkerPool) throws(BackendError)
    /// The BLAS products the step performs per run (for `polspec perf`'s matmul rates).
    var gemms: [GEMMShape] { get }
    /// Work that depends only on the weights (packing a GEMM's B), run with the invariant
    /// calls whenever the weights change.
    var weightPreparation: (any KernelStep)? { get }
}

extension KernelStep {
    var gemms: [GEMMShape] { [] }
    var weightPreparation: (any KernelStep)? { nil }
}

/// One BLAS product shape a step calls, and how many times per run.
public struct GEMMShape: Hashable, Sendable, CustomStringConvertible {
    public var m: Int
    public var n: Int
    public var k: Int
    public var transposeA: Bool
    public var transposeB: Bool
    public var calls: Int
    /// Which B operand the calls read (its address; 0 when unknown), so a replay can share B
    /// buffers exactly where the program does (a weight used by every step of a loop).
    public var operandB: Int = 0
    /// The kernel that runs it: "openblas", or polspec's "packed", "packed per run", "in place"
    /// or "row-vector" (`GemmStep.Kernel`).
    public var kernel = "openblas"

    /// Floating-point operations of all the calls (2 M N K each).
    public var flops: Int { 2 * m * n * k * calls }

    /// `64x768x256 NT x4`, and the kernel when it is polspec's own (`64x768x256 NN packed`).
    public var description: String {
        "\(m)x\(n)x\(k) \(transposeA ? "T" : "N")\(transposeB ? "T" : "N")" + (calls > 1 ? " x\(calls)" : "")
            + (kernel == "openblas" ? "" : " \(kernel)")
    }
}

/// Where a kernel comes from (its call's node, kernel name and scope), for run-time errors.
struct KernelSite {
    let node: ValueID
    let op: String
    let scope: String

    /// The error naming this kernel.
    func error(_ message: String) -> BackendError {
        .invalidValue(node: node, op: op, scope: scope, message: message)
    }
}

/// What every step builder gets: the arena, the pool size, the vector kernels and where each
/// slot lives.
struct StepContext {
    let program: Program
    let arena: UnsafeMutableRawPointer
    let threads: Int
    let kernels: vk_kernels
    /// Use polspec's own product kernels (packed GEMM, row-vector kernel) where they apply.
    let ownProducts: Bool
    /// Arena byte ranges that keep their values from run to run (weights, invariant results,
    /// constants), empty when the program updates its weights.
    let constantRanges: [Range<Int>]

    /// This context with no constant ranges (nothing packed).
    var withoutConstantRanges: StepContext {
        StepContext(program: program, arena: arena, threads: threads, kernels: kernels, ownProducts: ownProducts, constantRanges: [])
    }

    /// True when `count` floats at `pointer` lie in one constant range.
    func isConstantAcrossRuns(_ pointer: UnsafeMutablePointer<Float>, count: Int) -> Bool {
        let start = UnsafeMutableRawPointer(pointer) - arena
        return constantRanges.contains { $0.contains(start) && start + count * MemoryLayout<Float>.stride <= $0.upperBound }
    }

    /// The f32 view of slot `slot`.
    func floats(_ slot: SlotID) -> UnsafeMutablePointer<Float> {
        (arena + program.slots[slot.index].offset).assumingMemoryBound(to: Float.self)
    }

    /// The i32 view of slot `slot`.
    func ints(_ slot: SlotID) -> UnsafeMutablePointer<Int32> {
        (arena + program.slots[slot.index].offset).assumingMemoryBound(to: Int32.self)
    }

    func type(_ slot: SlotID) -> TensorType { program.slots[slot.index].type }

    /// Partitions worth using for `work` elementwise operations (small kernels run on one thread:
    /// waking a worker costs more than it saves).
    func partitions(forWork work: Int) -> Int {
        threads > 1 && work >= 1 << 15 ? threads : 1
    }
}

/// Splits `0..<count` into `parts` contiguous ranges; range `index`.
@inline(__always)
func partition(_ count: Int, _ index: Int, of parts: Int) -> Range<Int> {
    let start = count * index / parts
    let end = count * (index + 1) / parts
    return start..<end
}
