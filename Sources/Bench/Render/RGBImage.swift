extension Render {
    /// An 8-bit RGB image: `pixels` holds `width * height * 3` bytes, rows from the top, each
    /// pixel as r, g, b (the layout of an `H x W x 3` uint8 array).
    public struct RGBImage: Sendable, Hashable {
        public let width: Int
        public let height: Int
        /// The bytes; always `width * height * 3` of them (edit pixels through the subscript).
        public internal(set) var pixels: [UInt8]

        /// An image filled with one colour (negative sizes count as 0).
        public init(width: Int, height: Int, fill: Color = Color(r: 0, g: 0, b: 0)) {
            let (width, height) = (max(width, 0), max(height, 0))
            self.width = width
            self.height = height
            var pixels = [UInt8](repeating: 0, count: width * height * 3)
            for i in 0..<(width * height) {
                pixels[3 * i] = fill.r
                pixels[3 * i + 1] = fill.g
                pixels[3 * i + 2] = fill.b
            }
            self.pixels = pixels
        }

        /// An image from its bytes; `pixels.count` must be `width * height * 3`.
        public init(width: Int, height: Int, pixels: [UInt8]) throws {
            guard width >= 0, height >= 0, pixels.count == width * height * 3 else {
                throw RenderError.invalidFrames(
                    "\(pixels.count) bytes do not make a \(width)x\(height) RGB image")
            }
            self.width = width
            self.height = height
            self.pixels = pixels
        }

        /// The colour at column `x`, row `y`.
        public subscript(x: Int, y: Int) -> Color {
            get {
                let i = 3 * (y * width + x)
                return Color(r: pixels[i], g: pixels[i + 1], b: pixels[i + 2])
            }
            set {
                let i = 3 * (y * width + x)
                pixels[i] = newValue.r
                pixels[i + 1] = newValue.g
                pixels[i + 2] = newValue.b
            }
        }

        /// Images laid out left to right in rows of `columns`, separated by `gap` pixels of
        /// `gapColor` (an image strip or contact sheet of an episode). All images must have the
        /// same size.
        public static func grid(
            _ images: [RGBImage], columns: Int, gap: Int = 1,
            gapColor: Color = Color(r: 255, g: 255, b: 255)
        ) throws -> RGBImage {
            guard let first = images.first else { throw RenderError.invalidFrames("no images") }
            guard images.allSatisfy({ $0.width == first.width && $0.height == first.height }) else {
                throw RenderError.invalidFrames("images differ in size")
            }
            guard columns > 0, gap >= 0 else {
                throw RenderError.invalidFrames("columns must be positive and gap non-negative")
            }
            let cols = min(columns, images.count)
            let rows = (images.count + cols - 1) / cols
            let width = cols * first.width + (cols - 1) * gap
            let height = rows * first.height + (rows - 1) * gap
            guard width <= 16 * RenderError.maxImageSide, height <= 16 * RenderError.maxImageSide else {
                throw RenderError.invalidImageSize(width: width, height: height)
            }
            var sheet = RGBImage(width: width, height: height, fill: gapColor)
            let rowBytes = first.width * 3
            for (n, image) in images.enumerated() {
                let x0 = (n % cols) * (first.width + gap)
                let y0 = (n / cols) * (first.height + gap)
                for y in 0..<first.height {
                    let dst = ((y0 + y) * width + x0) * 3
                    sheet.pixels.replaceSubrange(
                        dst..<(dst + rowBytes), with: image.pixels[(y * rowBytes)..<((y + 1) * rowBytes)])
                }
            }
            return sheet
        }
    }
}
