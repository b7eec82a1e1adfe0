/// DrQ's random-shift image augmentation: the image is padded by `shift` pixels on every side
/// (repeating its edge pixels) and cropped back to its size at a random offset, i.e. moved by
/// (dx, dy) ∈ [−shift, shift]² with edges repeated. All frames of one sample's history move
/// together. (dx, dy) = (0, 0) is a plain copy.
enum RandomShift {
    /// Writes the frame `source` (`[channels, height, width]`) moved by (dx, dy) into
    /// `destination`, each value converted by `value`.
    @inline(__always)
    static func copy<Element>(_ source: UnsafeBufferPointer<Element>, into destination: UnsafeMutableBufferPointer<Float>,
                              shape: [Int], dx: Int, dy: Int, value: (Element) -> Float) {
        let channels = shape[0], height = shape[1], width = shape[2]
        for c in 0..<channels {
            let plane = c * height * width
            for y in 0..<height {
                let row = plane + min(max(y + dy, 0), height - 1) * width, out = plane + y * width
                for x in 0..<width {
                    destination[out + x] = value(source[row + min(max(x + dx, 0), width - 1)])
                }
            }
        }
    }
}
