import Compiler

/// A program prepared by a backend (``Backend/prepare(_:)``): bind inputs and parameters,
/// run as often as needed, read outputs. Inputs and parameters keep their values between
/// runs; the program's state updates (an optimiser's new weights) take effect at the end of
/// each run, so running a training program repeatedly trains.
///
/// Not thread-safe: run one executable from one thread at a time.
public protocol Executable: AnyObject {
    var program: Program { get }
    /// Copies `tensor` into the input or parameter `name`.
    func set(_ name: String, _ tensor: HostTensor) throws(BackendError)
    /// The bytes of input or parameter `name`, for filling in place (nil when there is no such
    /// binding).
    @discardableResult
    func withBinding<R>(_ name: String, _ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R?
    /// Runs the program once on the bound inputs and parameters.
    func run() throws(BackendError)
    /// The bytes of output `name` after a run (valid until the next run).
    func withOutput<R>(_ name: String, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R?
    /// Output `name` as a host tensor (a copy).
    func output(_ name: String) -> HostTensor?
    /// The current value of input or parameter `name` (after state updates).
    func binding(_ name: String) -> HostTensor?
}

extension Executable {
    /// Sets every input and parameter; `feeds` must name each exactly once with its type.
    public func set(_ feeds: [String: HostTensor]) throws(BackendError) {
        try program.validateFeeds(feeds.mapValues(\.type))
        for (name, tensor) in feeds { try set(name, tensor) }
    }

    /// Runs once with `feeds` bound and returns every output by name.
    public func run(feeds: [String: HostTensor]) throws(BackendError) -> [String: HostTensor] {
        try set(feeds)
        try run()
        var results: [String: HostTensor] = [:]
        for binding in program.outputs { results[binding.name] = output(binding.name) }
        return results
    }
}

extension HostTensor {
    /// A tensor of `type` read from `bytes` (f32 or i32, as `type` says).
    public init(_ type: TensorType, bytes: UnsafeRawBufferPointer) {
        switch type.dtype {
        case .f32: self.init(shape: type.shape, floats: Array(bytes.bindMemory(to: Float.self)))
        case .i32: self.init(shape: type.shape, ints: Array(bytes.bindMemory(to: Int32.self)))
        }
    }

    /// Calls `body` with the tensor's bytes.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        switch storage {
        case .f32(let values): return try values.withUnsafeBytes(body)
        case .i32(let values): return try values.withUnsafeBytes(body)
        }
    }
}
