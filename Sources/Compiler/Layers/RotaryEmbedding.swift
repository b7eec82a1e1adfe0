import Foundation

/// Rotary position embedding (RoPE, Su et al.), rotate-half layout (GPT-NeoX, Hugging Face
/// LLaMA): for head features x = [x1, x2] (halves of the last axis) and angles
/// θ_i = position · base^(-2i/d), `rope(x) = x · [cos θ, cos θ] + [-x2, x1] · [sin θ, sin θ]`.
/// No parameters.
public struct RotaryEmbedding {
    /// Positions, f32: [tokens] for positions shared by the batch, or [batch, 1, tokens] for
    /// per-sample positions (broadcast over heads). Computed at run time, so positions may be
    /// an input (HAMLET continues them from each sample's real length).
    public let positions: Tensor
    public let base: Double

    public init(positions: Tensor, base: Double = 10_000) {
        self.positions = positions
        self.base = base
    }

    /// Rotates `x` [..., tokens, headDim] (headDim even).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        let builder = x.builder
        let depth = x.shape.dims.last ?? 0
        guard depth % 2 == 0, depth > 0 else {
            builder.report("rotary embedding needs an even, positive head size, got \(depth)")
            return x
        }
        let half = depth / 2
        let inverseFrequencies = (0..<half).map { Float(Foundation.pow(base, -2 * Double($0) / Double(depth))) }
        let angles = positions.unsqueezed(-1) * builder.constant(HostTensor(shape: [half], floats: inverseFrequencies))
        let cos = concat([angles.cos(), angles.cos()], axis: -1)
        let sin = concat([angles.sin(), angles.sin()], axis: -1)
        let rotated = concat([-x.slice(axis: -1, half..<depth), x.slice(axis: -1, 0..<half)], axis: -1)
        return x * cos + rotated * sin
    }
}

extension GraphBuilder {
    /// The f32 positions `start, start+1, ..., start+count-1` as a constant [count].
    public func positions(_ count: Int, start: Int = 0) -> Tensor {
        constant(HostTensor(shape: [count], floats: (0..<count).map { Float(start + $0) }))
    }
}
