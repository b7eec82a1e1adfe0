extension Render {
    /// A named 3D point of interest (an object's centre, a handle, a fingertip) in world
    /// coordinates.
    public struct Keypoint: Sendable, Hashable {
        public var name: String
        public var position: Vec3

        public init(_ name: String, at position: Vec3) {
            self.name = name
            self.position = position
        }
    }

    /// A keypoint as one camera sees it.
    public struct ProjectedKeypoint: Sendable, Hashable {
        public var name: String
        /// Pixel coordinates `(u, v)`, OpenCV convention (pixel centres at integers); meaningful
        /// only when `inFront`.
        public var pixel: SIMD2<Double>
        /// Camera-frame z of the point in metres (negative behind the camera).
        public var depth: Double
        /// The point lies within the camera's clip range (`near <= depth <= far`).
        public var inFront: Bool
        /// The pixel it lands in lies inside the image.
        public var inImage: Bool
        /// A rendered surface lies in front of the point by more than the tolerance.
        public var occluded: Bool

        /// In front of the camera, inside the image and not occluded.
        public var visible: Bool { inFront && inImage && !occluded }

        /// The image column and row of the pixel the point lands in, nil unless `inImage`.
        public var pixelIndex: (column: Int, row: Int)? {
            guard inImage else { return nil }
            return (Int((pixel.x + 0.5).rounded(.down)), Int((pixel.y + 0.5).rounded(.down)))
        }
    }
}

extension Render.Camera {
    /// Projects keypoints to pixel coordinates with visibility flags.
    ///
    /// `frame` must be this camera's rendering of the current scene: a point is occluded when
    /// the frame's depth at its pixel is smaller than the point's depth by more than
    /// `tolerance` metres. The depth is sampled at the pixel centre, up to half a pixel from
    /// the point, so a point on a surface seen at a grazing angle needs a tolerance of a few
    /// pixel footprints (`depth / fy` metres each); the default suits tabletop scenes at
    /// 64-256 pixels.
    public func project(
        keypoints: [Render.Keypoint], against frame: Render.Frame, tolerance: Double = 0.02
    ) throws -> [Render.ProjectedKeypoint] {
        guard frame.width == intrinsics.width, frame.height == intrinsics.height else {
            throw Render.RenderError.frameSizeMismatch(
                frameWidth: frame.width, frameHeight: frame.height, cameraWidth: intrinsics.width,
                cameraHeight: intrinsics.height)
        }
        return keypoints.map { keypoint in
            let (pixel, depth) = project(keypoint.position)
            let inFront = depth >= near && depth <= far
            let inImage =
                inFront && pixel.x >= -0.5 && pixel.x < Double(frame.width) - 0.5
                && pixel.y >= -0.5 && pixel.y < Double(frame.height) - 0.5
            var result = Render.ProjectedKeypoint(
                name: keypoint.name, pixel: pixel, depth: depth, inFront: inFront, inImage: inImage,
                occluded: false)
            if let (column, row) = result.pixelIndex {
                result.occluded = Double(frame.depth[row * frame.width + column]) < depth - tolerance
            }
            return result
        }
    }
}
