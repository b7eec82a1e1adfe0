import CPUKernels

/// The processor polspec runs on, as cpuid reports it, and the vector instruction sets it and
/// the operating system support. On other architectures than x86-64 only `generic` kernels
/// apply and the identification is empty.
public struct CPU: Hashable, Sendable {
    /// An instruction-set feature that matters for the kernels (cpuid flags and the OS's
    /// XCR0 state bits).
    public enum Feature: String, CaseIterable, Hashable, Sendable, Comparable {
        case sse4_2, avx, fma, avx2
        case avx512f, avx512dq, avx512cd, avx512bw, avx512vl, avx512_bf16, avx512_fp16, avx512_vnni
        case amx_tile, amx_bf16
        /// The OS saves the ymm (AVX) and the zmm and opmask (AVX-512) registers.
        case osYMM = "os_ymm", osZMM = "os_zmm"

        public static func < (a: Feature, b: Feature) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    /// The widest vector instructions usable: the processor has them and the OS saves their registers.
    public enum VectorLevel: Int, Comparable, Sendable, CustomStringConvertible {
        case sse, avx, avx2, avx512

        public static func < (a: VectorLevel, b: VectorLevel) -> Bool { a.rawValue < b.rawValue }

        public var description: String {
            switch self {
            case .sse: return "SSE"
            case .avx: return "AVX"
            case .avx2: return "AVX2+FMA"
            case .avx512: return "AVX-512"
            }
        }
    }

    /// "GenuineIntel", "AuthenticAMD", ...
    public var vendor: String
    /// The name the processor gives itself ("AMD EPYC", "Intel(R) Xeon(R) Platinum 8480+").
    public var brand: String
    public var family: Int
    public var model: Int
    public var stepping: Int
    public var features: Set<Feature>

    public init(vendor: String, brand: String = "", family: Int, model: Int, stepping: Int = 0, features: Set<Feature>) {
        self.vendor = vendor
        self.brand = brand
        self.family = family
        self.model = model
        self.stepping = stepping
        self.features = features
    }

    /// The processor this process runs on.
    public static let current: CPU = {
        var identity = cpu_identity()
        cpu_identify(&identity)
        var features: Set<Feature> = []
        let flags: [(Bool, Feature)] = [
            (identity.sse4_2, .sse4_2), (identity.avx, .avx), (identity.fma, .fma), (identity.avx2, .avx2),
            (identity.avx512f, .avx512f), (identity.avx512dq, .avx512dq), (identity.avx512cd, .avx512cd),
            (identity.avx512bw, .avx512bw), (identity.avx512vl, .avx512vl), (identity.avx512_bf16, .avx512_bf16),
            (identity.avx512_fp16, .avx512_fp16), (identity.avx512_vnni, .avx512_vnni), (identity.amx_tile, .amx_tile),
            (identity.amx_bf16, .amx_bf16), (identity.os_saves_ymm, .osYMM), (identity.os_saves_zmm, .osZMM),
        ]
        for (present, feature) in flags where present { features.insert(feature) }
        return CPU(vendor: string(identity.vendor), brand: string(identity.brand), family: Int(identity.family),
                   model: Int(identity.model), stepping: Int(identity.stepping), features: features)
    }()

    /// The C string in a fixed-size char array.
    private static func string<T>(_ tuple: T) -> String {
        withUnsafeBytes(of: tuple) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    /// The widest vector instructions the processor and the OS support.
    public var vectorLevel: VectorLevel {
        let avx512: Set<Feature> = [.avx512f, .avx512dq, .avx512cd, .avx512bw, .avx512vl, .osZMM, .osYMM]
        if avx512.isSubset(of: features) && features.contains(.fma) { return .avx512 }
        if features.isSuperset(of: [.avx2, .fma, .osYMM]) { return .avx2 }
        if features.isSuperset(of: [.avx, .osYMM]) { return .avx }
        return .sse
    }

    /// The microarchitecture from the family table (`Zen 4`, `Sapphire Rapids`), when known.
    public var microarchitecture: String? { CPUModels.microarchitecture(of: self) }

    /// `AMD EPYC (AuthenticAMD family 25 model 17 stepping 1: Zen 4); AVX-512: avx512f, ...`.
    public var summary: String {
        let name = brand.isEmpty ? vendor : brand
        let where_ = microarchitecture.map { ": \($0)" } ?? ""
        let listed = features.filter { $0 != .osYMM && $0 != .osZMM }.sorted().map(\.rawValue).joined(separator: " ")
        return "\(name) (\(vendor) family \(family) model \(model) stepping \(stepping)\(where_)); \(vectorLevel): \(listed)"
    }
}
