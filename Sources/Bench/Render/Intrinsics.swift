import Foundation

extension Render {
    /// Pinhole intrinsics: the matrix `K = [fx 0 cx; 0 fy cy; 0 0 1]` and the image size.
    ///
    /// A camera-frame point `(x, y, z)` with `z > 0` lands at pixel coordinates
    /// `u = fx * x / z + cx`, `v = fy * y / z + cy`, with pixel centres at integer coordinates
    /// (OpenCV): column `i` covers `u ∈ [i - 0.5, i + 0.5)`.
    public struct Intrinsics: Sendable, Hashable {
        /// Focal lengths in pixels.
        public let fx, fy: Double
        /// Principal point in pixels.
        public let cx, cy: Double
        /// Image size in pixels.
        public let width, height: Int

        /// Intrinsics from explicit values.
        public init(fx: Double, fy: Double, cx: Double, cy: Double, width: Int, height: Int) throws {
            try Self.checkSize(width, height)
            for (name, value) in [("fx", fx), ("fy", fy)] where !(value.isFinite && value > 0) {
                throw RenderError.invalidCameraParameter("\(name) = \(value) must be finite and positive")
            }
            for (name, value) in [("cx", cx), ("cy", cy)] where !value.isFinite {
                throw RenderError.invalidCameraParameter("\(name) = \(value) must be finite")
            }
            (self.fx, self.fy, self.cx, self.cy) = (fx, fy, cx, cy)
            (self.width, self.height) = (width, height)
        }

        /// Square-pixel intrinsics from a vertical field of view (degrees, in (0, 180)):
        /// `fy = (height / 2) / tan(fovY / 2)`, `fx = fy`, and the principal point in the image
        /// centre, `cx = (width - 1) / 2`, `cy = (height - 1) / 2`.
        public init(verticalFOVDegrees fovY: Double, width: Int, height: Int) throws {
            guard fovY.isFinite, fovY > 0, fovY < 180 else {
                throw RenderError.invalidCameraParameter(
                    "vertical field of view \(fovY)° must be in (0, 180)")
            }
            try Self.checkSize(width, height)
            let f = (Double(height) / 2) / tan(fovY * Double.pi / 360)
            try self.init(
                fx: f, fy: f, cx: Double(width - 1) / 2, cy: Double(height - 1) / 2,
                width: width, height: height)
        }

        /// The vertical field of view in degrees.
        public var verticalFOVDegrees: Double { 2 * atan(Double(height) / 2 / fy) * 180 / Double.pi }

        /// `K` as nine entries row by row.
        public var matrixRowMajor: [Double] { [fx, 0, cx, 0, fy, cy, 0, 0, 1] }

        /// `K` as a matrix.
        public var matrix: Mat3 { Mat3(rows: Vec3(fx, 0, cx), Vec3(0, fy, cy), Vec3(0, 0, 1)) }

        /// Pixel coordinates of a camera-frame point (meaningful only when `z > 0`).
        @inlinable
        public func pixel(ofCameraPoint p: Vec3) -> SIMD2<Double> {
            SIMD2(fx * p.x / p.z + cx, fy * p.y / p.z + cy)
        }

        /// The camera-frame direction `K⁻¹ [u, v, 1]` through pixel coordinates `(u, v)`
        /// (its z component is 1).
        @inlinable
        public func direction(throughPixel u: Double, _ v: Double) -> Vec3 {
            Vec3((u - cx) / fx, (v - cy) / fy, 1)
        }

        private static func checkSize(_ width: Int, _ height: Int) throws {
            let range = 1...RenderError.maxImageSide
            guard range.contains(width), range.contains(height) else {
                throw RenderError.invalidImageSize(width: width, height: height)
            }
        }
    }
}
