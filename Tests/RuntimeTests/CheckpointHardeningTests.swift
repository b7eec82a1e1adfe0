import Compiler
import Foundation
import SafeTensors
import SpecLang
import Testing
@testable import Runtime

/// Checkpoints are files from disk: every manifest value, the tensors against each other, the
/// `latest` pointer and the run folder itself are checked before they are trusted (issue 18).
@Suite struct CheckpointHardeningTests {
    /// A run of 8 steps stopped after step 4: its folder and its checkpoint folder.
    static func stoppedRun(_ label: String) throws -> (run: URL, checkpoint: URL) {
        let out = temporaryDirectory(label)
        let outcome = try TrainerTests.train(try spec(), data: try SyntheticTask.data(), out: out, stopAfter: 4)
        guard case .stopped(let checkpoint, _) = outcome else { throw CheckpointError("expected a stopped run, got \(outcome)") }
        return (out, checkpoint)
    }

    static func spec() throws -> Spec { try SyntheticTask.spec(steps: 8, batch: 4, width: 8, schedule: "{kind: cosine, warmup: 2}") }

    /// Resumes from `checkpoint` (reading it first, as `polspec train --resume` does).
    static func resume(_ checkpoint: URL, out: URL) throws {
        _ = try TrainerTests.train(try spec(), data: try SyntheticTask.data(), out: out, resume: try Checkpoint.read(from: checkpoint))
    }

