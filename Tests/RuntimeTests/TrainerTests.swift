import Compiler
import Foundation
import SpecLang
import Testing
@testable import Runtime

/// Training runs end to end on the synthetic task: the loss falls, resuming is bit-exact,
/// checkpoints refuse what they must refuse, and a non-finite loss stops the run.
@Suite struct TrainerTests {
    static let version = "test"

    static func train(_ spec: Spec, data: TrainingData, out: URL, stopAfter: Int? = nil, checkpointEvery: Int = 100,
                      resume: Checkpoint? = nil, allowSpecChange: Bool = false) throws -> TrainingOutcome {
        let trainer = try Trainer(spec: spec, data: data, run: RunDirectory(out),
                                  options: TrainingOptions(checkpointEvery: checkpointEvery, logEvery: 10, stopAfter: stopAfter, polspecVersion: version),
                                  resume: resume, allowSpecChange: allowSpecChange)
        return try trainer.train()
    }

    @Test func lossFallsBelowBound() throws {
        let out = temporaryDirectory("loss")
        defer { try? FileManager.default.removeItem(at: out) }
        let spec = try SyntheticTask.spec(steps: 300)
        let outcome = try Self.train(spec, data: try SyntheticTask.data(), out: out)
        guard case .finished(let url) = outcome else { Issue.record("expected a finished run, got \(outcome)"); return }
        let records = try String(contentsOf: RunDirectory(out).metrics, encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(MetricsRecord.self, from: Data($0.utf8)) }
        #expect(records.count == 30)
        let first = try #require(records.first), last = try #require(records.last)
        // Normalised actions span [-1, 1]: predicting their mean gives a loss near 0.3.
        #expect(first.loss > 0.1)
        #expect(last.loss < 0.01, "final loss \(last.loss)")
        #expect(last.globalStep == 300)
        let checkpoint = try Checkpoint.read(from: url)
        #expect(checkpoint.manifest.finished)
        #expect(checkpoint.manifest.spec.hash == spec.hash)
        #expect(FileManager.default.fileExists(atPath: RunDirectory(out).lossCurve(stage: "imitation").path))
    }

    /// 400 steps straight and 200 + stop + resume 200 give identical bytes, with accumulation,
    /// EMA and a warm-up schedule in play.
    @Test func resumeIsBitExact() throws {
        let straight = temporaryDirectory("straight"), split = temporaryDirectory("split")
        defer {
            try? FileManager.default.removeItem(at: straight)
            try? FileManager.default.removeItem(at: split)
        }
        let spec = try SyntheticTask.spec(steps: 400, batch: 4, width: 8, extra: ", accumulate: 2, ema: 0.99")
        let data = try SyntheticTask.data()
        let full = try Self.train(spec, data: data, out: straight, checkpointEvery: 150)
        let first = try Self.train(spec, data: data, out: split, stopAfter: 200, checkpointEvery: 150)
        guard case .stopped(let middle, 200) = first else { Issue.record("expected a stop at 200, got \(first)"); return }
        let resumed = try Self.train(spec, data: data, out: split, checkpointEvery: 150, resume: try Checkpoint.read(from: middle))
        let a = try Checkpoint.read(from: full.checkpoint), b = try Checkpoint.read(from: resumed.checkpoint)
        #expect(a.manifest.globalStep == 400 && b.manifest.globalStep == 400)
        for name in a.parameters.keys.sorted() {
            #expect(a.parameters[name] == b.parameters[name], "parameter \(name) differs after resuming")
            #expect(a.ema?[name] == b.ema?[name], "EMA of \(name) differs after resuming")
        }
        let bytes = { (url: URL) in try Data(contentsOf: url.appendingPathComponent(Checkpoint.weightsFile)) }
        #expect(try bytes(full.checkpoint) == bytes(resumed.checkpoint))
        // The resumed run's metrics continue the first part's without a gap or a repeat.
        let steps = try String(contentsOf: RunDirectory(split).metrics, encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(MetricsRecord.self, from: Data($0.utf8)).globalStep }
        #expect(steps == Array(stride(from: 10, through: 400, by: 10)))
    }

