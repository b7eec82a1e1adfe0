import COpenBLAS
import Foundation

/// The BLAS library polspec runs its products on: OpenBLAS, loaded when first needed with the
/// kernels ("core") chosen for this processor (`OpenBLASCore.preferred(for:)`) unless the
/// user set `OPENBLAS_CORETYPE`. OpenBLAS reads that variable once, when it loads, which is
/// why it is loaded at run time rather than linked (docs/performance.md#blas-core).
/// `POLSPEC_BLAS_LIBRARY` names another library with the CBLAS interface to load instead.
public struct BLASLibrary: Sendable {
    /// Who chose the core.
    public enum CoreChoice: Sendable, Equatable {
        /// `OPENBLAS_CORETYPE` was set in the environment.
        case user(String)
        /// polspec asked for this core, for this reason.
        case polspec(String, reason: String)
        /// The library chose (no preference for this processor, or not OpenBLAS).
        case library
    }

    /// The file the dynamic loader loaded.
    public let path: String
    /// `openblas_get_config()` ("OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH ..."), nil for other libraries.
    public let config: String?
    /// `openblas_get_corename()`: the kernels in use; nil for other libraries.
    public let core: String?
    public let choice: CoreChoice
    /// "pthreads", "OpenMP" or "sequential" (nil when the library does not say).
    public let threading: String?

    /// The library loaded by the first use, or why none could be loaded.
    public static let shared: Result<BLASLibrary, BLASLoadError> = load(environment: ProcessInfo.processInfo.environment)

    /// The loaded library. When none can be loaded, prints why to standard error and exits
    /// with status 3 (as if the dynamic linker had refused to start the program).
    public static func loaded() -> BLASLibrary {
        switch shared {
        case .success(let library): return library
        case .failure(let error):
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            exit(3)
        }
    }

    /// File names tried in order when `POLSPEC_BLAS_LIBRARY` is not set.
    static var candidates: [String] {
        #if os(macOS)
        return ["libopenblas.dylib", "/opt/homebrew/opt/openblas/lib/libopenblas.dylib", "/usr/local/opt/openblas/lib/libopenblas.dylib"]
        #else
        return ["libopenblas.so.0", "libopenblas.so"]
        #endif
    }

    private static func load(environment: [String: String]) -> Result<BLASLibrary, BLASLoadError> {
        let names = environment["POLSPEC_BLAS_LIBRARY"].map { [$0] } ?? candidates
        let choice: CoreChoice
        if let user = environment["OPENBLAS_CORETYPE"], !user.isEmpty {
            choice = .user(user)
        } else if let preferred = OpenBLASCore.preferred(for: .current) {
            choice = .polspec(preferred.name, reason: preferred.reason)
        } else {
            choice = .library
        }
        // OpenBLAS reads OPENBLAS_CORETYPE while it loads; the environment is restored after.
        if case .polspec(let core, _) = choice { setenv("OPENBLAS_CORETYPE", core, 1) }
        defer { if case .polspec = choice { unsetenv("OPENBLAS_CORETYPE") } }
        var errors: [String] = []
        for name in names {
            var message = [CChar](repeating: 0, count: 1024)
            if blas_open(name, &message, UInt(message.count)) == 0 {
                let threading: String?
                switch blas_parallel() {
                case 0: threading = "sequential"
                case 1: threading = "pthreads"
                case 2: threading = "OpenMP"
                default: threading = nil
                }
                return .success(BLASLibrary(path: blas_path().map { String(cString: $0) } ?? name,
                                            config: blas_config().map { String(cString: $0) },
                                            core: blas_corename().map { String(cString: $0) },
                                            choice: blas_corename() == nil ? .library : choice, threading: threading))
            }
            errors.append(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return .failure(BLASLoadError(names: names, reasons: errors))
    }

    /// Sets the library's own thread count (polspec keeps it at 1 and splits products itself).
    static func setThreads(_ threads: Int) { _ = blas_set_threads(Int32(threads)) }

    /// The core polspec would choose on `cpu` when its kernels are wider than `core`'s (an
    /// `OPENBLAS_CORETYPE` that holds the processor back), else nil.
    public static func widerCore(than core: String, on cpu: CPU) -> (name: String, reason: String)? {
        guard let preferred = OpenBLASCore.preferred(for: cpu), let wanted = OpenBLASCore.level(of: preferred.name),
              let running = OpenBLASCore.level(of: core), running < wanted else { return nil }
        return preferred
    }

    /// One line for reports: `OpenBLAS 0.3.21 (pthreads), core Haswell (chosen by polspec: ...)`.
    public var summary: String {
        let version = config.map { $0.split(separator: " ").prefix(2).joined(separator: " ") } ?? "CBLAS library"
        var text = version + (threading.map { " (\($0))" } ?? "") + " from \(path)"
        guard let core else { return text }
        text += ", core \(core)"
        switch choice {
        case .user(let asked):
            text += asked.caseInsensitiveCompare(core) == .orderedSame
                ? " (OPENBLAS_CORETYPE=\(asked))" : " (OPENBLAS_CORETYPE=\(asked) asked for; OpenBLAS chose \(core))"
            if let better = Self.widerCore(than: core, on: .current) {
                text += "; without OPENBLAS_CORETYPE polspec would load \(better.name) (\(better.reason))"
            }
        case .polspec(let asked, let reason):
            text += asked.caseInsensitiveCompare(core) == .orderedSame
                ? " (chosen by polspec: \(reason))" : " (polspec asked for \(asked): \(reason); this OpenBLAS chose \(core))"
        case .library:
            text += " (the library's own choice)"
        }
        return text
    }
}

/// No BLAS library could be loaded.
public struct BLASLoadError: Error, CustomStringConvertible, Sendable {
    public let names: [String]
    public let reasons: [String]

    public var description: String {
        "cannot load OpenBLAS (tried \(names.joined(separator: ", ")): \(reasons.last ?? "not found")); "
            + "install it (Debian/Ubuntu: apt-get install libopenblas0-pthread) or set POLSPEC_BLAS_LIBRARY to its path"
    }
}
