import Bench
import Foundation

/// HAMLET's mild photometric augmentation of the time-contrastive positive: the same frame,
/// perturbed so that only its appearance changes. On an image `[C, H, W]` with values in [0, 1],
/// in order, each with its probability:
///
/// | p | operation |
/// |---|---|
/// | 0.5 | brightness (×b), contrast (around the mean grey level, ×c) and colour (around each pixel's grey, ×s), b, c, s ~ U[0.9, 1.1] |
/// | 0.1 | blur: the 3 × 3 mean (radius 1, edges repeated) |
/// | 0.05 | grayscale (0.299 R + 0.587 G + 0.114 B in every channel) |
/// | 0.3 | gamma: x^g, g ~ U[0.95, 1.05] |
/// | 0.1 | erase: a square of side U[0.05, 0.15] of the shorter side, at a uniform position, set to 0 |
///
/// Values are clamped to [0, 1] after each operation. Colour and grayscale apply to 3-channel
/// images only.
enum PhotometricAugmentation {
    /// Augments `image` in place, drawing from `random`.
    static func apply(_ image: UnsafeMutableBufferPointer<Float>, shape: [Int], random: inout SimRandom) {
        let (channels, height, width) = (shape[0], shape[1], shape[2])
        let plane = height * width
        let isColour = channels == 3
        func clamp() { for i in image.indices { image[i] = min(max(image[i], 0), 1) } }
        func grey(_ p: Int) -> Float { 0.299 * image[p] + 0.587 * image[plane + p] + 0.114 * image[2 * plane + p] }
        if random.unit() < 0.5 {
            let brightness = Float(random.uniform(0.9, 1.1)), contrast = Float(random.uniform(0.9, 1.1))
            let saturation = Float(random.uniform(0.9, 1.1))
            for i in image.indices { image[i] *= brightness }
            clamp()
            let mean = isColour ? (0..<plane).reduce(Float(0)) { $0 + grey($1) } / Float(plane)
                : image.reduce(Float(0), +) / Float(image.count)
            for i in image.indices { image[i] = (image[i] - mean) * contrast + mean }
            clamp()
            if isColour {
                for p in 0..<plane {
                    let g = grey(p)
                    for c in 0..<3 { image[c * plane + p] = g + (image[c * plane + p] - g) * saturation }
                }
                clamp()
            }
        }
        if random.unit() < 0.1 {
            let source = Array(image)
            for c in 0..<channels {
                for y in 0..<height {
                    for x in 0..<width {
                        var sum: Float = 0
                        for dy in -1...1 {
                            for dx in -1...1 {
                                sum += source[c * plane + min(max(y + dy, 0), height - 1) * width + min(max(x + dx, 0), width - 1)]
                            }
                        }
                        image[c * plane + y * width + x] = sum / 9
                    }
                }
            }
        }
        if random.unit() < 0.05 && isColour {
            for p in 0..<plane {
                let g = grey(p)
                for c in 0..<3 { image[c * plane + p] = g }
            }
        }
        if random.unit() < 0.3 {
            let gamma = Float(random.uniform(0.95, 1.05))
            for i in image.indices { image[i] = Foundation.pow(image[i], gamma) }
        }
        if random.unit() < 0.1 {
            let side = max(1, Int(random.uniform(0.05, 0.15) * Double(min(height, width))))
            let top = Int(random.next() % UInt64(height - side + 1)), left = Int(random.next() % UInt64(width - side + 1))
            for c in 0..<channels {
                for y in top..<(top + side) {
                    for x in left..<(left + side) { image[c * plane + y * width + x] = 0 }
                }
            }
        }
    }
}