    /// Rewrites the manifest of `checkpoint` through `edit`.
    static func editManifest(_ checkpoint: URL, _ edit: (inout [String: Any]) -> Void) throws {
        let url = checkpoint.appendingPathComponent(Checkpoint.manifestFile)
        var manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        edit(&manifest)
        try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys]).write(to: url)
    }

    /// Replaces the file `name` of `checkpoint` and records its new size and digest, as a
    /// careful forger would.
    static func forge(_ checkpoint: URL, _ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: checkpoint.appendingPathComponent(name))
        try editManifest(checkpoint) { manifest in
            var files = manifest["files"] as! [String: Any]
            files[name] = ["bytes": bytes.count, "sha256": SHA256.hex(bytes)]
            manifest["files"] = files
        }
    }

    /// A copy of the stopped run's checkpoint to tamper with.
    static func copy(_ checkpoint: URL, as name: String) throws -> URL {
        let copy = checkpoint.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(name)
        try FileManager.default.copyItem(at: checkpoint, to: copy)
        return copy
    }

    @Test func negativeAndInconsistentManifestValuesAreRefused() throws {
        let (run, checkpoint) = try Self.stoppedRun("manifest-values")
        defer { try? FileManager.default.removeItem(at: run) }
        let edits: [(String, (inout [String: Any]) -> Void)] = [
            ("step -1", { $0["step"] = -1 }),
            ("global_step -1", { $0["global_step"] = -1 }),
            ("stage -1", { $0["stage"] = -1 }),
            ("total_steps -1", { $0["total_steps"] = -1 }),
            ("epoch -1", { $0["sampler"] = ["epoch": -1, "cursor": 0] }),
            ("epoch huge", { $0["sampler"] = ["epoch": Int.max, "cursor": 0] }),
            ("cursor -1", { $0["sampler"] = ["epoch": 0, "cursor": -1] }),
            ("cursor 10^12", { $0["sampler"] = ["epoch": 0, "cursor": 1_000_000_000_000] }),
            ("global_step disagrees with step", { $0["global_step"] = 5 }),
            ("step disagrees with global_step", { $0["step"] = 3 }),
            ("total_steps disagrees with the spec", { $0["total_steps"] = 9 }),
            ("stage name", { $0["stage_name"] = "other" }),
            ("bytes -1", { m in
                var files = m["files"] as! [String: Any]
                files[Checkpoint.specFile] = ["bytes": -1, "sha256": String(repeating: "0", count: 64)]
                m["files"] = files
            }),
        ]
        for (index, (label, edit)) in edits.enumerated() {
            let copy = try Self.copy(checkpoint, as: "edit-\(index)")
            try Self.editManifest(copy, edit)
            #expect(throws: CheckpointError.self, "\(label)") { try Self.resume(copy, out: run.appendingPathComponent("resumed-\(index)")) }
        }
    }

    @Test func aKeyGivenTwiceIsRefused() throws {
        let (run, checkpoint) = try Self.stoppedRun("manifest-duplicate")
        defer { try? FileManager.default.removeItem(at: run) }
        let url = checkpoint.appendingPathComponent(Checkpoint.manifestFile)
        let text = try String(contentsOf: url, encoding: .utf8)
        try ("{\n  \"step\" : 0," + text.dropFirst()).write(to: url, atomically: true, encoding: .utf8)
        let error = #expect(throws: CheckpointError.self) { _ = try Checkpoint.read(from: checkpoint) }
        #expect(error?.description.contains("key \"step\" appears twice") == true, "\(error?.description ?? "")")
    }

    @Test func fileNamesMustBePlainCheckpointFiles() throws {
        let (run, checkpoint) = try Self.stoppedRun("manifest-files")
        defer { try? FileManager.default.removeItem(at: run) }
        for (index, name) in ["../../../../etc/shadow", "/etc/passwd", "..", "notes.txt"].enumerated() {
            let copy = try Self.copy(checkpoint, as: "files-\(index)")
            try Self.editManifest(copy) { manifest in
                var files = manifest["files"] as! [String: Any]
                files[name] = ["bytes": 1, "sha256": String(repeating: "0", count: 64)]
                manifest["files"] = files
            }
            let error = #expect(throws: CheckpointError.self, "\(name)") { _ = try Checkpoint.read(from: copy) }
            #expect(error?.description.contains("\"\(name)\"") == true, "\(error?.description ?? "")")
            #expect(error?.description.contains("missing") == false, "the file was looked for: \(error?.description ?? "")")
        }
    }

    @Test func optimizerStateMustHaveItsParametersShape() throws {
        let (run, checkpoint) = try Self.stoppedRun("optimizer-shapes")
        defer { try? FileManager.default.removeItem(at: run) }
        let original = try Checkpoint.read(from: checkpoint)
        let name = try #require(original.optimizer.keys.sorted().first { $0.hasSuffix(".weight.exp_avg") })
        let tensor = original.optimizer[name]!
        #expect(tensor.shape.dims[0] != tensor.shape.dims[1], "the test needs a non-square weight")
        var transposed = original.optimizer
        transposed[name] = HostTensor(shape: Shape([tensor.shape.dims[1], tensor.shape.dims[0]]), floats: tensor.floats)
        try Self.forge(checkpoint, Checkpoint.optimizerFile, try TensorFile.bytes(transposed, metadata: [:]))
        let error = #expect(throws: CheckpointError.self) { _ = try Checkpoint.read(from: checkpoint) }
        #expect(error?.description.contains(name) == true, "\(error?.description ?? "")")
        var stray = original.optimizer
        stray["head.nowhere.weight.exp_avg"] = tensor
        try Self.forge(checkpoint, Checkpoint.optimizerFile, try TensorFile.bytes(stray, metadata: [:]))
        #expect(throws: CheckpointError.self) { _ = try Checkpoint.read(from: checkpoint) }
    }

    @Test func resumingChecksTheCheckpointsOwnSpec() throws {
        let (run, checkpoint) = try Self.stoppedRun("spec-json")
        defer { try? FileManager.default.removeItem(at: run) }
        let specJSON = try String(contentsOf: checkpoint.appendingPathComponent(Checkpoint.specFile), encoding: .utf8)
        try Self.forge(checkpoint, Checkpoint.specFile, Array(specJSON.replacingOccurrences(of: "\"steps\":8", with: "\"steps\":9").utf8))
        #expect(specJSON.contains("\"steps\":8"), "the test edits the stage's steps")
        let error = #expect(throws: CheckpointError.self) { try Self.resume(checkpoint, out: run) }
        #expect(error?.description.contains(Checkpoint.specFile) == true, "\(error?.description ?? "")")
    }

    @Test func latestMustNameAFolderOfItsRunAndIsQuotedEscaped() throws {
        let (run, _) = try Self.stoppedRun("latest")
        defer { try? FileManager.default.removeItem(at: run) }
        let latest = RunDirectory(run).checkpoints.appendingPathComponent("latest")
        for name in ["../../other/checkpoints/step-000004", "/tmp", "step\u{1B}[31m-red"] {
            try Data((name + "\n").utf8).write(to: latest)
            let error = #expect(throws: CheckpointError.self, "\(name)") { _ = try RunDirectory.checkpointDirectory(run) }
            #expect(error?.description.contains("\u{1B}") == false, "raw escape in \(error?.description ?? "")")
        }
    }

    /// Pruning removes only checkpoints the run recorded as its own: a folder the user keeps in
    /// `checkpoints/` survives.
    @Test func pruningKeepsFoldersTheRunDidNotWrite() throws {
        let out = temporaryDirectory("prune")
        defer { try? FileManager.default.removeItem(at: out) }
        let mine = RunDirectory(out).checkpoints.appendingPathComponent("step-000001")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: mine.appendingPathComponent("notes.txt"))
        _ = try TrainerTests.train(try Self.spec(), data: try SyntheticTask.data(), out: out, checkpointEvery: 2)
        let names = try FileManager.default.contentsOfDirectory(atPath: RunDirectory(out).checkpoints.path).sorted()
        #expect(names == ["latest", "step-000001", "step-000006", "step-000008", "written"], "\(names)")
        #expect(FileManager.default.fileExists(atPath: mine.appendingPathComponent("notes.txt").path))
    }

    @Test func runLockIsExclusiveAndNamesTheHolder() throws {
        let out = temporaryDirectory("lock")
        defer { try? FileManager.default.removeItem(at: out) }
        let run = RunDirectory(out)
        let lock = try RunLock(run)
        let error = #expect(throws: CheckpointError.self) { _ = try RunLock(run) }
        #expect(error?.description.contains("process \(getpid())") == true, "\(error?.description ?? "")")
        lock.release()
        try RunLock(run).release()
    }

    /// A refused lock closes its descriptor once. Its deinit closed it again (a class whose init
    /// throws after setting every property is deinitialised), which closes whatever file another
    /// thread opened under that number meanwhile: a test running alongside saw its checkpoint
    /// write fail with "Bad file descriptor". The second close is seen as EBADF left in errno.
    @Test func aRefusedLockClosesItsDescriptorOnce() throws {
        let out = temporaryDirectory("lock-refused")
        defer { try? FileManager.default.removeItem(at: out) }
        let run = RunDirectory(out)
        let lock = try RunLock(run)
        defer { lock.release() }
        errno = 0
        #expect(throws: CheckpointError.self) { _ = try RunLock(run) }
        #expect(errno != EBADF, "a closed descriptor was closed again")
    }

    @Test func lockingRemovesTemporariesOfDeadWritersOnly() throws {
        let out = temporaryDirectory("stale")
        defer { try? FileManager.default.removeItem(at: out) }
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let dead = finished.processIdentifier, alive = getpid()
        let run = RunDirectory(out)
        let manager = FileManager.default
        let paths = [
            run.checkpoints.appendingPathComponent(".step-000005.tmp-\(dead)"), run.checkpoints.appendingPathComponent(".step-000006.tmp-\(alive)"),
        ]
        for path in paths { try manager.createDirectory(at: path, withIntermediateDirectories: true) }
        let files = [
            run.checkpoints.appendingPathComponent(".latest.tmp-\(dead)-42"), out.appendingPathComponent(".loss-a.svg.tmp-\(dead)-7"),
            run.checkpoints.appendingPathComponent(".latest.tmp-\(alive)-42"), out.appendingPathComponent(".notes.tmp-x"),
        ]
        for file in files { try Data().write(to: file) }
        try RunLock(run).release()
        #expect(!manager.fileExists(atPath: paths[0].path) && manager.fileExists(atPath: paths[1].path))
        #expect(!manager.fileExists(atPath: files[0].path) && !manager.fileExists(atPath: files[1].path))
        #expect(manager.fileExists(atPath: files[2].path) && manager.fileExists(atPath: files[3].path))
    }
}
