import Compiler
import Foundation

/// Fixed 1-D sine-cosine positions `[count, dim]` (MAE's `get_1d_sincos_pos_embed`): for
/// `half = dim / 2` frequencies `ω_i = 10000^(-i / half)`, row p is
/// `[sin(p ω_0) … sin(p ω_{half-1}), cos(p ω_0) … cos(p ω_{half-1})]`, plus a zero column
/// when `dim` is odd.
func sinCosPositions(count: Int, dim: Int) -> HostTensor {
    let half = dim / 2
    var values = [Float](repeating: 0, count: count * dim)
    for p in 0..<count {
        for i in 0..<half {
            let angle = Double(p) * pow(10_000, -Double(i) / Double(half))
            values[p * dim + i] = Float(sin(angle))
            values[p * dim + half + i] = Float(cos(angle))
        }
    }
    return HostTensor(shape: [count, dim], floats: values)
}
