import Foundation

/// An environment that can show itself: its cameras' current images side by side.
public protocol CameraEnvironment: BenchEnvironment {
    /// Every camera's current colour image at the run's image size, left to right.
    func snapshot() -> Render.RGBImage
    /// Renders now the camera frames that writing `batch`'s requested fields will need, so that the
    /// evaluator can render many environments on several threads before writing the batch on one.
    func prepareCameras(for batch: ObservationBatch)
}

/// Writes the camera frames of the first episodes of every task (`polspec bench --video DIR`):
/// one animated PNG per episode, or one image strip with `strip`. Episodes of suites without
/// cameras are not filmed.
public final class EpisodeVideoRecorder: Sendable {
    public let directory: URL
    /// Episodes filmed per task (episode numbers 0 ..< this).
    public let episodesPerTask: Int
    /// One PNG with the frames in rows instead of an animation.
    public let strip: Bool
    public let framesPerSecond: Int
    /// Frames per row of a strip.
    public static let stripColumns = 10

    public init(directory: URL, episodesPerTask: Int = 1, strip: Bool = false, framesPerSecond: Int = 20) {
        self.directory = directory
        self.episodesPerTask = episodesPerTask
        self.strip = strip
        self.framesPerSecond = framesPerSecond
    }

    /// Whether `episode` is filmed.
    public func films(_ episode: EpisodeSpec) -> Bool { episode.number < episodesPerTask }

    /// The environment's current camera images, nil if it has no cameras.
    static func frame(of env: any BenchEnvironment) -> Render.RGBImage? {
        (env as? any CameraEnvironment)?.snapshot()
    }

    /// The file of episode `episode` of `task`.
    public func url(task: String, episode: Int) -> URL {
        directory.appendingPathComponent("\(task)-\(episode).png")
    }

    /// Writes one episode's frames (atomically).
    func write(_ frames: [Render.RGBImage], task: String, episode: Int) throws {
        guard !frames.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = url(task: task, episode: episode).path
            if strip {
                try Render.PNG.write(Render.RGBImage.grid(frames, columns: Self.stripColumns, gap: 2), to: path)
            } else {
                try Render.PNG.writeAnimation(frames, framesPerSecond: framesPerSecond, to: path)
            }
        } catch {
            throw EvaluationError("cannot write the video of \(task) episode \(episode): \(error)")
        }
    }
}
