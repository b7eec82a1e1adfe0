/// Activation functions of MLPs and convolutions.
public enum Activation: String, SpecEnum, Sendable {
    case gelu, relu, silu
    /// GELU with the tanh approximation (PyTorch `nn.GELU(approximate="tanh")`).
    case geluTanh = "gelu_tanh"
}

/// Normalisation after each hidden layer.
public enum HiddenNorm: String, SpecEnum, Sendable {
    /// `LayerNorm` (weight and bias) after each hidden linear.
    case layer
    case none
}

/// Whether an encoder outputs its token sequence or one pooled vector.
public enum OutputForm: String, SpecEnum, Sendable {
    case tokens
    /// Mean over tokens (global average pool for grids).
    case vector
}

/// Position information added to transformer tokens.
public enum Positional: String, SpecEnum, Sendable {
    /// A learned table, one row per position.
    case learned
    /// Fixed sinusoids (no parameters).
    case sincos
    case none
}

/// "`a` divides `b`" messages for divisibility rules.
func divisionProblem(_ a: Int, _ aName: String, _ b: Int, _ bName: String) -> String? {
    b % a == 0 ? nil : "\(aName) (\(a)) does not divide \(bName) (\(b))"
}

/// "`low` ≤ `high`" messages for `[low, high]` pairs.
func orderProblem(_ pair: [Double], _ name: String, descending: Bool = false) -> String? {
    guard pair.count == 2 else { return nil }
    if descending {
        return pair[0] >= pair[1] ? nil : "\(name) must go from high to low: [\(JSONText.number(pair[0])), \(JSONText.number(pair[1]))] rises"
    }
    return pair[0] <= pair[1] ? nil : "\(name) must be [low, high], but \(JSONText.number(pair[0])) > \(JSONText.number(pair[1]))"
}

/// Cost of projecting each condition port to `dim` (a Linear when its width differs),
/// and the number of tokens the conditions give.
func conditionTokens(_ ports: [Port], dim: Int, cost: inout Cost) -> Int {
    var tokens = 0
    for port in ports {
        if port.width != dim { cost.linear(port.width, dim, rows: port.tokenCount) }
        tokens = Cost.add(tokens, port.tokenCount)
    }
    return tokens
}
