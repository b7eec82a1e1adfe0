extension Render {
    /// Rendering throughput of one camera at one image size, single thread.
    public struct SpeedResult: Sendable, Hashable {
        /// Camera name (`agentview` or `wrist`).
        public var camera: String
        /// Image side in pixels.
        public var size: Int
        /// Frames rendered per timed batch.
        public var framesPerBatch: Int
        /// Median over the batches of frames per second.
        public var framesPerSecond: Double
        /// Slowest and fastest batch, frames per second.
        public var slowest, fastest: Double
        /// Triangles of the last frame's primitives that passed the bounding-sphere cull
        /// (before back-face culling and clipping).
        public var trianglesPerFrame: Int

        /// A Markdown table of results, one row per camera and size.
        public static func table(_ results: [SpeedResult]) -> String {
            var lines = [
                "| camera | size | frames/s (median) | min | max | ms/frame | triangles |",
                "|---|---:|---:|---:|---:|---:|---:|",
            ]
            for r in results {
                let cells = [
                    r.camera, "\(r.size)x\(r.size)", format(r.framesPerSecond), format(r.slowest),
                    format(r.fastest), format(1000 / r.framesPerSecond, decimals: 3), "\(r.trianglesPerFrame)",
                ]
                lines.append("| " + cells.joined(separator: " | ") + " |")
            }
            return lines.joined(separator: "\n")
        }

        private static func format(_ value: Double, decimals: Int = 0) -> String {
            let scale = Double([1, 10, 100, 1000][min(decimals, 3)])
            let rounded = (value * scale).rounded() / scale
            return decimals == 0 ? String(Int(rounded)) : String(rounded)
        }
    }

    /// Measures frames per second of the ``SampleScene`` per camera and size on the calling
    /// thread: `batches` timed batches of `framesPerBatch` frames each after a warm-up, the
    /// gripper (and so the wrist camera) moving along ``SampleScene/gripperPath(phase:)``.
    public static func measureSpeed(
        sizes: [Int] = standardImageSides, framesPerBatch: Int = 400, batches: Int = 5
    ) throws -> [SpeedResult] {
        guard framesPerBatch > 0, batches > 0 else {
            throw RenderError.invalidFrames("frames per batch and batches must be positive")
        }
        // Scenes and gripper poses are built before timing: only rendering is measured.
        let poseCount = 64
        let grippers = (0..<poseCount).map { SampleScene.gripperPath(phase: Double($0) / Double(poseCount)) }
        let scenes = grippers.map { SampleScene.tabletop(gripper: $0) }
        var results: [SpeedResult] = []
        for size in sizes {
            let agentview = try SampleScene.agentviewCamera(size: size)
            let wrist = try grippers.map { try SampleScene.wristCamera(gripper: $0, size: size) }
            for (name, cameraAt) in [("agentview", { (_: Int) in agentview }), ("wrist", { wrist[$0] })] {
                let rasterizer = Rasterizer()
                var frame = Frame()
                func renderFrames(_ count: Int) {
                    for i in 0..<count {
                        rasterizer.render(scenes[i % poseCount], camera: cameraAt(i % poseCount), into: &frame)
                    }
                }
                renderFrames(poseCount)  // warm-up: mesh cache and buffers
                let clock = ContinuousClock()
                var rates: [Double] = []
                for _ in 0..<batches {
                    let elapsed = clock.measure { renderFrames(framesPerBatch) }
                    let seconds =
                        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                    rates.append(Double(framesPerBatch) / max(seconds, 1e-9))
                }
                rates.sort()
                results.append(
                    SpeedResult(
                        camera: name, size: size, framesPerBatch: framesPerBatch,
                        framesPerSecond: rates[rates.count / 2], slowest: rates[0], fastest: rates[rates.count - 1],
                        trianglesPerFrame: rasterizer.trianglesInLastFrame))
            }
        }
        return results
    }
}
