import Compiler

/// A backend runs `Program`s (ggml-style split: the compiler decides what to compute, the
/// backend how). It states which ops it has kernels for, so a caller can lower composites
/// or pick another backend before running.
public protocol Backend: Sendable {
    /// What ``prepare(_:)`` returns.
    associatedtype Prepared: Executable

    /// Short name for reports (`reference`, `blas`).
    var name: String { get }

    /// True when this backend has a kernel for `op`.
    func supports(_ op: Op) -> Bool

    /// An executable of `program` to bind and run repeatedly.
    func prepare(_ program: Program) -> Prepared
}

extension Backend {
    /// Runs `program` once. `feeds` holds every input and every parameter, by name, with
    /// exactly the bound type; the result holds every output by name.
    public func run(_ program: Program, feeds: [String: HostTensor]) throws(BackendError) -> [String: HostTensor] {
        try program.validateFeeds(feeds.mapValues(\.type))
        return try prepare(program).run(feeds: feeds)
    }
}

extension Backend {
    /// The calls of `program` this backend has no kernel for (empty when it can run it): a
    /// fused kernel is supported when every op of its region is.
    public func unsupportedCalls(in program: Program) -> [Program.KernelCall] {
        program.calls.filter { call in !call.kernel.ops.allSatisfy(supports) }
    }
}

extension Program {
    /// Checks that `feeds` (name -> type) fills every input and parameter with exactly its
    /// bound type and names nothing else; throws the first problem, bindings in program order.
    public func validateFeeds(_ feeds: [String: TensorType]) throws(BackendError) {
        for binding in inputs + parameters {
            guard let type = feeds[binding.name] else { throw .missingFeed(name: binding.name, expected: binding.type) }
            guard type == binding.type else { throw .feedTypeMismatch(name: binding.name, expected: binding.type, got: type) }
        }
        let bound = Set((inputs + parameters).map(\.name))
        if let extra = feeds.keys.sorted().first(where: { !bound.contains($0) }) { throw .unknownFeed(name: extra) }
    }
}
