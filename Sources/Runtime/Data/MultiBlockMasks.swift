import Bench
import Foundation
import Lowering

/// I-JEPA's multi-block masks (`MaskCollator`, src/masks/multiblock.py) for one batch, drawn on
/// the host so that the graph stays static: per sample, `targets` target blocks and one context
/// block minus their union, as 1/0 per patch of the grid (raster order).
///
/// - Block sizes are drawn once per batch: one uniform r gives the scale s = lo + r·(hi − lo) and
///   the aspect a = lo + r·(hi − lo) (the same r, as I-JEPA does); the block keeps
///   ⌊H·W·s⌋ patches at height round(√(keep·a)) and width round(√(keep/a)) (rounding half to
///   even, as Python), each cut to the grid less one and raised to at least 1; the context
///   block has aspect 1.
/// - Each block's top-left corner is uniform over the positions that fit it
///   (`randint(0, H − h)`, `randint(0, W − w)`).
/// - The context block is constrained to lie outside every target block; a draw is valid when
///   it keeps more than `minKeep` patches. After 20 invalid draws the last target block stops
///   constraining it, after 20 more the one before, and so on (I-JEPA's `tries`); once no block
///   constrains it the next draw is taken as it is. Target blocks keep their size (on grids
///   this small I-JEPA's `min_keep` check of the targets could never pass).
/// - Every context is cut to the batch's smallest, keeping its first patches in raster order
///   (I-JEPA's `min_keep_enc` truncation), so every sample has the same number of context patches.
enum MultiBlockMasks {
    /// Writes the masks of `batch` samples, `[batch, 1 + targets, height · width]`, into `out`.
    static func fill(_ shape: BlockMaskShape, batch: Int, random: inout SimRandom, into out: UnsafeMutableBufferPointer<Float>) {
        let (height, width) = (shape.height, shape.width), patches = height * width
        let targetSize = blockSize(shape, scale: shape.targetScale, aspect: shape.targetAspect, random: &random)
        let contextSize = blockSize(shape, scale: shape.contextScale, aspect: 1...1, random: &random)
        let rows = 1 + shape.targets
        var contexts: [[Bool]] = []
        for sample in 0..<batch {
            var complements: [[Bool]] = []
            for target in 0..<shape.targets {
                let block = place(targetSize, shape, random: &random)
                for p in 0..<patches { out[(sample * rows + 1 + target) * patches + p] = block[p] ? 1 : 0 }
                complements.append(block.map { !$0 })
            }
            contexts.append(contextBlock(contextSize, shape, outside: complements, random: &random))
        }
        let kept = contexts.map { $0.filter { $0 }.count }.min() ?? 0
        for (sample, context) in contexts.enumerated() {
            var left = kept
            for p in 0..<patches {
                let keep = context[p] && left > 0
                if keep { left -= 1 }
                out[(sample * rows) * patches + p] = keep ? 1 : 0
            }
        }
    }

    /// A block's height and width for a scale and aspect drawn from `scale` and `aspect`.
    static func blockSize(_ shape: BlockMaskShape, scale: ClosedRange<Double>, aspect: ClosedRange<Double>,
                          random: inout SimRandom) -> (height: Int, width: Int) {
        let r = random.unit()
        let s = scale.lowerBound + r * (scale.upperBound - scale.lowerBound)
        let keep = Double(Int(Double(shape.height * shape.width) * s))
        let a = aspect.lowerBound + r * (aspect.upperBound - aspect.lowerBound)
        var h = Int((keep * a).squareRoot().rounded(.toNearestOrEven))
        var w = Int((keep / a).squareRoot().rounded(.toNearestOrEven))
        h = max(1, min(h, shape.height - 1))
        w = max(1, min(w, shape.width - 1))
        return (h, w)
    }

    /// A block of `size` at a uniform position, as a mask over the grid.
    static func place(_ size: (height: Int, width: Int), _ shape: BlockMaskShape, random: inout SimRandom) -> [Bool] {
        let top = Int(random.next() % UInt64(shape.height - size.height))
        let left = Int(random.next() % UInt64(shape.width - size.width))
        var mask = [Bool](repeating: false, count: shape.height * shape.width)
        for row in top..<(top + size.height) {
            for column in left..<(left + size.width) { mask[row * shape.width + column] = true }
        }
        return mask
    }

    /// The context block: placed until it keeps more than `minKeep` patches outside the target
    /// blocks (their complements `outside`), fewer targets constraining it after each 20 tries.
    private static func contextBlock(_ size: (height: Int, width: Int), _ shape: BlockMaskShape, outside: [[Bool]],
                                     random: inout SimRandom) -> [Bool] {
        var tries = 0, timeout = 20
        while true {
            var mask = place(size, shape, random: &random)
            let constraining = max(outside.count - tries, 0)
            for region in outside.prefix(constraining) {
                for p in mask.indices { mask[p] = mask[p] && region[p] }
            }
            if mask.filter({ $0 }).count > shape.minKeep || constraining == 0 { return mask }
            timeout -= 1
            if timeout == 0 {
                tries += 1
                timeout = 20
            }
        }
    }
}