    @Test func changedSpecIsRefusedUnlessAllowed() throws {
        let out = temporaryDirectory("mismatch")
        defer { try? FileManager.default.removeItem(at: out) }
        let data = try SyntheticTask.data()
        let spec = try SyntheticTask.spec(steps: 40, batch: 4, width: 8)
        let outcome = try Self.train(spec, data: data, out: out, stopAfter: 20, checkpointEvery: 20)
        let checkpoint = try Checkpoint.read(from: outcome.checkpoint)
        let changed = try SyntheticTask.spec(steps: 40, batch: 4, width: 8, optimizer: "{kind: adamw, lr: 1.0e-3, weight_decay: 1.0e-4}")
        #expect(changed.hash != checkpoint.manifest.spec.hash)
        let error = #expect(throws: CheckpointError.self) {
            _ = try Self.train(changed, data: data, out: out, resume: checkpoint)
        }
        #expect(error?.description.contains("--allow-spec-change") == true)
        let allowed = try Self.train(changed, data: data, out: out, resume: checkpoint, allowSpecChange: true)
        guard case .finished = allowed else { Issue.record("expected a finished run, got \(allowed)"); return }
        let other = try SyntheticTask.data(seed: 9)
        #expect(throws: CheckpointError.self) { _ = try Self.train(spec, data: other, out: out, resume: checkpoint) }
    }

    @Test func truncatedCheckpointIsAnError() throws {
        let out = temporaryDirectory("truncated")
        defer { try? FileManager.default.removeItem(at: out) }
        let outcome = try Self.train(try SyntheticTask.spec(steps: 30, batch: 4, width: 8), data: try SyntheticTask.data(), out: out)
        for file in [Checkpoint.weightsFile, Checkpoint.optimizerFile, Checkpoint.manifestFile] {
            let copy = out.appendingPathComponent("copy-\(file)")
            try FileManager.default.copyItem(at: outcome.checkpoint, to: copy)
            let url = copy.appendingPathComponent(file)
            let bytes = try Data(contentsOf: url)
            try bytes.prefix(bytes.count - 9).write(to: url)
            let error = #expect(throws: CheckpointError.self) { _ = try Checkpoint.read(from: copy) }
            #expect(error?.description.contains(file) == true, "\(error?.description ?? "")")
        }
        let missing = out.appendingPathComponent("nowhere")
        #expect(throws: CheckpointError.self) { _ = try RunDirectory.checkpointDirectory(missing) }
    }

    /// A learning rate that makes the weights explode gives an infinite or NaN loss: the run
    /// stops naming the stage and step, and the newest checkpoint on disk still loads, finite.
    @Test func nonFiniteLossStopsAndKeepsLastCheckpoint() throws {
        let out = temporaryDirectory("nan")
        defer { try? FileManager.default.removeItem(at: out) }
        let spec = try SyntheticTask.spec(steps: 200, batch: 4, width: 8, extra: ", clip: 0", optimizer: "{kind: sgd, lr: 1.0e+6, momentum: 0.9}",
                                          schedule: "constant")
        let error = #expect(throws: TrainingError.self) {
            _ = try Self.train(spec, data: try SyntheticTask.data(), out: out, checkpointEvery: 1)
        }
        let message = error?.description ?? ""
        #expect(message.contains("stage 'imitation' step "), "\(message)")
        let last = try #require(error?.lastCheckpoint)
        #expect(message.contains(last.path))
        let checkpoint = try Checkpoint.read(from: try RunDirectory.checkpointDirectory(out))
        #expect(checkpoint.manifest.globalStep >= 1)
        #expect(checkpoint.parameters.values.allSatisfy { $0.floats.allSatisfy(\.isFinite) })
    }
}

/// A checkpoint carries its spec: rebuilt from `spec.json`, it has the recorded hash.
@Suite struct CheckpointSpecTests {
    @Test func specRoundTripsThroughTheCheckpoint() throws {
        let out = temporaryDirectory("spec")
        defer { try? FileManager.default.removeItem(at: out) }
        let spec = try SyntheticTask.spec(steps: 4, batch: 4, width: 8, extra: ", ema: 0.5, augment: {shift: 0}",
                                          schedule: "{kind: linear, warmup: 1, final_ratio: 0.5}")
        let outcome = try TrainerTests.train(spec, data: try SyntheticTask.data(), out: out)
        let checkpoint = try Checkpoint.read(from: outcome.checkpoint)
        #expect(try checkpoint.spec().hash == spec.hash)
        #expect(checkpoint.ema != nil)
    }
}
