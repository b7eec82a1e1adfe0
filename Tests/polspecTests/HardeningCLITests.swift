import Foundation
import SafeTensors
import Testing

/// The hostile-input findings of issue 18, as a user (or an attacker) meets them on the
/// command line: sizes that used to trap, outputs that clobbered inputs or device nodes,
/// failed writes reported as success, and concurrent or signalled training runs.
@Suite struct HardeningCLITests {
    static let spec = "specs/mlp-bc-state.yaml"

    /// A scratch folder removed at the end of a test.
    struct Scratch {
        let url = PolspecProcess.temporary("harden")
        init() { try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }
        func remove() { try? FileManager.default.removeItem(at: url) }
    }

    /// An input for mlp-bc-state: `state` [1, 39], with `values` at the start.
    static func state(_ scratch: Scratch, _ values: [Float] = []) throws -> String {
        var writer = SafeTensorsWriter()
        try writer.add("state", float32: values + [Float](repeating: 0.1, count: 39 - values.count), shape: [1, 39])
        let path = scratch.path("state-\(UUID().uuidString).safetensors")
        try writer.write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func hugeAndNegativeBatchesAreUsageErrors() throws {
        for batch in ["100000000000000", "9223372036854775807"] {
            let run = try PolspecProcess.run("build", Self.spec, "--batch", batch)
            #expect(run.status == 2 && run.stderr.contains("--batch: a batch of \(batch) is too large"), "\(run.stderr)")
            let train = try PolspecProcess.run("build", Self.spec, "--batch", batch, "--graph", "train")
            #expect(train.status == 2, "\(train.stderr)")
        }
        let negative = try PolspecProcess.run("build", Self.spec, "--batch", "-1")
        #expect(negative.status == 2 && negative.stderr.contains("--batch must be at least 1, got -1"), "\(negative.stderr)")
        let threads = try PolspecProcess.run("infer", Self.spec, "--init-seed", "0", "--input", "x", "--output", "y", "--threads", "100000")
        #expect(threads.status == 2 && threads.stderr.contains("--threads must be 1...64"), "\(threads.stderr)")
    }

    @Test func hugeDemoAndEpisodeCountsAreUsageErrors() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let train = try PolspecProcess.run("train", Self.spec, "--suite", "metaworld-like", "--tasks", "reach", "--demos", "9223372036854775807",
                                           "--out", scratch.path("run"))
        #expect(train.status == 2 && train.stderr.contains("demos per task must be 1...1000000"), "\(train.stderr)")
        let bench = try PolspecProcess.run("bench", "--policy", "expert", "--tasks", "mt10", "--episodes", "4611686018427387904",
                                           "--out", scratch.path("bench"))
        #expect(bench.status == 2 && bench.stderr.contains("episodes one run evaluates"), "\(bench.stderr)")
    }

