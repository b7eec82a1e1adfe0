/// The bench's software renderer: scene primitives, pinhole cameras, a z-buffered rasteriser,
/// keypoint projection and PNG / animated-PNG output.
///
/// Everything lives under this namespace so that its small geometry types (`Render.Vec3`,
/// `Render.Mat3`, `Render.Pose`) never clash with the simulator's own math. The renderer knows
/// nothing of the simulator: each frame the simulator describes what is visible as a
/// ``Render/Scene`` (a list of ``Render/Primitive``s) and asks a ``Render/Rasterizer`` to draw it
/// through a ``Render/Camera``.
///
/// Conventions (docs/rendering.md): world frame is right-handed with +z up, lengths in metres.
/// Cameras follow OpenCV: +z looks forward, +x is right, +y is down, pixel centres at integer
/// coordinates, so the pixel in column `i`, row `j` covers `u ∈ [i-0.5, i+0.5)`,
/// `v ∈ [j-0.5, j+0.5)`.
public enum Render {
    /// A point or direction in metres (world, object or camera frame depending on context).
    public typealias Vec3 = SIMD3<Double>

    /// The square image sides the bench offers, in pixels.
    public static let standardImageSides = [64, 128, 256]

    /// The image side cameras use unless told otherwise.
    public static let defaultImageSide = 64
}
