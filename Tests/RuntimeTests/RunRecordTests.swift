import Compiler
import Foundation
import SafeTensors
import SpecLang
import Testing
@testable import Runtime

/// What run folders and checkpoints keep of their spec: a finished checkpoint names its last
/// stage and optimizer and records the split hashes; its spec.json checks; older checkpoints
/// still read; resuming compares what the resumed state depends on; the run record keeps the
/// resolved spec and the sources.
@Suite struct RunRecordTests {
    @Test func aFinishedCheckpointNamesItsLastStageAndRecordsTheHashes() throws {
        let out = temporaryDirectory("finished")
        defer { try? FileManager.default.removeItem(at: out) }
        let spec = try SyntheticTask.spec(steps: 4, batch: 4, width: 8, schedule: "constant")
        let outcome = try TrainerTests.train(spec, data: try SyntheticTask.data(), out: out)
        let checkpoint = try Checkpoint.read(from: outcome.checkpoint)
        let m = checkpoint.manifest
        #expect(m.finished && m.stage == 1 && m.stageName == "imitation" && m.optimizer == "adamw")
        #expect(m.spec.hashes == spec.hashes && m.spec.hash == spec.hash)
        let own = SpecChecker.check(text: checkpoint.specJSON, path: "spec.json")
        #expect(own.diagnostics.isEmpty && own.spec?.hashes == spec.hashes, "\(own.diagnostics.map(\.message))")
        #expect(try checkpoint.validateForResume(windowCount: 1_000).hash == spec.hash)
        let metadata = try SafeTensorsFile(contentsOf: outcome.checkpoint.appendingPathComponent(Checkpoint.weightsFile)).metadata
        #expect(metadata["polspec.architecture_hash"] == spec.hashes.architecture && metadata["polspec.interface_hash"] == spec.hashes.interface)
    }

    @Test func aCheckpointWithoutSplitHashesStillReads() throws {
        // Written before the hash was split: spec.json with nulls, `hash` the SHA-256 of spec.json.
        let spec = try SyntheticTask.spec(steps: 4, schedule: "constant")
        let legacyJSON = spec.canonicalJSON.replacingOccurrences(of: "\"chunk\":1,", with: "\"chunk\":1,\"execute\":null,")
        var identity = CheckpointManifest.SpecIdentity(spec)
        identity.interfaceHash = nil
        identity.architectureHash = nil
        identity.recipeHash = nil
        identity.hash = SHA256.hex(Array(legacyJSON.utf8))
        let manifest = CheckpointManifest(polspecVersion: "old", spec: identity, data: "d", stage: 1, stageName: "", step: 0, globalStep: 4,
                                          totalSteps: 4, sampler: .init(epoch: 0, cursor: 0), optimizer: "")
        let normalization = Normalization(observations: [:], actionMin: [0, 0], actionMax: [1, 1], actionRange: [-1, 1])
        var checkpoint = Checkpoint(manifest: manifest, specJSON: legacyJSON, parameters: [:], ema: nil, optimizer: [:], normalization: normalization)
        #expect(try checkpoint.spec().hashes == spec.hashes)
        checkpoint.manifest.spec.hash = String(repeating: "0", count: 64)
        #expect(throws: CheckpointError.self) { _ = try checkpoint.spec() }
    }

    static func twoStages(first: String = "{name: first, objective: bc, steps: 6, batch: 4}", second: String) throws -> Spec {
        try Fixtures.spec("""
            polspec: 1
            name: two-stages
            observation:
              state: {kind: vector, dim: 6}
            action: {dim: 2, chunk: 1}
            head: {kind: mlp, condition: [state], hidden: [8]}
            recipe:
              stages:
                - \(first)
                - \(second)
            """)
    }

    @Test func resumingAllowsChangesToWhatHasNotRunAndNamesWhatBlocks() throws {
        let out = temporaryDirectory("resume-later")
        defer { try? FileManager.default.removeItem(at: out) }
        let data = try SyntheticTask.data()
        let spec = try Self.twoStages(second: "{name: second, objective: bc, steps: 6, batch: 4}")
        let stopped = try TrainerTests.train(spec, data: data, out: out, stopAfter: 6)
        let checkpoint = try Checkpoint.read(from: stopped.checkpoint)
        // The second stage has not started: it may change.
        let later = try Self.twoStages(second: "{name: second, objective: bc, steps: 9, batch: 2, optimizer: {kind: sgd, lr: 0.01}}")
        let resumed = try TrainerTests.train(later, data: data, out: out, resume: checkpoint)
        guard case .finished = resumed else { Issue.record("expected a finished run, got \(resumed)"); return }
        // Changing the finished stage is refused, naming the value.
        let edited = try Self.twoStages(first: "{name: first, objective: bc, steps: 6, batch: 8}", second: "{name: second, objective: bc, steps: 6, batch: 4}")
        let error = #expect(throws: CheckpointError.self) { _ = try TrainerTests.train(edited, data: data, out: out, resume: checkpoint) }
        #expect(error?.description.contains("recipe.stages.first.batch: 4 → 8 (a finished stage)") == true, "\(error?.description ?? "")")
    }

