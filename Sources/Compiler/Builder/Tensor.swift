/// A value under construction in a `GraphBuilder`: the handle layer code passes around and
/// combines with operators (`a + b`, `x.matmul(w, transposeB: true)`, `gelu(x)`).
public struct Tensor {
    public let builder: GraphBuilder
    public let id: ValueID
    public let type: TensorType

    public var shape: Shape { type.shape }
    public var dtype: DType { type.dtype }
    public var rank: Int { type.shape.rank }
}

/// A naming scope for parameters and nodes: `root.child("encoders").child("vision")` names
/// parameters `encoders.vision.<name>` and records nodes built inside `enter` as belonging
/// to `encoders.vision`.
public struct Scope {
    public let builder: GraphBuilder
    /// Dot-separated path, empty at the root.
    public let path: String

    public init(builder: GraphBuilder, path: String) {
        self.builder = builder
        self.path = path
    }

    /// The sub-scope `path.name` (`name` may itself contain dots).
    public func child(_ name: String) -> Scope {
        Scope(builder: builder, path: qualified(name))
    }

    /// The full name of `name` in this scope.
    public func qualified(_ name: String) -> String {
        path.isEmpty ? name : "\(path).\(name)"
    }

    /// Declares parameter `path.name` (its node recorded in this scope).
    public func parameter(_ name: String, _ shape: Shape, _ initializer: Initializer) -> Tensor {
        enter { builder.parameter(qualified(name), shape, initializer: initializer) }
    }

    /// Runs `body` with new nodes recorded in this scope.
    public func enter<T>(_ body: () throws -> T) rethrows -> T {
        try builder.withScope(path, body)
    }
}
