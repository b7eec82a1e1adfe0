/// A lookup table (PyTorch `nn.Embedding`): row `i` of `weight` [count, dim] for index `i`.
/// Default initialisation N(0, 1) as PyTorch; transformers usually override with N(0, 0.02).
public struct Embedding {
    public let scope: Scope
    public let weight: Tensor

    public init(_ scope: Scope, count: Int, dim: Int, initializer: Initializer = .normal(mean: 0, std: 1)) {
        self.scope = scope
        weight = scope.parameter("weight", [count, dim], initializer)
    }

    /// The rows for i32 `indices` [...], giving [..., dim]. Indices outside the table fail
    /// at run time (or when the graph is verified, for constant indices).
    public func callAsFunction(_ indices: Tensor) -> Tensor {
        scope.enter { gather(weight, indices, axis: 0) }
    }
}
