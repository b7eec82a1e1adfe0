/// Two linear layers with an activation between (timm `Mlp`): `fc2(act(fc1(x)))`.
/// Parameters `fc1.weight` [hidden, in], `fc1.bias`, `fc2.weight` [out, hidden], `fc2.bias`.
public struct MLP {
    public let scope: Scope
    public let fc1: Linear
    public let fc2: Linear
    public let activation: Activation

    public init(_ scope: Scope, inFeatures: Int, hiddenFeatures: Int, outFeatures: Int? = nil,
                activation: Activation = .gelu, bias: Bool = true) {
        self.scope = scope
        self.activation = activation
        fc1 = Linear(scope.child("fc1"), inFeatures: inFeatures, outFeatures: hiddenFeatures, bias: bias)
        fc2 = Linear(scope.child("fc2"), inFeatures: hiddenFeatures, outFeatures: outFeatures ?? inFeatures, bias: bias)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        fc2(scope.enter { activation(fc1(x)) })
    }
}
