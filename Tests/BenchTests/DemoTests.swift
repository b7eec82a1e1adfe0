import Bench
import Foundation
import Testing

/// Demo datasets: write, read back, replay, cache.
@Suite struct DemoTests {
    let suite = MetaWorldSuite()

    func temporary() -> URL { FileManager.default.temporaryDirectory.appendingPathComponent("polspec-demos-\(UUID())") }

    @Test func writeReadReplayAndReuse() throws {
        let dir = temporary()
        defer { try? FileManager.default.removeItem(at: dir) }
        let selection = try suite.select("reach,drawer-open")
        let outcome = try DemoGenerator.generate(suite: suite, selection: selection, perTask: 3, noise: 0.1, seed: 4, directory: dir,
                                                 polspecVersion: "test")
        guard case .generated(let manifest) = outcome else { Issue.record("expected new demos"); return }
        #expect(manifest.files.map(\.task) == ["reach", "drawer-open"])
        let data = try DemoDataset(directory: dir)
        #expect(data.episodes.count == 6)
        #expect(data.episodes(of: "drawer-open").map(\.taskIndex) == [1, 1, 1])
        for e in data.episodes {
            #expect(e.success)
            #expect(e.observations["state"]!.count == e.length * 39)
            #expect(e.observations["task_id"]!.count == e.length * 2)
            #expect(e.actions.count == e.length * 4 && e.executedActions.count == e.length * 4)
            #expect(e.actions != e.executedActions)  // noise on the executed actions, clean labels
            // The first observation is the environment's reset observation, and replaying the executed
            // actions reproduces the episode and its success at the last step.
            #expect(e.configuration == .training(e.attempt) && e.expertMode.count == 4)
            let env = suite.environment(selection: selection, taskIndex: e.taskIndex, configuration: e.configuration,
                                        seed: DemoGenerator.episodeSeed(seed: 4, task: e.task, attempt: e.attempt))
            var first = [Float](repeating: 0, count: 39)
            first.withUnsafeMutableBufferPointer { env.writeState(into: $0) }
            #expect(Array(e.observations["state"]![0..<39]) == first)
            var outcome = StepOutcome(success: false, done: false)
            for t in 0..<e.length {
                outcome = Array(e.executedActions[(4 * t)..<(4 * t + 4)]).withUnsafeBufferPointer { env.step($0) }
            }
            #expect(outcome.success)
        }
        #expect(data.episodes[0].instruction == "reach the goal position")
        // Same parameters: reused; other parameters: refused unless forced.
        #expect(try DemoGenerator.generate(suite: suite, selection: selection, perTask: 3, noise: 0.1, seed: 4, directory: dir,
                                           polspecVersion: "test") == .reused(manifest))
        #expect(throws: BenchUsageError.self) {
            try DemoGenerator.generate(suite: suite, selection: selection, perTask: 2, noise: 0.1, seed: 4, directory: dir, polspecVersion: "test")
        }
        let forced = try DemoGenerator.generate(suite: suite, selection: selection, perTask: 2, noise: 0, seed: 4, directory: dir,
                                                polspecVersion: "test", force: true)
        guard case .generated = forced else { Issue.record("expected regenerated demos"); return }
        #expect(try DemoDataset(directory: dir).episodes.count == 4)
    }

    /// Demos recorded under other dynamics (an older manifest without `simulator_revision`, or
    /// another revision) are not reused; the default folders carry the revision in their name.
    @Test func demosOfAnotherSimulatorRevisionAreNotReused() throws {
        let dir = temporary()
        defer { try? FileManager.default.removeItem(at: dir) }
        let selection = try suite.select("reach")
        _ = try DemoGenerator.generate(suite: suite, selection: selection, perTask: 1, noise: 0, seed: 0, directory: dir, polspecVersion: "t")
        let manifestFile = dir.appendingPathComponent(DemoManifest.fileName)
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: manifestFile)) as? [String: Any])
        var parameters = try #require(json["parameters"] as? [String: Any])
        #expect(parameters["simulator_revision"] as? Int == SimulatorRevision.current)
        for older in [nil, 1] as [Int?] {
            parameters["simulator_revision"] = older
            json["parameters"] = parameters
            try JSONSerialization.data(withJSONObject: json).write(to: manifestFile)
            #expect(try DemoManifest.read(in: dir)?.parameters.simulatorRevision == older)
            #expect(throws: BenchUsageError.self) {
                try DemoGenerator.generate(suite: suite, selection: selection, perTask: 1, noise: 0, seed: 0, directory: dir, polspecVersion: "t")
            }
        }
        let folder = DemoGenerator.defaultDirectory(suite: suite.name, selection: selection, perTask: 5, configurations: .training)
        #expect(folder.lastPathComponent == "metaworld-like-reach-5-r\(SimulatorRevision.current)")
    }

    @Test func generationIsDeterministic() throws {
        let a = temporary(), b = temporary()
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        let selection = try suite.select("push")
        _ = try DemoGenerator.generate(suite: suite, selection: selection, perTask: 2, noise: 0.2, seed: 1, directory: a, polspecVersion: "t", threads: 1)
        _ = try DemoGenerator.generate(suite: suite, selection: selection, perTask: 2, noise: 0.2, seed: 1, directory: b, polspecVersion: "t", threads: 2)
        #expect(try Data(contentsOf: a.appendingPathComponent("push.safetensors")) == Data(contentsOf: b.appendingPathComponent("push.safetensors")))
    }

    @Test func damagedDatasetsAreErrorsNotCrashes() throws {
        let dir = temporary()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: DemoError.self) { try DemoDataset(directory: dir) }
        _ = try DemoGenerator.generate(suite: suite, selection: try suite.select("reach"), perTask: 1, noise: 0, seed: 0, directory: dir,
                                       polspecVersion: "t")
        let file = dir.appendingPathComponent("reach.safetensors")
        let bytes = try Data(contentsOf: file)
        try bytes.prefix(bytes.count - 10).write(to: file)
        #expect(throws: DemoError.self) { try DemoDataset(directory: dir) }
    }
}

