/// `y = x Wᵀ + b` over the last axis (PyTorch `nn.Linear`). Parameters `weight` [out, in]
/// and `bias` [out]; default initialisation as PyTorch: weight kaiming-uniform (a = √5),
/// bias uniform(±1/√in).
public struct Linear {
    public let scope: Scope
    public let inFeatures: Int
    public let outFeatures: Int
    public let weight: Tensor
    public let bias: Tensor?

    /// Declares `scope.weight` (and `scope.bias` when `bias`), with optional initialiser overrides.
    public init(_ scope: Scope, inFeatures: Int, outFeatures: Int, bias: Bool = true,
                weightInit: Initializer? = nil, biasInit: Initializer? = nil) {
        self.scope = scope
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        weight = scope.parameter("weight", [outFeatures, inFeatures], weightInit ?? .pytorchWeight(fanIn: inFeatures))
        self.bias = bias ? scope.parameter("bias", [outFeatures], biasInit ?? .pytorchBias(fanIn: inFeatures)) : nil
    }

    /// Applies the layer to `x` [..., in], giving [..., out].
    public func callAsFunction(_ x: Tensor) -> Tensor {
        scope.enter {
            let matrix = x.rank == 1 ? x.reshaped([1, inFeatures]) : x
            var y = matrix.matmul(weight, transposeB: true)
            if let bias { y = y + bias }
            return x.rank == 1 ? y.reshaped([outFeatures]) : y
        }
    }
}
