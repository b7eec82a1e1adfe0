/// OpenBLAS's kernel sets ("cores", as `openblas_get_corename()` and `OPENBLAS_CORETYPE` name
/// them), the vector instructions each one's kernels use, and the core polspec asks for on a
/// processor (docs/performance.md#blas-core).
public enum OpenBLASCore {
    /// Cores by the vector instructions of their sgemm kernels (OpenBLAS 0.3.x).
    static let levels: [String: CPU.VectorLevel] = [
        "katmai": .sse, "coppermine": .sse, "northwood": .sse, "prescott": .sse, "banias": .sse, "atom": .sse,
        "core2": .sse, "penryn": .sse, "dunnington": .sse, "nehalem": .sse, "athlon": .sse, "opteron": .sse,
        "opteron(sse3)": .sse, "barcelona": .sse, "nano": .sse, "bobcat": .sse,
        "sandybridge": .avx, "bulldozer": .avx, "piledriver": .avx, "steamroller": .avx, "excavator": .avx,
        "haswell": .avx2, "zen": .avx2,
        "skylakex": .avx512, "cooperlake": .avx512, "sapphirerapids": .avx512,
    ]

    /// The vector instructions of core `name`'s kernels (any letter case), nil for a name
    /// polspec does not know.
    public static func level(of name: String) -> CPU.VectorLevel? { levels[name.lowercased()] }

    /// The core polspec asks OpenBLAS for on `cpu`, and why: the measured choice of the
    /// processor's family where there is one (`CPUModels`), else the widest kernels its
    /// features and the OS allow — Cooperlake (AVX-512 with BF16) or SkylakeX (AVX-512),
    /// Zen (AMD) or Haswell (AVX2 + FMA), Sandybridge (AVX). Nil for SSE-only processors, where
    /// OpenBLAS's own choice stands.
    public static func preferred(for cpu: CPU) -> (name: String, reason: String)? {
        if let measured = CPUModels.entry(of: cpu)?.core, let needs = level(of: measured.name), needs <= cpu.vectorLevel {
            return measured
        }
        switch cpu.vectorLevel {
        case .avx512:
            return cpu.features.contains(.avx512_bf16)
                ? ("Cooperlake", "the processor has AVX-512 with BF16") : ("SkylakeX", "the processor has AVX-512")
        case .avx2:
            let amd = cpu.vendor == CPUModels.amd || cpu.vendor == CPUModels.hygon
            return (amd ? "Zen" : "Haswell", "the processor has AVX2 and FMA")
        case .avx:
            return ("Sandybridge", "the processor has AVX")
        case .sse:
            return nil
        }
    }
}
