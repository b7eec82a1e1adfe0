import CPUKernels

/// The instruction set polspec's own vector kernels (elementwise, row, reduction and attention
/// softmax kernels) run with. All three are compiled into every x86-64 binary; an executable
/// picks one when it is prepared (the widest the processor runs, unless asked otherwise), so
/// one binary serves every machine and tests can run each path on the same one.
public enum VectorISA: String, CaseIterable, Sendable, Comparable {
    /// 16 floats per register (AVX-512 F, DQ, BW, VL).
    case avx512
    /// 8 floats with FMA (AVX2).
    case avx2
    /// 4 floats in portable C vectors (SSE2 or NEON).
    case generic

    public static func < (a: VectorISA, b: VectorISA) -> Bool { a.level < b.level }

    /// The widest instruction set this processor and this build run.
    public static let best: VectorISA = allCases.filter(\.isSupported).max()!

    /// True when this build has the kernels and this processor (and OS) can run them.
    public var isSupported: Bool {
        guard vk_kernels_for_level(Int32(level)) != nil else { return false }
        switch self {
        case .avx512: return CPU.current.vectorLevel >= .avx512
        case .avx2: return CPU.current.vectorLevel >= .avx2
        case .generic: return true
        }
    }

    /// Floats per vector register.
    public var width: Int { Int(kernels.pointee.width) }

    /// The kernel table (the instruction set must be supported).
    var kernels: UnsafePointer<vk_kernels> {
        guard isSupported, let table = vk_kernels_for_level(Int32(level)) else {
            preconditionFailure("vector kernels \(rawValue) cannot run on this processor (\(CPU.current.vectorLevel))")
        }
        return table
    }

    private var level: Int {
        switch self {
        case .generic: return 0
        case .avx2: return 1
        case .avx512: return 2
        }
    }
}
