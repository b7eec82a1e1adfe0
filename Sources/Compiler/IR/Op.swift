/// One operation of the graph IR. Attributes are part of the op; operands are SSA values
/// listed in `Node.inputs`. The semantics of every case are in docs/ir.md.
///
/// The set is small on purpose (tinygrad/ggml style): everything a policy needs is built
/// from these, and every op has a gradient written in the same ops, so gradients of
/// gradients work. Composites (`.composite`) are named groups of primitives that matter
/// for speed; each has a lowering to primitives and its own reference kernel.
public enum Op: Hashable, Sendable {
    // MARK: Sources
    /// A value fed at run time (an observation port, a target, a step counter), by name.
    case input(name: String, type: TensorType)
    /// A trainable parameter, by its full PyTorch-style name (`encoders.vision.blocks.0.attn.qkv.weight`).
    case parameter(name: String, type: TensorType)
    /// A value known when the graph is built.
    case constant(Constant)
    /// Seeded, counter-based random numbers of `shape`. Optional operand: an i32 scalar
    /// counter (e.g. the training step) that selects a fresh stream. Element `i` depends only
    /// on (seed, counter, i), never on execution order.
    case random(RandomDistribution, seed: UInt64, shape: Shape)

    // MARK: Elementwise (numpy broadcasting between operands)
    case unary(UnaryFunction)
    case binary(BinaryFunction)
    /// Elementwise comparison; the result is an f32 mask (1 where true, 0 where false).
    case compare(Comparison)
    /// `select(mask, a, b)`: `a` where the f32 mask is non-zero, else `b`.
    case select
    /// Converts the element type (f32 -> i32 truncates toward zero).
    case cast(DType)
    /// Identity in the forward pass; blocks gradients (JEPA targets, softmax max-shift).
    case stopGradient

    // MARK: Reduction
    /// Reduces over `axes` (sorted, distinct); keeps them as extent-1 axes when `keepDims`.
    case reduce(Reduction, axes: [Int], keepDims: Bool)

    // MARK: Contraction
    /// Batched matrix product over the last two axes, optionally transposing either operand;
    /// leading (batch) axes broadcast.
    case matmul(transposeA: Bool, transposeB: Bool)

    // MARK: Movement
    /// Same elements, new shape (same element count). Free on contiguous buffers.
    case reshape(Shape)
    /// Reorders axes: output axis `i` is input axis `permutation[i]`.
    case permute([Int])
    /// Repeats extent-1 (or missing leading) axes up to `shape` (numpy rules).
    case broadcast(Shape)
    /// The box `start[i] ..< end[i]` on every axis.
    case slice(start: [Int], end: [Int])
    /// Zero padding: `before[i]` and `after[i]` zeros on every axis (the adjoint of slice).
    case pad(before: [Int], after: [Int])
    /// Joins the operands along `axis` (all other extents equal).
    case concat(axis: Int)

    // MARK: Indexing
    /// `gather(table, indices)`: numpy `take(table, indices, axis)`. Output shape is
    /// `table[..<axis] + indices + table[axis+1...]`; indices are i32 and must be in range.
    case gather(axis: Int)
    /// `scatterAdd(source, indices)`: the adjoint of gather. Output has extent `size` on
    /// `axis`; every source slice is added at the row its index names.
    case scatterAdd(axis: Int, size: Int)

    // MARK: Composites
    case composite(Composite)
}

/// The payload of `Op.constant`.
public enum Constant: Hashable, Sendable {
    /// Every element equals `value` (stored in Double so Double references stay exact).
    case fill(Double, TensorType)
    /// Explicit values.
    case tensor(HostTensor)

    public var type: TensorType {
        switch self {
        case .fill(_, let type): return type
        case .tensor(let tensor): return tensor.type
        }
    }
}

/// Distributions of `Op.random` and of parameter initialisers.
public enum RandomDistribution: Hashable, Sendable {
    /// Uniform on `[low, high)`.
    case uniform(low: Double, high: Double)
    /// Normal with `mean` and standard deviation `std` (Box-Muller).
    case normal(mean: Double, std: Double)
}

/// Elementwise functions of one operand.
public enum UnaryFunction: Hashable, Sendable {
    case neg, abs, exp, log, sqrt, rsqrt, tanh, erf, sigmoid, sin, cos
    /// `x^exponent` for a constant exponent (for non-integer exponents `x` must be positive).
    case pow(Double)

    /// Accepts i32 operands (the others are f32 only).
    public var acceptsIntegers: Bool { self == .neg || self == .abs }
}

/// Elementwise functions of two operands.
public enum BinaryFunction: String, Hashable, Sendable, CaseIterable {
    case add, sub, mul, div, max, min

    /// Accepts i32 operands (division is f32 only).
    public var acceptsIntegers: Bool { self != .div }
}

/// Elementwise comparisons (result: f32 mask).
public enum Comparison: String, Hashable, Sendable, CaseIterable {
    case eq, ne, lt, le, gt, ge
}

/// Reductions over axes.
public enum Reduction: String, Hashable, Sendable, CaseIterable {
    case sum, mean, max
}
