import Foundation
import Testing

/// The ebt head from the command line: specs/ebt-policy.yaml builds with its estimate, trains a
/// few steps and benches an episode whose record carries the descent's steps and energy;
/// `polspec infer` writes those diagnostics next to the chunk.
@Suite struct EBTCLITests {
    static let spec = "specs/ebt-policy.yaml"

    @Test func buildMatchesTheEstimate() throws {
        let run = try PolspecProcess.run("build", Self.spec)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("head ebt") && run.stdout.contains("estimate (polspec check): parameters and FLOPs match"), "\(run.stdout)")
        let training = try PolspecProcess.run("build", Self.spec, "--graph", "train", "--batch", "2")
        #expect(training.status == 0 && training.stdout.contains("objective energy"), "\(training.stderr)")
    }

    @Test(arguments: ["blas", "reference"])
    func inferWritesTheDescentDiagnostics(_ backend: String) throws {
        let name = "ebt-unrolled"
        let output = PolspecProcess.temporary("ebt-infer-\(backend).safetensors")
        defer { try? FileManager.default.removeItem(at: output) }
        let run = try PolspecProcess.run("infer", HeadGoldenTests.file(name, "yaml").path, "--weights", HeadGoldenTests.file(name, "weights.safetensors").path,
                                         "--input", HeadGoldenTests.file(name, "input.safetensors").path, "--noise-from-input",
                                         "--output", output.path, "--backend", backend)
        #expect(run.status == 0, "\(run.stderr)")
        let written = try InferGoldenTests.tensors(output)
        #expect(Set(written.keys) == ["action", "diagnostic.descent_steps", "diagnostic.energy"])
        let expected = try HeadGoldenTests.tensors(name, "expected.safetensors")
        for (key, value) in written { InferGoldenTests.expectClose(value, try #require(expected[key]), "\(name) \(key)") }
    }

    @Test func trainsAndBenchesWithDescentDiagnostics() throws {
        let scratch = PolspecProcess.temporary("ebt-bench")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("report")
        let run = try PolspecProcess.run("bench", "--suite", "libero-like", "--tasks", "pick_up_the_black_bowl_on_the_stove_and_place_it_on_the_plate",
                                         "--spec", Self.spec, "--demos", "1", "--episodes", "2", "--data", scratch.appendingPathComponent("demos").path,
                                         "--set", "recipe.stages.0.steps=3", "--set", "recipe.stages.0.batch=4",
                                         "--set", "recipe.stages.0.schedule.warmup=1", "--set", "head.mcmc.infer_steps=4",
                                         "--set", "head.mcmc.train_steps=[1, 2]",
                                         "--out", out.path, "--quiet")
        #expect(run.status == 0, "\(run.stderr)")
        let latest = try String(contentsOf: out.appendingPathComponent("training/checkpoints/latest"), encoding: .utf8)
        #expect(latest == "step-000003\n")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("report.json"))) as? [String: Any]
        let episodes = try #require(report?["episodes"] as? [[String: Any]])
        #expect(episodes.count == 2)
        for episode in episodes {
            let diagnostics = try #require(episode["diagnostics"] as? [String: [String: Double]], "\(episode)")
            let steps = try #require(diagnostics["descent_steps"]), energy = try #require(diagnostics["energy"])
            #expect(steps["calls"]! >= 1 && steps["min"]! >= 1 && steps["max"]! <= 4, "\(steps)")
            #expect(energy["calls"] == steps["calls"] && energy["min"]! <= energy["mean"]! && energy["mean"]! <= energy["max"]!)
        }
    }
}
