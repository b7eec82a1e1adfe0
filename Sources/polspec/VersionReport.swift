import Backends

/// `polspec --version --verbose`: the version, then what the kernels run on (the processor,
/// the BLAS library and its core, the vector kernels).
enum VersionReport {
    /// True for the arguments `--version --verbose` (either order).
    static func asked(_ arguments: [String]) -> Bool {
        arguments.count == 2 && Set(arguments) == ["--version", "--verbose"]
    }

    static var text: String {
        (["polspec \(Polspec.version)"] + KernelPlatform.lines()).joined(separator: "\n")
    }
}
