import Foundation
import Testing

/// Every paper-head spec trains and benches end to end from the command line (shrunk with
/// `--set` to seconds: a few steps, a narrow model, one episode of one libero-like task).
@Suite struct PaperHeadsCLITests {
    static let task = "pick_up_the_black_bowl_on_the_stove_and_place_it_on_the_plate"

    @Test(arguments: [
        ("specs/dita.yaml", ["head.dim=32", "head.depth=1", "head.diffusion.sample_steps=2", "encoders.vision.channels=[8, 8, 8]",
                             "encoders.pool.hidden=[32]", "encoders.text.dim=32", "recipe.stages.0.schedule.warmup=0"]),
        ("specs/discrete-diffusion.yaml", ["head.dim=32", "head.depth=1", "head.rounds=2", "head.bins=16", "encoders.vision.channels=[8, 8, 8]",
                                           "encoders.text.dim=32", "recipe.stages.0.schedule.warmup=0"]),
        ("specs/uwm.yaml", ["head.dim=32", "head.depth=1", "head.diffusion.sample_steps=2", "encoders.vision.channels=[8, 8, 8]",
                            "recipe.stages.1.steps=2", "recipe.stages.1.batch=2"]),
    ])
    func trainsAndBenches(_ spec: String, _ shrink: [String]) throws {
        let root = PolspecProcess.temporary("paper")
        defer { try? FileManager.default.removeItem(at: root) }
        let sets = (shrink + ["recipe.stages.0.steps=2", "recipe.stages.0.batch=2"]).flatMap { ["--set", $0] }
        let run = try PolspecProcess.run(["bench", "--suite", "libero-like", "--tasks", Self.task, "--spec", spec, "--demos", "2",
                                          "--episodes", "1", "--data", root.appendingPathComponent("demos").path,
                                          "--out", root.appendingPathComponent("report").path, "--quiet"] + sets)
        try #require(run.status == 0, "\(spec): \(run.stdout) \(run.stderr)")
        let report = try String(contentsOf: root.appendingPathComponent("report/report.json"), encoding: .utf8)
        #expect(report.contains("\"episodes\""))
        let checkpoints = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("report/training/checkpoints").path)
        #expect(!checkpoints.isEmpty)
    }
}
