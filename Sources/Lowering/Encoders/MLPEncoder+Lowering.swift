import Compiler
import SpecLang

/// `mlp` encoder: an `nn.Sequential` of `Linear`, (`LayerNorm`), activation per hidden
/// width, applied to the last axis of every vector or token of every frame. Parameters are
/// numbered by their position in the sequence, as PyTorch does: with `norm: none`,
/// `0.weight`, `2.weight`, ...; with `norm: layer`, `0` (Linear), `1` (LayerNorm), `3`, `4`, ...
extension MLPEncoder: SingleInputEncoderLowering {
    func lower(_ input: PortValue, output: Port, scope: Scope) -> PortValue {
        var x = input.tensor
        var width = input.port.width
        var index = 0
        for features in hidden {
            x = Linear(scope.child("\(index)"), inFeatures: width, outFeatures: features)(x)
            index += 1
            if norm == .layer {
                x = LayerNorm(scope.child("\(index)"), features: features)(x)
                index += 1
            }
            x = scope.enter { activation.layer(x) }
            index += 1
            width = features
        }
        return .checked(x, port: output, batch: input.batch)
    }
}

/// `proprio` encoder: `nn.Sequential(Linear(d_in, dim), LayerNorm(dim))` (parameters `0.*`,
/// `1.*`), or the Linear alone with `norm: none`.
extension ProprioEncoder: SingleInputEncoderLowering {
    func lower(_ input: PortValue, output: Port, scope: Scope) -> PortValue {
        var x = Linear(scope.child("0"), inFeatures: input.port.width, outFeatures: dim)(input.tensor)
        if norm == .layer { x = LayerNorm(scope.child("1"), features: dim)(x) }
        return .checked(x, port: output, batch: input.batch)
    }
}
