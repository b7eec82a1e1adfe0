import Compiler

/// A program prepared for the reference backend: each input and parameter keeps its bytes in
/// a buffer of its own; every run evaluates the whole program with `ReferenceBackend`'s plain
/// loops in `Scalar` precision, then applies the program's state updates. Slow and obviously
/// correct: the oracle the fast backends' runs are compared with.
public final class ReferenceExecutable<Scalar: ReferenceScalar>: Executable {
    public let program: Program
    private var bindings: [String: (type: TensorType, bytes: UnsafeMutableRawBufferPointer)] = [:]
    private var outputs: [String: HostTensor] = [:]

    /// Prepares `program`; every input and parameter starts as zeros.
    public init(program: Program) {
        self.program = program
        for binding in program.inputs + program.parameters {
            let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: binding.type.shape.elementCount * binding.type.dtype.byteSize,
                                                               alignment: 16)
            bytes.initializeMemory(as: UInt8.self, repeating: 0)
            bindings[binding.name] = (binding.type, bytes)
        }
    }

    deinit {
        for binding in bindings.values { binding.bytes.deallocate() }
    }

    public func set(_ name: String, _ tensor: HostTensor) throws(BackendError) {
        guard let binding = bindings[name] else { throw .unknownFeed(name: name) }
        guard tensor.type == binding.type else { throw .feedTypeMismatch(name: name, expected: binding.type, got: tensor.type) }
        tensor.withUnsafeBytes { binding.bytes.copyMemory(from: $0) }
    }

    @discardableResult
    public func withBinding<R>(_ name: String, _ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R? {
        guard let binding = bindings[name] else { return nil }
        return try body(binding.bytes)
    }

    public func run() throws(BackendError) {
        let feeds = bindings.mapValues { ReferenceTensor<Scalar>(HostTensor($0.type, bytes: UnsafeRawBufferPointer($0.bytes))) }
        outputs = try ReferenceBackend<Scalar>().evaluate(program, feeds: feeds).mapValues(\.host)
        for update in program.stateUpdates {
            guard let value = outputs[update.output], let binding = bindings[update.binding] else { continue }
            value.withUnsafeBytes { binding.bytes.copyMemory(from: $0) }
        }
    }

    public func withOutput<R>(_ name: String, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R? {
        guard let value = outputs[name] else { return nil }
        return try value.withUnsafeBytes(body)
    }

    public func output(_ name: String) -> HostTensor? { outputs[name] }

    public func binding(_ name: String) -> HostTensor? {
        bindings[name].map { HostTensor($0.type, bytes: UnsafeRawBufferPointer($0.bytes)) }
    }
}
