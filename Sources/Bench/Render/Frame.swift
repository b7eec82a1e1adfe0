extension Render {
    /// One rendered view: colour, depth and segmentation, all `width x height`, rows from the
    /// top. Keep one `Frame` per camera and pass it to ``Render/Rasterizer/render(_:camera:into:)``
    /// every step: its buffers are reused, so steady-state rendering allocates nothing.
    public struct Frame: Sendable {
        /// The shaded colour image.
        public internal(set) var rgb: RGBImage
        /// Per pixel, the camera-frame z (metres along the optical axis, not the ray length) of
        /// the nearest surface, or `+infinity` where no primitive is visible.
        public internal(set) var depth: [Float]
        /// Per pixel, the ``Render/Primitive/id`` of the nearest surface, 0 for background.
        public internal(set) var segmentation: [UInt16]

        /// An empty frame; the rasteriser sizes it on first use.
        public init() {
            rgb = RGBImage(width: 0, height: 0)
            depth = []
            segmentation = []
        }

        public var width: Int { rgb.width }
        public var height: Int { rgb.height }

        /// Makes the buffers `width x height`, reallocating only when the size changes.
        mutating func resize(width: Int, height: Int) {
            guard width != rgb.width || height != rgb.height else { return }
            rgb = RGBImage(width: width, height: height)
            depth = [Float](repeating: .infinity, count: width * height)
            segmentation = [UInt16](repeating: 0, count: width * height)
        }

        /// Direct access to the colour bytes for the rasteriser.
        mutating func withPixelBuffers<R>(
            _ body: (UnsafeMutableBufferPointer<UInt8>, UnsafeMutableBufferPointer<UInt16>) -> R
        ) -> R {
            rgb.pixels.withUnsafeMutableBufferPointer { colors in
                segmentation.withUnsafeMutableBufferPointer { ids in body(colors, ids) }
            }
        }

        /// The depth image as grey levels for viewing: `near` white, `far` and beyond black,
        /// linear in between; background black.
        public func depthPreview(near: Float, far: Float) -> RGBImage {
            var image = RGBImage(width: width, height: height)
            let span = max(far - near, .leastNormalMagnitude)
            for i in 0..<depth.count where depth[i].isFinite {
                let t = min(max((far - depth[i]) / span, 0), 1)
                let level = UInt8((t * 255).rounded())
                image.pixels[3 * i] = level
                image.pixels[3 * i + 1] = level
                image.pixels[3 * i + 2] = level
            }
            return image
        }

        /// The segmentation as colours for viewing: background black, each id a fixed,
        /// well-separated hue.
        public func segmentationPreview() -> RGBImage {
            var image = RGBImage(width: width, height: height)
            for i in 0..<segmentation.count where segmentation[i] != 0 {
                let c = Self.previewColor(id: segmentation[i])
                image.pixels[3 * i] = c.r
                image.pixels[3 * i + 1] = c.g
                image.pixels[3 * i + 2] = c.b
            }
            return image
        }

        /// A deterministic colour for an id: golden-ratio hue steps at full saturation.
        static func previewColor(id: UInt16) -> Color {
            let hue = (Double(id) * 0.618_033_988_75).truncatingRemainder(dividingBy: 1) * 6
            let x = 1 - abs(hue.truncatingRemainder(dividingBy: 2) - 1)
            let (r, g, b): (Double, Double, Double) =
                switch Int(hue) {
                case 0: (1, x, 0)
                case 1: (x, 1, 0)
                case 2: (0, 1, x)
                case 3: (0, x, 1)
                case 4: (x, 0, 1)
                default: (1, 0, x)
                }
            func byte(_ c: Double) -> UInt8 { UInt8((55 + 200 * c).rounded()) }
            return Color(r: byte(r), g: byte(g), b: byte(b))
        }
    }
}
