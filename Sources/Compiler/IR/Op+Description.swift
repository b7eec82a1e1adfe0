extension Op {
    /// Short op name used in dumps, DOT labels and error messages (`matmul`, `sum`, `layer_norm`).
    public var name: String {
        switch self {
        case .input: return "input"
        case .parameter: return "parameter"
        case .constant: return "constant"
        case .random: return "random"
        case .unary(let function): return function.name
        case .binary(let function): return function.rawValue
        case .compare(let comparison): return comparison.rawValue
        case .select: return "select"
        case .cast: return "cast"
        case .stopGradient: return "stop_gradient"
        case .reduce(let reduction, _, _): return reduction.rawValue
        case .matmul: return "matmul"
        case .reshape: return "reshape"
        case .permute: return "permute"
        case .broadcast: return "broadcast"
        case .slice: return "slice"
        case .pad: return "pad"
        case .concat: return "concat"
        case .gather: return "gather"
        case .scatterAdd: return "scatter_add"
        case .composite(let composite): return composite.name
        }
    }

    /// The op's attributes as text (empty when it has none): `axes=[1] keepdims`, `"state"`.
    public var attributes: String {
        switch self {
        case .input(let name, _), .parameter(let name, _): return "\"\(name)\""
        case .constant(.fill(let value, _)): return "fill=\(value)"
        case .constant(.tensor(let tensor)): return tensor.description
        case .random(let distribution, let seed, _):
            switch distribution {
            case .uniform(let low, let high): return "uniform(\(low), \(high)) seed=\(seed)"
            case .normal(let mean, let std): return "normal(\(mean), \(std)) seed=\(seed)"
            }
        case .unary(.pow(let exponent)): return "exponent=\(exponent)"
        case .cast(let dtype): return "to=\(dtype)"
        case .reduce(_, let axes, let keepDims): return "axes=\(axes)" + (keepDims ? " keepdims" : "")
        case .matmul(let transposeA, let transposeB):
            return [transposeA ? "transposeA" : nil, transposeB ? "transposeB" : nil].compactMap { $0 }.joined(separator: " ")
        case .reshape(let shape), .broadcast(let shape): return "\(shape)"
        case .permute(let permutation): return "\(permutation)"
        case .slice(let start, let end): return "start=\(start) end=\(end)"
        case .pad(let before, let after): return "before=\(before) after=\(after)"
        case .concat(let axis), .gather(let axis): return "axis=\(axis)"
        case .scatterAdd(let axis, let size): return "axis=\(axis) size=\(size)"
        case .composite(.layerNorm(let epsilon)), .composite(.rmsNorm(let epsilon)): return "eps=\(epsilon)"
        case .composite(.attention(let scale, let causal)): return "scale=\(scale)" + (causal ? " causal" : "")
        default: return ""
        }
    }
}

extension UnaryFunction {
    /// `exp`, `pow`, ...
    public var name: String {
        switch self {
        case .neg: return "neg"
        case .abs: return "abs"
        case .exp: return "exp"
        case .log: return "log"
        case .sqrt: return "sqrt"
        case .rsqrt: return "rsqrt"
        case .tanh: return "tanh"
        case .erf: return "erf"
        case .sigmoid: return "sigmoid"
        case .sin: return "sin"
        case .cos: return "cos"
        case .pow: return "pow"
        }
    }
}
