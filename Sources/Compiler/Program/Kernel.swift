/// What one program call computes: a single IR op, or a fused kernel (several ops that run as
/// one loop nest, their intermediates never reaching memory).
public enum Kernel: Hashable, Sendable {
    case op(Op)
    case fused(FusedKernel)

    /// `matmul`, `fused.gemm`, ...
    public var name: String {
        switch self {
        case .op(let op): return op.name
        case .fused(let fused): return "fused.\(fused.pattern.rawValue)"
        }
    }

    /// The ops the kernel evaluates, in order (one for a single op).
    public var ops: [Op] {
        switch self {
        case .op(let op): return [op]
        case .fused(let fused): return fused.region.map(\.op)
        }
    }
}

/// Several graph nodes computed by one kernel. The `region` is a small graph over the
/// kernel's operands (`.operand(i)`) and earlier region values (`.local(j)`); its last node
/// is the kernel's result. Any backend can run a fused kernel by evaluating the region node
/// by node (the reference backend does); a fast backend recognises the `pattern` and runs it
/// as one loop nest.
///
/// Movement nodes in a region (reshape, permute, slice, broadcast) only ever apply to
/// operands or to other movement nodes: they describe strided *views* through which the
/// kernel reads an operand in place, never a copy.
public struct FusedKernel: Hashable, Sendable {
    /// The kind of loop nest, which decides how a backend runs the region.
    public enum Pattern: String, Hashable, Sendable {
        /// Elementwise ops (and GELU/SiLU) over the result's shape; operands are loaded through
        /// strided or broadcast views.
        case elementwise
        /// One matmul, then elementwise ops on its result (the GEMM epilogue). Adds of
        /// operands directly on the product are pre-filled into C (beta = 1).
        case gemm
        /// A row kernel over the last axis (layer norm, RMS norm or softmax) followed by
        /// elementwise ops on its result.
        case rowwise
        /// Elementwise ops feeding one reduction (a prologue evaluated while reducing).
        case reduction
        /// Attention per (batch, head) block, q/k/v read through strided views and the result
        /// written through the permute/reshape that follows it.
        case attention
    }

    public var pattern: Pattern
    /// The fused nodes in evaluation order; the last one is the result.
    public var region: [RegionNode]
    /// Operand indices whose buffer the result may share (the kernel reads each element of
    /// them before writing the same element of the result). The memory planner may place the
    /// result on such an operand when the operand dies at this call.
    public var inPlaceOperands: [Int]
    /// Why these nodes were fused (printed by `--emit program`).
    public var reason: String

    public init(pattern: Pattern, region: [RegionNode], inPlaceOperands: [Int], reason: String) {
        self.pattern = pattern
        self.region = region
        self.inPlaceOperands = inPlaceOperands
        self.reason = reason
    }
}

/// A value read inside a fused region: kernel operand `i` or the result of region node `j`.
public enum RegionValue: Hashable, Sendable, CustomStringConvertible {
    case operand(Int)
    case local(Int)

    /// `$operand` as `a0`, locals as `r3`.
    public var description: String {
        switch self {
        case .operand(let index): return "a\(index)"
        case .local(let index): return "r\(index)"
        }
    }
}

/// One node of a fused region.
public struct RegionNode: Hashable, Sendable {
    public var op: Op
    public var inputs: [RegionValue]
    public var type: TensorType
    /// The graph node this region node computes.
    public var node: ValueID

    public init(op: Op, inputs: [RegionValue], type: TensorType, node: ValueID) {
        self.op = op
        self.inputs = inputs
        self.type = type
        self.node = node
    }
}