    @Test func inferOutputsNeverAliasInputsOrEachOther() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let spec = scratch.path("spec.yaml")
        try FileManager.default.copyItem(atPath: PolspecProcess.root.appendingPathComponent(Self.spec).path, toPath: spec)
        let specText = try String(contentsOfFile: spec, encoding: .utf8)
        let input = try Self.state(scratch)
        let inputBytes = try Data(contentsOf: URL(fileURLWithPath: input))
        let cases: [[String]] = [
            ["--save-weights", spec, "--output", scratch.path("a.safetensors")],
            ["--save-weights", scratch.path("w.safetensors"), "--output", scratch.path("w.safetensors")],
            ["--output", input],
            ["--output", input, "--force"],
            ["--save-weights", spec, "--output", scratch.path("b.safetensors"), "--force"],
        ]
        for extra in cases {
            let run = try PolspecProcess.run(["infer", spec, "--init-seed", "0", "--input", input] + extra)
            #expect(run.status == 2, "\(extra): \(run.stderr)")
        }
        #expect(try String(contentsOfFile: spec, encoding: .utf8) == specText, "the spec was overwritten")
        #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == inputBytes, "the input was overwritten")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("w.safetensors")))
    }

    @Test func outputsAreNewPathsOrRegularFilesOfTheirKind() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let fifo = scratch.path("fifo")
        #expect(mkfifo(fifo, 0o644) == 0)
        let input = try Self.state(scratch)
        let schemaToFIFO = try PolspecProcess.run("schema", "--output", fifo)
        #expect(schemaToFIFO.status == 2 && schemaToFIFO.stderr.contains("a FIFO, not a regular file"), "\(schemaToFIFO.stderr)")
        let inferToFIFO = try PolspecProcess.run("infer", Self.spec, "--init-seed", "0", "--input", input, "--output", fifo)
        #expect(inferToFIFO.status == 2, "\(inferToFIFO.stderr)")
        try FileManager.default.createSymbolicLink(atPath: scratch.path("to-fifo"), withDestinationPath: fifo)
        #expect(try PolspecProcess.run("schema", "--output", scratch.path("to-fifo")).status == 2)
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "the FIFO was replaced")

        let notes = scratch.path("notes.txt")
        try "my notes\n".write(toFile: notes, atomically: true, encoding: .utf8)
        let refused = try PolspecProcess.run("schema", "--output", notes)
        #expect(refused.status == 2 && refused.stderr.contains("not a json file") && refused.stderr.contains("--force"), "\(refused.stderr)")
        #expect(try String(contentsOfFile: notes, encoding: .utf8) == "my notes\n")
        #expect(try PolspecProcess.run("schema", "--output", notes, "--force").status == 0)
        #expect(try String(contentsOfFile: notes, encoding: .utf8).hasPrefix("{"))

        // A symlink is followed, as fmt follows it: the target is replaced, the link stays.
        let target = scratch.path("schema.json"), link = scratch.path("link.json")
        try "{}".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(try PolspecProcess.run("schema", "--output", link).status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8).count > 1000)
        let text = scratch.path("spec.txt")
        try "name: x\n".write(toFile: text, atomically: true, encoding: .utf8)
        let weights = try PolspecProcess.run("infer", Self.spec, "--init-seed", "0", "--input", input, "--output", scratch.path("o.safetensors"),
                                             "--save-weights", text)
        #expect(weights.status == 2 && weights.stderr.contains("not a safetensors file"), "\(weights.stderr)")
    }

    @Test func failedWritesToStandardOutputExit3() throws {
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        defer { try? full.close() }
        let input = try String(contentsOf: PolspecProcess.root.appendingPathComponent(Self.spec), encoding: .utf8)
        for (arguments, stdin) in [(["schema"], nil), (["explain", "--reference"], nil), (["fmt", "-"], input), (["--help"], nil)] as [([String], String?)] {
            let run = try PolspecProcess.run(arguments, input: stdin, standardOutput: full)
            #expect(run.status == 3 && run.stderr.contains("cannot write to standard output"), "\(arguments): \(run.status) \(run.stderr)")
        }
    }

    @Test func inferRefusesNonFiniteInputsAndWeights() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let output = scratch.path("action.safetensors")
        for values: [Float] in [[.nan], [0, .infinity], [0, 0, -.infinity]] {
            let run = try PolspecProcess.run("infer", Self.spec, "--init-seed", "0", "--input", try Self.state(scratch, values), "--output", output)
            #expect(run.status == 3 && run.stderr.contains("input tensor 'state' holds"), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: output))
        }
        let weights = scratch.path("w.safetensors")
        #expect(try PolspecProcess.run("infer", Self.spec, "--init-seed", "0", "--input", try Self.state(scratch), "--output", output,
                                       "--save-weights", weights).status == 0)
        let file = try SafeTensorsFile(contentsOf: URL(fileURLWithPath: weights))
        var writer = SafeTensorsWriter()
        for name in file.names {
            var values = try file.float32(name)
            if name == "head.fc1.bias" { values[3] = .nan }
            try writer.add(name, float32: values, shape: try file.entry(name).shape)
        }
        try writer.write(to: URL(fileURLWithPath: weights))
        let run = try PolspecProcess.run("infer", Self.spec, "--weights", weights, "--input", try Self.state(scratch), "--output", scratch.path("b.safetensors"))
        #expect(run.status == 3 && run.stderr.contains("weights tensor 'head.fc1.bias' holds 1 NaN and 0 infinite values (the first, nan, at [3])"), "\(run.stderr)")
        let overflow = try PolspecProcess.run("infer", Self.spec, "--init-seed", "0", "--input", try Self.state(scratch, [Float](repeating: 3e38, count: 39)),
                                              "--output", scratch.path("c.safetensors"))
        #expect(overflow.status == 3 && overflow.stderr.contains("output tensor 'action' holds"), "\(overflow.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("c.safetensors")))
    }

    @Test func benchReportFoldersAreCheckedBeforeEvaluating() throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        let arguments = ["bench", "--policy", "expert", "--tasks", "reach", "--episodes", "1", "--quiet", "--out"]
        #expect(try PolspecProcess.run(arguments + [scratch.path("report")]).status == 0)
        let again = try PolspecProcess.run(arguments + [scratch.path("report")])
        #expect(again.status == 2 && again.stderr.contains("already holds a report"), "\(again.stderr)")
        #expect(try PolspecProcess.run(arguments + [scratch.path("report"), "--force"]).status == 0)
        try "x".write(toFile: scratch.path("file"), atomically: true, encoding: .utf8)
        let file = try PolspecProcess.run(arguments + [scratch.path("file")])
        #expect(file.status == 2 && file.stderr.contains("not a folder"), "\(file.stderr)")
        let merged = try PolspecProcess.run("bench", "merge", scratch.path("report"), "--out", scratch.path("report"), "--quiet")
        #expect(merged.status == 2, "\(merged.stderr)")
    }
}
