import Compiler

/// The condition ports of a transformer head as one token sequence `[batch, tokens, dim]`, in
/// the order the spec lists them: every port's tokens (a vector port gives one token per
/// frame), each port projected to `dim` by `condition_proj.<i>` (Linear; `i` its position in
/// `condition`) where its width differs.
func projectedConditionTokens(_ conditions: [PortValue], dim: Int, scope: Scope) -> Tensor {
    scope.enter {
        let tokens = conditions.enumerated().map { index, port -> Tensor in
            let sequence = port.sequence
            guard port.port.width != dim else { return sequence }
            return Linear(scope.child("condition_proj.\(index)"), inFeatures: port.port.width, outFeatures: dim)(sequence)
        }
        return tokens.count == 1 ? tokens[0] : concat(tokens, axis: 1)
    }
}
