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

/// Fixed 2-D sine-cosine positions `[height · width, dim]` of a patch grid in raster order
/// (I-JEPA's and MAE's `get_2d_sincos_pos_embed`): the first `dim / 2` features are the 1-D
/// positions of the patch's column, the last `dim / 2` those of its row (`dim` a multiple of 4).
func sinCos2DPositions(height: Int, width: Int, dim: Int) -> HostTensor {
    let half = dim / 2
    let columns = sinCosPositions(count: width, dim: half).floats, rows = sinCosPositions(count: height, dim: half).floats
    var values = [Float](repeating: 0, count: height * width * dim)
    for row in 0..<height {
        for column in 0..<width {
            let base = (row * width + column) * dim
            for i in 0..<half {
                values[base + i] = columns[column * half + i]
                values[base + half + i] = rows[row * half + i]
            }
        }
    }
    return HostTensor(shape: [height * width, dim], floats: values)
}
