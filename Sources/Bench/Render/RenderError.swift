extension Render {
    /// Why a camera, image, file or keypoint query could not be made.
    public enum RenderError: Error, Sendable, Equatable, CustomStringConvertible {
        /// Image width or height outside 1...maxImageSide.
        case invalidImageSize(width: Int, height: Int)
        /// A field of view, focal length, principal point or clip distance that is not usable.
        case invalidCameraParameter(String)
        /// Frames of an animation or a strip differ in size, or there are none.
        case invalidFrames(String)
        /// Writing a file failed.
        case writeFailed(path: String, reason: String)
        /// Keypoints were checked against a frame of another size than the camera's images.
        case frameSizeMismatch(frameWidth: Int, frameHeight: Int, cameraWidth: Int, cameraHeight: Int)

        /// The largest accepted image side in pixels.
        public static let maxImageSide = 4096

        public var description: String {
            switch self {
            case .invalidImageSize(let w, let h):
                "image size \(w)x\(h) is not supported (each side must be 1...\(Self.maxImageSide))"
            case .invalidCameraParameter(let what): "invalid camera: \(what)"
            case .invalidFrames(let what): "invalid frames: \(what)"
            case .writeFailed(let path, let reason): "cannot write \(path): \(reason)"
            case .frameSizeMismatch(let fw, let fh, let cw, let ch):
                "frame is \(fw)x\(fh) but the camera renders \(cw)x\(ch)"
            }
        }
    }
}
