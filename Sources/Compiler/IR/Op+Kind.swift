/// What a backend's scheduler needs to know about an op (TVM-style pattern kinds):
/// elementwise chains fuse, reductions end a fusion group, contractions go to GEMM with an
/// elementwise epilogue, movement ops are views or copies, the rest are opaque kernels.
public enum OpKind: String, Hashable, Sendable {
    /// No computation on operands: inputs, parameters, constants, random numbers.
    case source
    /// One output element from the same-index elements of the (broadcast) operands.
    case elementwise
    /// Sums/maxima over axes.
    case reduction
    /// Matrix products (GEMM).
    case contraction
    /// Reshape, permute, broadcast, slice, pad, concat: data movement only.
    case movement
    /// Gather and scatter-add: data-dependent addressing.
    case indexing
    /// Named composites with their own kernels (norms, softmax, activations, attention).
    case composite
}

extension Op {
    /// The pattern kind of this op.
    public var kind: OpKind {
        switch self {
        case .input, .parameter, .constant, .random: return .source
        case .unary, .binary, .compare, .select, .cast, .stopGradient: return .elementwise
        case .reduce: return .reduction
        case .matmul: return .contraction
        case .reshape, .permute, .broadcast, .slice, .pad, .concat: return .movement
        case .gather, .scatterAdd: return .indexing
        case .composite: return .composite
        }
    }

    /// True when the output is the operand's buffer reinterpreted (no copy on a contiguous
    /// buffer): reshape and stop-gradient.
    public var isView: Bool {
        switch self {
        case .reshape, .stopGradient: return true
        default: return false
        }
    }

    /// True for the composites that are elementwise in their operand (GELU, SiLU), which a
    /// fusion pass may treat like any elementwise op.
    public var isElementwiseComposite: Bool {
        switch self {
        case .composite(.gelu), .composite(.silu): return true
        default: return false
        }
    }
}
