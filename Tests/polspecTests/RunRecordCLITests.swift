import Foundation
import SafeTensors
import Testing

/// Run folders keep their spec and how they were made, `polspec train RUN/spec.yaml` trains the
/// run again, and `polspec infer --checkpoint` runs a trained policy on raw observations.
@Suite struct RunRecordCLITests {
    typealias Scratch = TrainCLITests.Scratch

    @Test func aRunFolderKeepsItsSpecAndTrainsAgainToTheSameWeights() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let first = try TrainCLITests.train(scratch, "--out", scratch.path("run"), "--set", "recipe.stages.imitation.steps=12")
        #expect(first.status == 0, "\(first.stderr)")
        let manager = FileManager.default
        for file in ["spec.yaml", "run.json", "sources/tiny-bc.yaml"] {
            #expect(manager.fileExists(atPath: scratch.path("run/\(file)")), "\(file)")
        }
        // spec.yaml checks, to the run's hash, and is formatted.
        let checked = try PolspecProcess.run(["check", "-v", scratch.path("run/spec.yaml")])
        #expect(checked.status == 0, "\(checked.stdout)")
        let checkpoint = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: scratch.path("run/checkpoints/step-000012/checkpoint.json")))) as? [String: Any])
        let identity = try #require(checkpoint["spec"] as? [String: Any])
        let hash = try #require(identity["hash"] as? String)
        #expect(checked.stdout.contains("hash \(hash)"), "\(checked.stdout)")
        #expect(checkpoint["stage_name"] as? String == "imitation" && checkpoint["optimizer"] as? String == "adamw")
        #expect(try PolspecProcess.run(["fmt", "--check", scratch.path("run/spec.yaml")]).status == 0)
        // The checkpoint's spec.json checks too.
        let json = try PolspecProcess.run(["check", "-v", scratch.path("run/checkpoints/step-000012/spec.json")])
        #expect(json.status == 0 && json.stdout.contains("hash \(hash)"), "\(json.stdout)")
        // run.json: the command line, the --set list, the version, the options.
        let record = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: scratch.path("run/run.json")))) as? [String: Any])
        let invocation = try #require((record["invocations"] as? [[String: Any]])?.last)
        #expect((invocation["command"] as? [String])?.prefix(2) == ["polspec", "train"])
        #expect((invocation["spec"] as? [String: Any])?["overrides"] as? [String] == ["recipe.stages.imitation.steps=12"])
        #expect(invocation["polspec_version"] as? String == "0.1.0")
        #expect((invocation["options"] as? [String: String])?["tasks"] == "reach")
        // Training the recorded spec again (options from run.json) gives the same weights.
        let again = try PolspecProcess.run(["train", scratch.path("run/spec.yaml"), "--out", scratch.path("again")])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("training the recorded run again: --suite metaworld-like --tasks reach --demos 2"), "\(again.stderr)")
        let a = try Data(contentsOf: URL(fileURLWithPath: scratch.path("run/checkpoints/step-000012/weights.safetensors")))
        let b = try Data(contentsOf: URL(fileURLWithPath: scratch.path("again/checkpoints/step-000012/weights.safetensors")))
        #expect(a == b, "the recorded run trained again differs")
    }

    @Test func resumingWithALongerStageIsAllowedAndAChangedOneIsNamed() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        #expect(try TrainCLITests.train(scratch, "--out", scratch.path("run"), "--until-step", "6").status == 0)
        let longer = try TrainCLITests.train(scratch, "--resume", scratch.path("run"), "--set", "recipe.stages.imitation.steps=30", "--set", "name=renamed")
        #expect(longer.status == 0, "\(longer.stderr)")
        let record = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: scratch.path("run/run.json")))) as? [String: Any])
        #expect((record["invocations"] as? [Any])?.count == 2)
        #expect(try String(contentsOfFile: scratch.path("run/spec.yaml"), encoding: .utf8).contains("steps: 30"))
        let changed = try TrainCLITests.train(scratch, "--resume", scratch.path("run/checkpoints/step-000006"), "--set", "recipe.stages.imitation.batch=4")
        #expect(changed.status == 3 && changed.stderr.contains("recipe.stages.imitation.batch: 8 → 4 (the stage in progress)"), "\(changed.stderr)")
    }

    /// Raw observations in, raw actions out: the same as standardising by hand, running the
    /// weights, and mapping the actions back with the documented formulas.
    @Test func inferCheckpointAppliesTheNormalisation() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        #expect(try TrainCLITests.train(scratch, "--out", scratch.path("run")).status == 0)
        let checkpoint = scratch.path("run/checkpoints/step-000020")
        let normalization = try SafeTensorsFile(contentsOf: URL(fileURLWithPath: checkpoint + "/normalization.safetensors"))
        let mean = try normalization.float32("observation.state.mean"), std = try normalization.float32("observation.state.std")
        let low = try normalization.float32("action.min"), high = try normalization.float32("action.max")
        #expect(normalization.metadata["action.range"] == "-1.0,1.0")
        let raw = (0..<78).map { Float(sin(Double($0))) }
        let standardised = raw.enumerated().map { i, x in
            let s = std[i % 39]
            return Double(s) < 1e-4 ? x - mean[i % 39] : (x - mean[i % 39]) / s
        }
        let rawInput = try InferCLITests.file("raw.safetensors") { try $0.add("state", float32: raw, shape: [2, 1, 39]) }
        let normalInput = try InferCLITests.file("normal.safetensors") { try $0.add("state", float32: standardised, shape: [2, 39]) }
        let deployed = PolspecProcess.temporary("deployed.safetensors"), plain = PolspecProcess.temporary("plain.safetensors")
        defer { [rawInput, normalInput, deployed.path, plain.path].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        let run = try PolspecProcess.run(["infer", "--checkpoint", scratch.path("run"), "--input", rawInput, "--output", deployed.path])
        #expect(run.status == 0, "\(run.stderr)")
        let direct = try PolspecProcess.run(["infer", TrainCLITests.spec, "--weights", checkpoint + "/weights.safetensors",
                                             "--input", normalInput, "--output", plain.path])
        #expect(direct.status == 0, "\(direct.stderr)")
        let actions = try SafeTensorsFile(contentsOf: deployed)
        #expect(actions.metadata["polspec.actions"] == "raw")
        let normalised = try SafeTensorsFile(contentsOf: plain).float32("action")
        let expected = normalised.enumerated().map { i, n -> Float in
            let (lo, hi) = (Double(low[i % 4]), Double(high[i % 4]))
            let s = hi - lo < 1e-4 ? 1 : 2 / (hi - lo)
            return Float((Double(n) - 0) / s + (lo + hi) / 2)
        }
        let got = try actions.float32("action")
        #expect(zip(got, expected).allSatisfy { abs($0 - $1) <= 1e-5 + 1e-5 * abs($1) }, "\(got) vs \(expected)")
        // A spec whose architecture differs is refused; one that differs in its recipe only runs.
        let other = try PolspecProcess.run(["infer", TrainCLITests.spec, "--checkpoint", scratch.path("run"), "--input", rawInput,
                                            "--output", deployed.path, "--set", "head.hidden=[8]"])
        #expect(other.status == 2 && other.stderr.contains("its architecture differs"), "\(other.stderr)")
        #expect(try PolspecProcess.run(["infer", TrainCLITests.spec, "--checkpoint", scratch.path("run"), "--input", rawInput,
                                        "--output", deployed.path, "--set", "recipe.stages.imitation.steps=5"]).status == 0)
    }

    @Test func aBenchReportFolderKeepsItsRecord() throws {
        let out = PolspecProcess.temporary("bench-record")
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try PolspecProcess.run(["bench", "--suite", "metaworld-like", "--policy", "expert", "--tasks", "reach", "--episodes", "2",
                                          "--out", out.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let record = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("run.json"))) as? [String: Any])
        let invocation = try #require((record["invocations"] as? [[String: Any]])?.first)
        #expect((invocation["command"] as? [String])?.contains("--policy") == true && invocation["spec"] == nil)
        #expect((invocation["options"] as? [String: String])?["policy"] == "expert")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("spec.yaml").path), "no spec for a built-in policy")
    }
}
