import Foundation
import Testing

/// Every spec in specs/ and its subfolders benches on a built-in suite, and trains and benches end to end from
/// the command line there (shrunk with `--set` to seconds: a narrow model, two steps per stage,
/// two demos, one episode of one task of the first suite `polspec check` says it fits, or of
/// each task of the task set it names).
@Suite struct ExampleSpecsCLITests {
    /// Per example spec, what shrinks it (every stage to 2 steps at batch 2, no warmup).
    static let shrunk: [String: [String]] = [
        "specs/default-libero-state-bc.yaml": stages(1),
        "specs/discrete-diffusion.yaml": stages(1) + ["head.dim=32", "head.depth=1", "head.rounds=2", "head.bins=16",
                                                      "encoders.vision.channels=[8, 8, 8]", "encoders.text.dim=32"],
        "specs/evidence/hamlet-no-memory.yaml": stages(2) + ["head.dim=32", "head.depth=1", "head.flow.steps=2", "encoders.vision.channels=[8, 8, 8]",
                                                             "encoders.text.dim=32", "encoders.memory.dim=32", "encoders.memory.depth=1",
                                                             "encoders.memory.memory_layers=1", "encoders.memory.tcl_negative_gap=2"],
        "specs/evidence/keypoint-pixels.yaml": stages(1) + ["encoders.trunk.hidden=[32]", "head.hidden=[32]"],
        "specs/evidence/vit-scratch.yaml": stages(1) + ["encoders.vision.dim=32", "encoders.vision.depth=1", "encoders.vision.predictor_dim=16",
                                                        "encoders.vision.predictor_depth=1", "head.hidden=[32]", "head.diffusion.sample_steps=2"],
        "specs/metaworld/discrete-diffusion.yaml": stages(1) + ["head.dim=32", "head.depth=1", "head.rounds=2", "head.bins=16",
                                                                "encoders.trunk.hidden=[32]"],
        "specs/metaworld/dita.yaml": stages(1) + ["head.dim=32", "head.depth=1", "head.diffusion.sample_steps=2", "encoders.trunk.hidden=[32]"],
        "specs/metaworld/ebt-policy.yaml": stages(1) + ["head.dim=32", "head.depth=1", "head.mcmc.infer_steps=3", "head.mcmc.train_steps=[1, 2]",
                                                        "encoders.trunk.hidden=[32]"],
        "specs/metaworld/mlp-bc.yaml": stages(1),
        "specs/mlp-bc-vision.yaml": stages(1) + ["encoders.front.channels=[8, 8, 8]", "head.hidden=[32]"],
        "specs/dita.yaml": stages(1) + ["head.dim=32", "head.depth=1", "head.diffusion.sample_steps=2", "encoders.vision.channels=[8, 8, 8]",
                                        "encoders.pool.hidden=[32]", "encoders.text.dim=32"],
        "specs/ebt-policy.yaml": stages(1) + ["head.dim=32", "head.depth=1", "head.mcmc.infer_steps=3", "head.mcmc.train_steps=[1, 2]",
                                              "encoders.vision.channels=[8, 8]", "encoders.text.dim=32"],
        "specs/hamlet.yaml": stages(2) + ["head.dim=32", "head.depth=1", "head.flow.steps=2", "encoders.vision.channels=[8, 8, 8]",
                                          "encoders.text.dim=32", "encoders.memory.dim=32", "encoders.memory.depth=1",
                                          "encoders.memory.memory_layers=1", "encoders.memory.tcl_negative_gap=2"],
        "specs/gmm.yaml": stages(1) + ["head.hidden=[32]"],
        "specs/jepa.yaml": stages(2) + ["encoders.vision.dim=32", "encoders.vision.depth=1", "encoders.vision.predictor_dim=16",
                                        "encoders.vision.predictor_depth=1", "head.hidden=[32]", "head.diffusion.sample_steps=2"],
        "specs/mlp-bc-state.yaml": stages(1),
        "specs/physhmr.yaml": stages(1) + ["encoders.trunk.hidden=[32]", "head.hidden=[32]"],
        "specs/transformer-tokens.yaml": stages(1) + ["encoders.patches.channels=[8, 8, 32]", "encoders.backbone.dim=32",
                                                      "encoders.backbone.depth=1", "encoders.backbone.heads=2", "head.hidden=[32]"],
        "specs/uwm.yaml": stages(2) + ["head.dim=32", "head.depth=1", "head.diffusion.sample_steps=2", "encoders.vision.channels=[8, 8, 8]"],
    ]

    /// One task per suite, the cheapest to record demos of.
    static let task = ["metaworld-like": "reach", "libero-like": "pick_up_the_black_bowl_on_the_stove_and_place_it_on_the_plate"]

    static func stages(_ count: Int) -> [String] {
        (0..<count).flatMap { ["recipe.stages.\($0).steps=2", "recipe.stages.\($0).batch=2", "recipe.stages.\($0).schedule=null"] }
    }

    @Test func everyExampleSpecIsCovered() throws {
        let specs = PolspecProcess.root.appendingPathComponent("specs")
        let examples = try FileManager.default.subpathsOfDirectory(atPath: specs.path)
            .filter { $0.hasSuffix(".yaml") }.map { "specs/\($0)" }
        #expect(Set(examples) == Set(Self.shrunk.keys))
    }

    @Test(arguments: shrunk.keys.sorted())
    func trainsAndBenches(_ spec: String) throws {
        let check = try PolspecProcess.run("check", spec, "--format", "json")
        try #require(check.status == 0, "\(check.stdout)")
        let json = try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any]
        let specs = try #require(json?["specs"] as? [[String: Any]])
        let suite = try #require((specs.first?["suites"] as? [String])?.first, "\(spec) benches on no suite")
        let root = PolspecProcess.temporary("example")
        defer { try? FileManager.default.removeItem(at: root) }
        // A spec that fits only a task set (a task one-hot sized for it) runs on that whole set.
        let parts = suite.split(separator: "/").map(String.init)
        let name = parts[0]
        let tasks = parts.count > 1 ? parts[1] : try #require(Self.task[name])
        let run = try PolspecProcess.run(["bench", "--suite", name, "--tasks", tasks, "--spec", spec,
                                          "--demos", "2", "--episodes", "1", "--data", root.appendingPathComponent("demos").path,
                                          "--out", root.appendingPathComponent("report").path, "--quiet"]
                                         + Self.shrunk[spec]!.flatMap { ["--set", $0] })
        try #require(run.status == 0, "\(spec): \(run.stdout) \(run.stderr)")
        let report = try String(contentsOf: root.appendingPathComponent("report/report.json"), encoding: .utf8)
        #expect(report.contains("\"episodes\""))
        let checkpoints = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("report/training/checkpoints").path)
        #expect(!checkpoints.isEmpty)
    }
}
