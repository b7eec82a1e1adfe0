import Foundation

/// Standard output is checked like any other output: when the text cannot be written (a full
/// disk, `> /dev/full`) the command fails with exit status 3 instead of reporting success.
enum StandardOutput {
    /// Flushes standard output; on a failed write (now or in an earlier flush) prints `error:`
    /// on stderr and exits 3.
    static func flushOrFail() {
        guard let stream = cStandardOutput() else { return }
        let flushFailed = fflush(stream) != 0
        let reason = String(cString: strerror(errno))
        guard flushFailed || ferror(stream) != 0 else { return }
        FileHandle.standardError.write(Data("error: cannot write to standard output: \(reason)\n".utf8))
        Foundation.exit(ExitStatus.runtimeFailure)
    }

    /// The C library's `stdout` stream, which `print` writes to. Swift 6 refuses to read the
    /// imported global variable directly (shared mutable state), so its address is looked up;
    /// only the main thread calls this, after the command ran.
    private static func cStandardOutput() -> UnsafeMutablePointer<FILE>? {
        guard let address = dlsym(nil, "stdout") else { return nil }
        return address.load(as: UnsafeMutablePointer<FILE>?.self)
    }
}
