import Foundation
import SafeTensors
import Testing

/// `polspec infer` as a user runs it: weights written and read back, noise sources, and every
/// kind of bad input rejected with a clear message, exit status 3 and nothing written.
@Suite struct InferCLITests {
    static let mlpBC = "Tests/Fixtures/golden/lowering/mlp-bc"

    /// Writes a safetensors file of the given tensors; returns its path.
    static func file(_ name: String, _ fill: (inout SafeTensorsWriter) throws -> Void) throws -> String {
        var writer = SafeTensorsWriter()
        try fill(&writer)
        let url = PolspecProcess.temporary(name)
        try writer.write(to: url)
        return url.path
    }

    static func state(_ shape: [Int] = [2, 2, 5]) throws -> String {
        try file("state.safetensors") { try $0.add("state", float32: (0..<shape.reduce(1, *)).map { Float($0) / 10 }, shape: shape) }
    }

    /// Runs infer on the mlp-bc fixture spec with its weights and `input`; checks that a failing
    /// run wrote nothing.
    func infer(input: String, weights: String = "\(mlpBC).weights.safetensors", spec: String = "\(mlpBC).yaml",
               extra: [String] = []) throws -> PolspecProcess.Run {
        let output = PolspecProcess.temporary("action.safetensors")
        defer { try? FileManager.default.removeItem(at: output) }
        let run = try PolspecProcess.run(["infer", spec, "--weights", weights, "--input", input, "--output", output.path] + extra)
        if run.status != 0 { #expect(!FileManager.default.fileExists(atPath: output.path)) }
        return run
    }

    @Test func initSeedWeightsRoundTrip() throws {
        let (weights, first, second) = (PolspecProcess.temporary("w.safetensors"), PolspecProcess.temporary("a.safetensors"), PolspecProcess.temporary("b.safetensors"))
        defer { for url in [weights, first, second] { try? FileManager.default.removeItem(at: url) } }
        let input = try Self.state()
        let initRun = try PolspecProcess.run("infer", "\(Self.mlpBC).yaml", "--init-seed", "7", "--save-weights", weights.path,
                                           "--input", input, "--output", first.path)
        #expect(initRun.status == 0, "\(initRun.stderr)")
        let saved = try SafeTensorsFile(contentsOf: weights)
        #expect(saved.names == ["encoders.robot.0.bias", "encoders.robot.0.weight", "encoders.robot.1.bias", "encoders.robot.1.weight",
                                "encoders.trunk.0.bias", "encoders.trunk.0.weight", "encoders.trunk.1.bias", "encoders.trunk.1.weight",
                                "encoders.trunk.3.bias", "encoders.trunk.3.weight", "encoders.trunk.4.bias", "encoders.trunk.4.weight",
                                "head.fc1.bias", "head.fc1.weight", "head.fc2.bias", "head.fc2.weight", "head.norm1.bias", "head.norm1.weight"])
        #expect(try saved.entry("head.fc1.weight").shape == [7, 20])
        #expect(try saved.float32("encoders.trunk.1.weight") == [Float](repeating: 1, count: 8))
        #expect(saved.metadata["format"] == "pt" && saved.metadata["polspec.init_seed"] == "7")
        let reload = try PolspecProcess.run("infer", "\(Self.mlpBC).yaml", "--weights", weights.path, "--input", input, "--output", second.path)
        #expect(reload.status == 0, "\(reload.stderr)")
        let (a, b) = (try SafeTensorsFile(contentsOf: first), try SafeTensorsFile(contentsOf: second))
        #expect(try a.float32("action") == b.float32("action"))
        #expect(try a.entry("action").shape == [2, 2, 3])
    }

    /// A policy with carried state: an input without state starts every row's episode, the
    /// output holds the next state, and feeding it back continues the episodes.
    @Test func carriedStateStartsAndContinuesEpisodes() throws {
        let spec = "Tests/Fixtures/golden/encoders/moment-tokens"
        func run(_ name: String, camera: [Float], state: [Float], carried: [Float]? = nil, firstCall: [Float]? = nil) throws
            -> (PolspecProcess.Run, SafeTensorsFile?) {
            let input = try Self.file("\(name).in.safetensors") {
                try $0.add("camera", float32: camera, shape: [2, 3, 8, 8])
                try $0.add("state", float32: state, shape: [2, 5])
                if let carried { try $0.add("state.encoders.memory.summaries", float32: carried, shape: [2, 3, 2, 16]) }
                if let firstCall { try $0.add("state.first_call", float32: firstCall, shape: [2]) }
            }
            let output = PolspecProcess.temporary("\(name).out.safetensors")
            let result = try PolspecProcess.run("infer", "\(spec).yaml", "--weights", "\(spec).weights.safetensors", "--input", input,
                                                "--output", output.path)
            return (result, result.status == 0 ? try SafeTensorsFile(contentsOf: output) : nil)
        }
        let cameraA = (0..<(2 * 192)).map { Float($0 % 17) / 17 }, stateA = (0..<10).map { Float($0) / 10 - 0.5 }
        let cameraB = (0..<(2 * 192)).map { Float($0 % 5) / 5 }, stateB = (0..<10).map { 0.3 - Float($0) / 20 }
        // No state: every row starts its episode; the next state is written.
        let (startRun, start) = try run("memory-a", camera: cameraA, state: stateA)
        #expect(startRun.status == 0, "\(startRun.stderr)")
        #expect(start?.names == ["action", "next.state.encoders.memory.summaries"])
        let carried = try #require(try start?.float32("next.state.encoders.memory.summaries"))
        // The next observation: row 0 continues its episode, row 1 starts a new one.
        let (_, fresh) = try run("memory-b", camera: cameraB, state: stateB)
        let (nextRun, next) = try run("memory-ab", camera: cameraB, state: stateB, carried: carried, firstCall: [0, 1])
        #expect(nextRun.status == 0, "\(nextRun.stderr)")
        let (restarted, continued) = (try #require(try fresh?.float32("action")), try #require(try next?.float32("action")))
        #expect(Array(continued[6...]) == Array(restarted[6...]), "row 1 restarts")
        #expect(Array(continued[..<6]) != Array(restarted[..<6]), "row 0 remembers its first observation")
        // Some state but not all: reported, nothing run.
        let (missing, _) = try run("memory-partial", camera: cameraA, state: stateA, firstCall: [0, 0])
        #expect(missing.status == 3 && missing.stderr.contains("missing input 'state.encoders.memory.summaries'")
            && missing.stderr.contains("carried state"), "\(missing.stderr)")
    }

    @Test func samplingNoiseComesFromTheSeedOrTheInput() throws {
        let spec = "Tests/Fixtures/golden/lowering/mlp-ddim"
        let input = "\(spec).input.safetensors"
        let obs = try Self.file("obs.safetensors") { try $0.add("obs", float32: [0.1, -0.2, 0.3, 0.4, 0.5, 0.6, -0.7, 0.8], shape: [2, 4]) }
        func action(_ extra: [String], input: String) throws -> [Float] {
            let output = PolspecProcess.temporary("noise.safetensors")
            defer { try? FileManager.default.removeItem(at: output) }
            let run = try PolspecProcess.run(["infer", "\(spec).yaml", "--weights", "\(spec).weights.safetensors", "--input", input,
                                            "--output", output.path] + extra)
            #expect(run.status == 0, "\(run.stderr)")
            return (try? SafeTensorsFile(contentsOf: output).float32("action")) ?? []
        }
        let seeded = try action([], input: obs)
        #expect(seeded.count == 12)
        #expect(try action(["--noise-seed", "0"], input: obs) == seeded)
        #expect(try action(["--noise-seed", "1"], input: obs) != seeded)
        #expect(try action(["--noise-from-input"], input: input).count == 12)
        // The fed noise is an input like any other: without it the run stops.
        let missing = try infer(input: obs, weights: "\(spec).weights.safetensors", spec: "\(spec).yaml", extra: ["--noise-from-input"])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("error: missing input 'noise.initial': expected f32[2,3,2] (sampler noise)"))
    }

    @Test func badInputsAreAllReported() throws {
        let input = try Self.file("bad.safetensors") {
            try $0.add("state", int32: [Int32](repeating: 1, count: 20), shape: [2, 2, 5])
            try $0.add("extra", float32: [1], shape: [1])
        }
        let run = try infer(input: input)
        #expect(run.status == 3)
        #expect(run.stderr == """
            error: input 'state' is i32, expected f32 (observation 2 × vector[5] as [batch, frames, dim])
            error: unexpected input 'extra': the policy reads 'state'

            """)
    }

    @Test func misShapedAndMissingInputs() throws {
        let shape = try infer(input: try Self.state([2, 5]))
        #expect(shape.status == 3)
        #expect(shape.stderr.contains("error: input 'state' has shape [2,5], expected [2,2,5] (observation 2 × vector[5] as [batch, frames, dim])"))
        let other = try Self.file("other.safetensors") { try $0.add("stat", float32: [1], shape: [1]) }
        let missing = try infer(input: other)
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("error: missing input 'state': expected f32[1,2,5]"))
        #expect(missing.stderr.contains("error: unexpected input 'stat'"))
    }

    @Test func inputDtypesPolspecDoesNotRead() throws {
        let input = try Self.file("bytes.safetensors") { try $0.add("state", uint8: [UInt8](repeating: 1, count: 20), shape: [2, 2, 5]) }
        let run = try infer(input: input)
        #expect(run.status == 3)
        #expect(run.stderr.contains("error: input tensor 'state' is U8; polspec reads F32 (and I32 for text token ids)"))
    }

    @Test func inconsistentBatchesAndTokenIds() throws {
        let spec = "Tests/Fixtures/golden/lowering/cnn-text"
        let input = try Self.file("cnn.safetensors") {
            try $0.add("cam", float32: [Float](repeating: 0.5, count: 2 * 2 * 3 * 9 * 7), shape: [2, 2, 3, 9, 7])
            try $0.add("instruction", int32: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 0, 0, 0], shape: [3, 5])
        }
        let batch = try infer(input: input, weights: "\(spec).weights.safetensors", spec: "\(spec).yaml")
        #expect(batch.status == 3)
        #expect(batch.stderr.contains("error: input 'instruction' has shape [3,5], expected [2,5] (observation text[5] (vocab 11) as [batch, max_tokens])"))
        let ids = try Self.file("ids.safetensors") {
            try $0.add("cam", float32: [Float](repeating: 0.5, count: 2 * 2 * 3 * 9 * 7), shape: [2, 2, 3, 9, 7])
            try $0.add("instruction", int32: [1, 2, 3, 4, 5, 6, 7, 8, 9, 11], shape: [2, 5])
        }
        let vocabulary = try infer(input: ids, weights: "\(spec).weights.safetensors", spec: "\(spec).yaml")
        #expect(vocabulary.status == 3)
        #expect(vocabulary.stderr.contains("error: input 'instruction' holds token id 11 at flat index 9, outside the vocabulary 0..<11"))
    }

    @Test func unreadObservationsAreNamed() throws {
        let input = try Self.file("unused.safetensors") {
            try $0.add("state", float32: [Float](repeating: 0.5, count: 20), shape: [2, 2, 5])
            try $0.add("spare", float32: [Float](repeating: 0.5, count: 12), shape: [2, 2, 3])
        }
        let run = try infer(input: input, extra: ["--set", "observation.spare={kind: vector, dim: 3}"])
        #expect(run.status == 3)
        #expect(run.stderr.contains("warning[W0201]"))
        #expect(run.stderr.contains("error: input 'spare' is an observation the policy does not read"))
    }

    @Test func badWeightsAreAllReported() throws {
        let weights = try Self.file("weights.safetensors") { writer in
            let good = try SafeTensorsFile(contentsOf: PolspecProcess.root.appendingPathComponent("\(Self.mlpBC).weights.safetensors"))
            for name in good.names where name != "head.fc2.bias" {
                let entry = try good.entry(name)
                if name == "head.fc1.weight" {
                    try writer.add(name, float32: [Float](repeating: 0, count: 7 * 19), shape: [7, 19])
                } else {
                    try writer.add(name, float32: try good.float32(name), shape: entry.shape)
                }
            }
            try writer.add("head.fc3.weight", float32: [0], shape: [1])
        }
        let run = try infer(input: try Self.state(), weights: weights)
        #expect(run.status == 3)
        #expect(run.stderr == """
            error: weight 'head.fc1.weight' is f32[7,19], expected f32[7,20]
            error: missing weight 'head.fc2.bias': expected f32[6]
            error: unexpected weight 'head.fc3.weight': the policy has no parameter of that name

            """)
    }

    @Test func corruptFilesAreRuntimeFailures() throws {
        let junk = PolspecProcess.temporary("junk.safetensors")
        defer { try? FileManager.default.removeItem(at: junk) }
        try Data([1, 2, 3, 4, 5, 6, 7, 8, 9]).write(to: junk)
        let corrupt = try infer(input: junk.path)
        #expect(corrupt.status == 3)
        #expect(corrupt.stderr.contains("is not a valid safetensors file"))
    }

    @Test(arguments: [
        ["--weights", "w.safetensors", "--init-seed", "1"], [], ["--weights", "w.safetensors", "--save-weights", "x.safetensors"],
        ["--init-seed", "1", "--noise-seed", "1", "--noise-from-input"], ["--init-seed", "1", "--noise-from-input"],
    ])
    func usageErrorsExitTwo(_ options: [String]) throws {
        let run = try PolspecProcess.run(["infer", "\(Self.mlpBC).yaml", "--input", try Self.state(), "--output", PolspecProcess.temporary("o").path] + options)
        #expect(run.status == 2, "\(options): \(run.stderr)")
        #expect(!run.stderr.isEmpty)
    }

    @Test func missingFilesAreUsageErrors() throws {
        let noInput = try PolspecProcess.run("infer", "\(Self.mlpBC).yaml", "--init-seed", "1", "--input", "no/such.safetensors", "--output", "o.safetensors")
        #expect(noInput.status == 2 && noInput.stderr.contains("no such input file: no/such.safetensors"))
        let noWeights = try infer(input: try Self.state(), weights: "no/w.safetensors")
        #expect(noWeights.status == 2 && noWeights.stderr.contains("no such weights file"))
    }
}
