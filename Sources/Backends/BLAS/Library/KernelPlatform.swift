/// What polspec's kernels run on in this process: the processor, the BLAS library and its
/// core, and the vector kernels' instruction set. `polspec --version --verbose`, `polspec
/// build` and `polspec perf` print it.
public enum KernelPlatform {
    /// `CPU: ...`, `BLAS: ...` and `vector kernels: ...` lines.
    public static func lines(vectorISA: VectorISA = .best) -> [String] {
        let blas: String
        switch BLASLibrary.shared {
        case .success(let library): blas = library.summary
        case .failure(let error): blas = "not loaded: \(error.description)"
        }
        let supported = VectorISA.allCases.filter(\.isSupported).map(\.rawValue).joined(separator: ", ")
        return ["CPU: \(CPU.current.summary)", "BLAS: \(blas)",
                "vector kernels: \(vectorISA.rawValue) (\(vectorISA.width) floats per register; this processor runs \(supported))"]
    }
}
