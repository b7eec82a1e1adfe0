import ArgumentParser
import Bench

/// `polspec render speed`: prints the rasteriser's frames per second per camera and size.
struct RenderSpeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speed",
        abstract: "Time the rasteriser on the sample tabletop scene (one thread).",
        discussion: """
            Renders batches of frames per camera and image size and prints a Markdown table of the
            median frames per second. Build in release mode for meaningful numbers.

            Example: polspec render speed --sizes 64,128 --frames 1000
            """
    )

    @Option(help: "Comma-separated image sides in pixels.")
    var sizes: String = Render.standardImageSides.map(String.init).joined(separator: ",")

    @Option(help: "Frames per timed batch.")
    var frames: Int = 400

    @Option(help: "Timed batches; the table shows their median.")
    var batches: Int = 5

    func validate() throws {
        guard (1...1_000_000).contains(frames) else { throw ValidationError("--frames must be 1...1000000") }
        guard (1...101).contains(batches) else { throw ValidationError("--batches must be 1...101") }
        _ = try parsedSizes()
    }

    private func parsedSizes() throws -> [Int] {
        let parsed = sizes.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parsed.isEmpty, parsed.allSatisfy({ $0.map { (8...1024).contains($0) } ?? false }) else {
            throw ValidationError("--sizes takes a comma-separated list of image sides 8...1024")
        }
        return parsed.compactMap { $0 }
    }

    func run() throws {
        let results = try Render.measureSpeed(sizes: parsedSizes(), framesPerBatch: frames, batches: batches)
        print(Render.SpeedResult.table(results))
    }
}
