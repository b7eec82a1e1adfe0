import Backends
import Foundation
import SpecLang
import Testing
@testable import Runtime

/// Training goes through the backends' prepared executables: the same run on the reference
/// backend (plain loops over the unplanned program) and on BLAS (fused, planned, OpenBLAS)
/// ends at the same weights up to float rounding.
@Suite struct BackendTrainingTests {
    static func train(_ spec: Spec, backend: any Backend, out: URL) throws -> Checkpoint {
        let trainer = try Trainer(spec: spec, data: try SyntheticTask.data(), run: RunDirectory(out),
                                  options: TrainingOptions(checkpointEvery: 1000, logEvery: 5, backend: backend, polspecVersion: "test"))
        return try Checkpoint.read(from: try trainer.train().checkpoint)
    }

    @Test(arguments: ["bc", "diffusion"])
    func twentyStepsAgreeOnBothBackends(_ objective: String) throws {
        let spec = try SyntheticTask.spec(steps: 20, batch: 8, width: 16, extra: ", ema: 0.9", schedule: "{kind: cosine, warmup: 5}",
                                          objective: objective)
        let reference = temporaryDirectory("reference"), blas = temporaryDirectory("blas")
        defer {
            try? FileManager.default.removeItem(at: reference)
            try? FileManager.default.removeItem(at: blas)
        }
        let a = try Self.train(spec, backend: ReferenceBackend<Float>(), out: reference)
        let b = try Self.train(spec, backend: BLASBackend(threads: 2), out: blas)
        #expect(a.manifest.globalStep == 20 && b.manifest.globalStep == 20)
        #expect(Set(a.parameters.keys) == Set(b.parameters.keys))
        for name in a.parameters.keys.sorted() {
            expectClose(try #require(b.parameters[name]).floats, try #require(a.parameters[name]).floats,
                        absolute: 2e-4, relative: 2e-3, "\(objective) \(name) after 20 steps")
        }
    }

    /// The diffusion objective trains a denoiser: its loss falls.
    @Test func diffusionLossFalls() throws {
        let out = temporaryDirectory("diffusion")
        defer { try? FileManager.default.removeItem(at: out) }
        let spec = try SyntheticTask.spec(steps: 300, batch: 32, objective: "diffusion")
        let trainer = try Trainer(spec: spec, data: try SyntheticTask.data(), run: RunDirectory(out),
                                  options: TrainingOptions(logEvery: 10, backend: BLASBackend(threads: 1), polspecVersion: "test"))
        _ = try trainer.train()
        let records = try String(contentsOf: RunDirectory(out).metrics, encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(MetricsRecord.self, from: Data($0.utf8)) }
        let first = try #require(records.first), last = try #require(records.last)
        // ε-prediction starts near E[ε²] = 1 and must fall well below it.
        #expect(first.loss > 0.5)
        #expect(last.loss < 0.5 * first.loss, "diffusion loss \(first.loss) -> \(last.loss)")
    }
}
