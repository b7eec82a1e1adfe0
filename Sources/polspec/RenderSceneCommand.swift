import ArgumentParser
import Bench
import Foundation
import SafeTensors

/// `polspec render scene`: writes what a suite's cameras see at the start of an episode.
struct RenderSceneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scene",
        abstract: "Write the agentview and wrist images of a suite's episode start as one PNG.",
        discussion: """
            The images are those a policy gets as the `agentview` and `wrist` observations (after
            libero-like's settle steps; calvin-like: chain k's start in scene D).

            Examples:
              polspec render scene --suite libero-like --tasks put_the_bowl_on_the_plate --out goal.png --size 256
              polspec render scene --suite calvin-like --episode 3 --out calvin.png
            """
    )

    @Option(help: "A suite with cameras (libero-like or calvin-like); a task set may follow a slash.")
    var suite = "libero-like"

    @Option(help: "A task set or task name; the first task is shown (default: the suite's full set).")
    var tasks: String?

    @Option(help: "calvin-like only: d-d or abc-d.")
    var split: String?

    @Option(help: "Episode number: the scene of evaluation episode k with run seed 0 (libero-like's initial state k, calvin-like's chain k).")
    var episode = 0

    @Option(help: "Image side in pixels: 64, 128 or 256.")
    var size = 256

    @Option(name: .shortAndLong, help: "Output PNG file (written atomically).")
    var out: String

    func run() throws {
        let (suite, selection) = try Suites.resolve(suite: suite, tasks: tasks, split: split, imageSize: size)
        guard episode >= 0 else { throw BenchUsageError("--episode must be at least 0") }
        let seed = EvaluationPlan.episodeSeed(run: 0, task: selection.tasks[0].name, number: episode)
        let env = suite.makeEnvironment(selection: selection, taskIndex: 0, configuration: .evaluation(episode), seed: seed)
        guard let cameras = env as? any CameraEnvironment else { throw BenchUsageError("suite '\(suite.name)' has no cameras") }
        var paths = OutputPaths()
        let target = try paths.file("--out", out, kind: .png, force: nil).path
        do { try Render.PNG.write(cameras.snapshot(), to: target) } catch {
            throw EvaluationError("\(error)")
        }
    }
}