/// A metaworld-like suite whose observations also carry a tiny "camera" image, to check that byte
/// fields go through the demo format.
struct PixelSuite: ExpertSuite {
    let inner = MetaWorldSuite()
    var name: String { "pixel-test" }
    var tasks: [TaskInfo] { inner.tasks }
    var groups: [String] { inner.groups }
    var setNames: [String] { inner.setNames }
    var actionDimension: Int { inner.actionDimension }
    var fixedConfigurations: Int { inner.fixedConfigurations }
    var defaultTasks: String { inner.defaultTasks }
    func select(_ spec: String) throws -> TaskSelection { try inner.select(spec) }
    func observationFields(for selection: TaskSelection) -> [FieldSpec] {
        inner.observationFields(for: selection) + [FieldSpec(name: "pixels", kind: .uint8, shape: [3, 2, 2])]
    }
    func makeEnvironment(selection: TaskSelection, taskIndex: Int, configuration: Configuration, seed: UInt64) -> any BenchEnvironment {
        PixelEnvironment(inner.makeEnvironment(selection: selection, taskIndex: taskIndex, configuration: configuration, seed: seed))
    }

    final class PixelEnvironment: BenchEnvironment {
        let inner: any BenchEnvironment
        init(_ inner: any BenchEnvironment) { self.inner = inner }
        var maxSteps: Int { inner.maxSteps }
        var stepsTaken: Int { inner.stepsTaken }
        var subtasksCompleted: Int { inner.subtasksCompleted }
        var instruction: String { inner.instruction }
        func writeObservation(into batch: inout ObservationBatch, row: Int, privileged: Bool) {
            inner.writeObservation(into: &batch, row: row, privileged: privileged)
            let step = UInt8(stepsTaken % 256)
            batch.withByteRow(field: 4, row: row) { for i in 0..<$0.count { $0[i] = step &+ UInt8(i) } }
        }
        func step(_ action: UnsafeBufferPointer<Float>) -> StepOutcome { inner.step(action) }
    }
}

@Test func imageFieldsRoundTripThroughDemos() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("polspec-pixels-\(UUID())")
    defer { try? FileManager.default.removeItem(at: dir) }
    let suite = PixelSuite()
    _ = try DemoGenerator.generate(suite: suite, selection: try suite.select("reach"), perTask: 2, noise: 0, seed: 0, directory: dir,
                                   polspecVersion: "t")
    let data = try DemoDataset(directory: dir)
    for e in data.episodes {
        let pixels = e.images["pixels"]!
        #expect(pixels.count == e.length * 12)
        #expect(Array(pixels[12..<24]) == (0..<12).map { UInt8(1 + $0) })  // step 1's image
    }
}