    @Test func theRunRecordKeepsTheResolvedSpecAndItsSources() throws {
        let dir = temporaryDirectory("record-sources"), run = temporaryDirectory("record-run")
        defer {
            try? FileManager.default.removeItem(at: dir)
            try? FileManager.default.removeItem(at: run)
        }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("bases"), withIntermediateDirectories: true)
        let base = "observation:\n  state: {kind: vector, dim: 6}\n"
        try base.write(to: dir.appendingPathComponent("bases/obs.yaml"), atomically: true, encoding: .utf8)
        let top = "include: [bases/obs.yaml]\npolspec: 1\nname: recorded\naction: {dim: 2}\nhead: {kind: mlp, condition: [state]}\n"
            + "recipe:\n  stages:\n    - {name: bc, objective: bc, steps: 3}\n"
        try top.write(to: dir.appendingPathComponent("spec.yaml"), atomically: true, encoding: .utf8)
        let result = SpecChecker.check(file: dir.appendingPathComponent("spec.yaml").path, options: CheckOptions(overrides: ["recipe.stages.bc.steps=5"]))
        let spec = try #require(result.spec)
        let invocation = RunRecord.Invocation(polspecVersion: "test", command: ["polspec", "train"], spec: nil, options: ["suite": "metaworld-like"])
        try RunRecord.append(invocation, spec: spec, to: run)
        // The resolved spec checks to the same hashes, and the sources are the files as written.
        let resolved = SpecChecker.check(file: run.appendingPathComponent(RunRecord.specFile).path)
        #expect(resolved.spec?.hashes == spec.hashes && resolved.diagnostics.isEmpty)
        #expect(try String(contentsOf: run.appendingPathComponent("sources/spec.yaml"), encoding: .utf8) == top)
        #expect(try String(contentsOf: run.appendingPathComponent("sources/bases/obs.yaml"), encoding: .utf8) == base)
        let copied = SpecChecker.check(file: run.appendingPathComponent("sources/spec.yaml").path, options: CheckOptions(overrides: ["recipe.stages.bc.steps=5"]))
        #expect(copied.spec?.hash == spec.hash, "the copied sources check to the same spec")
        // A second invocation is appended; the record reads back.
        try RunRecord.append(invocation, spec: spec, to: run)
        let record = try #require(try RunRecord.read(run))
        #expect(record.invocations.count == 2)
        let recorded = try #require(record.latest?.spec)
        #expect(recorded.overrides == ["recipe.stages.bc.steps=5"] && recorded.hash == spec.hash && recorded.architectureHash == spec.hashes.architecture)
        #expect(recorded.sources.map(\.copy) == ["sources/spec.yaml", "sources/bases/obs.yaml"])
        #expect(recorded.sources[1].sha256 == SHA256.hex(Array(base.utf8)))
        #expect(record.latest?.options == ["suite": "metaworld-like"])
    }

    @Test func deploymentMapsAreThePolicysMaps() throws {
        let normalization = Normalization(observations: ["state": .init(mean: [1, 2], std: [2, 0])], actionMin: [-2, 0], actionMax: [2, 10],
                                          actionRange: [-1, 1], actionQuantiles: nil)
        let observation = normalization.normalizedObservation("state", HostTensor(shape: [2, 1, 2], floats: [3, 5, -1, 2]))
        #expect(observation.floats == [1, 3, -1, 0], "standardised per feature; a constant feature only centred")
        let raw = HostTensor(shape: [1, 2, 2], floats: [2, 10, 0, 5])
        let normalized = normalization.normalizedActions(raw)
        #expect(normalized.floats == [1, 1, 0, 0])
        #expect(normalization.rawActions(normalized).floats == raw.floats)
        let knots: [[Float]] = [(0...1024).map { Float($0) / 1024 }, (0...1024).map { Float($0 * $0) / 1_048_576 }]
        let quantile = Normalization(observations: [:], actionMin: [0, 0], actionMax: [1, 1], actionRange: [-1, 1], actionQuantiles: knots)
        let values = HostTensor(shape: [2, 2], floats: [0.25, 0.25, 0.75, 0.5625])
        var expected = values.floats
        expected.withUnsafeMutableBufferPointer { quantile.actionMap.apply($0) }
        let mapped = quantile.normalizedActions(values)
        #expect(mapped.floats == expected)
        expectClose(quantile.rawActions(mapped).floats, values.floats, absolute: 1e-6, "quantile round trip")
    }
}
