import ArgumentParser
import Bench
import Foundation
import SafeTensors

/// `polspec render sample`: writes the sample scene as a PNG, an animated PNG or a strip.
struct RenderSampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Write the sample tabletop scene as seen by the bench cameras.",
        discussion: """
            One frame gives a PNG with one panel per camera and layer. With --frames N the gripper
            moves along a loop over the table and the file is an animated PNG (or, with --strip,
            a single PNG with the frames in rows).

            Example: polspec render sample --out scene.png --camera both --size 128
            """
    )

    enum CameraChoice: String, ExpressibleByArgument, CaseIterable {
        case agentview, wrist, both
    }

    enum Layer: String, CaseIterable {
        case rgb, depth, segmentation
    }

    @Option(name: .shortAndLong, help: "Output PNG file (written atomically).")
    var out: String

    @Option(help: "Camera: agentview, wrist or both.")
    var camera: CameraChoice = .agentview

    @Option(help: "Image side in pixels: 64, 128 or 256.")
    var size: Int = Render.defaultImageSide

    @Option(help: "Comma-separated layers per camera: rgb, depth, segmentation.")
    var layers: String = "rgb"

    @Option(help: "Number of frames; more than one writes an episode along the gripper's loop.")
    var frames: Int = 1

    @Option(help: "Frames per second of the animation.")
    var fps: Int = 10

    @Flag(help: "Write the frames as one image strip (rows of frames) instead of an animation.")
    var strip = false

    @Option(help: "Frames per row of the strip.")
    var columns: Int = 8

    func validate() throws {
        guard Render.standardImageSides.contains(size) else {
            throw ValidationError("--size must be one of \(Render.standardImageSides.map(String.init).joined(separator: ", "))")
        }
        guard (1...10_000).contains(frames) else { throw ValidationError("--frames must be 1...10000") }
        guard (1...1000).contains(fps) else { throw ValidationError("--fps must be 1...1000") }
        guard columns > 0 else { throw ValidationError("--columns must be positive") }
        let panels = try parsedLayers().count * (camera == .both ? 2 : 1)
        guard frames * panels * size * size * 3 <= Self.maxEpisodeBytes else {
            throw ValidationError("--frames \(frames) of \(panels) panels at \(size)x\(size) exceed 512 MB of pixels")
        }
    }

    /// The most image data an episode may hold in memory before it is encoded.
    static let maxEpisodeBytes = 512 << 20

    private func parsedLayers() throws -> [Layer] {
        let names = layers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let parsed = names.compactMap(Layer.init(rawValue:))
        guard !parsed.isEmpty, parsed.count == names.count else {
            throw ValidationError("--layers takes a comma-separated list of rgb, depth, segmentation")
        }
        return parsed
    }

    func run() throws {
        var paths = OutputPaths()
        let target = try paths.file("--out", out, kind: .png, force: nil).path
        do {
            let layers = try parsedLayers()
            let rasterizer = Render.Rasterizer()
            var frame = Render.Frame()
            var images: [Render.RGBImage] = []
            for index in 0..<frames {
                let gripper = Render.SampleScene.gripperPath(phase: Double(index) / Double(max(frames, 2)))
                let scene = Render.SampleScene.tabletop(gripper: gripper)
                var panels: [Render.RGBImage] = []
                for camera in try cameras(gripper: gripper) {
                    rasterizer.render(scene, camera: camera, into: &frame)
                    for layer in layers {
                        switch layer {
                        case .rgb: panels.append(frame.rgb)
                        case .depth: panels.append(frame.depthPreview(near: 0.05, far: 2.5))
                        case .segmentation: panels.append(frame.segmentationPreview())
                        }
                    }
                }
                images.append(try Render.RGBImage.grid(panels, columns: panels.count))
            }
            if images.count == 1 {
                try Render.PNG.write(images[0], to: target)
            } else if strip {
                try Render.PNG.write(Render.RGBImage.grid(images, columns: columns, gap: 2), to: target)
            } else {
                try Render.PNG.writeAnimation(images, framesPerSecond: fps, to: target)
            }
        } catch let error as Render.RenderError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(ExitStatus.runtimeFailure)
        }
    }

    private func cameras(gripper: Render.Pose) throws -> [Render.Camera] {
        let agentview = try Render.SampleScene.agentviewCamera(size: size)
        let wrist = try Render.SampleScene.wristCamera(gripper: gripper, size: size)
        switch camera {
        case .agentview: return [agentview]
        case .wrist: return [wrist]
        case .both: return [agentview, wrist]
        }
    }
}
