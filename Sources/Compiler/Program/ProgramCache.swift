import Foundation

/// Compiled programs by batch size. Shapes are static, so a policy needs one program per batch
/// size it runs at; the cache builds the graph for a batch size with `make`, compiles it once
/// and hands out the same compilation afterwards. Safe to share between threads.
public final class ProgramCache: @unchecked Sendable {
    private let make: @Sendable (Int) throws -> Graph
    private let options: CompileOptions
    private let lock = NSLock()
    private var compilations: [Int: Compilation] = [:]

    /// `make` builds the graph for a batch size; `options` apply to every compilation.
    public init(options: CompileOptions = .optimized, make: @escaping @Sendable (Int) throws -> Graph) {
        self.make = make
        self.options = options
    }

    /// The compilation for `batch`, compiled on first use.
    public func compilation(batch: Int) throws -> Compilation {
        lock.lock()
        defer { lock.unlock() }
        if let cached = compilations[batch] { return cached }
        let compilation = try compile(try make(batch), options: options)
        compilations[batch] = compilation
        return compilation
    }

    /// The program for `batch`.
    public func program(batch: Int) throws -> Program { try compilation(batch: batch).program }

    /// Batch sizes compiled so far.
    public var batchSizes: [Int] {
        lock.lock()
        defer { lock.unlock() }
        return compilations.keys.sorted()
    }
}
