import Compiler

/// The fast CPU backend (DESIGN §5): cblas_sgemm/sgemv for every matmul, vectorised fused
/// elementwise and row kernels, blocked attention, and `threads` threads where it pays.
/// Results are deterministic for a fixed thread count. It runs every op the reference backend
/// runs.
///
/// `run(_:feeds:)` prepares an executable per call; to run a program repeatedly without
/// allocating, keep a `BLASExecutable` (`prepare`).
public struct BLASBackend: Backend, Sendable {
    public let threads: Int
    /// The instruction set of the vector kernels (default: the widest the processor runs).
    public let vectorISA: VectorISA

    public init(threads: Int = 1, vectorISA: VectorISA = .best) {
        self.threads = Swift.max(1, threads)
        self.vectorISA = vectorISA
    }

    public var name: String { "blas" }

    /// Every op has a kernel.
    public func supports(_ op: Op) -> Bool { true }

    /// An executable of `program` to bind and run repeatedly.
    public func prepare(_ program: Program) -> BLASExecutable {
        BLASExecutable(program: program, threads: threads, vectorISA: vectorISA)
    }
}
