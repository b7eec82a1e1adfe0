import Bench
import Compiler
import Foundation
import Lowering
import SpecLang
import Testing
@testable import Runtime

/// The data sources the paper encoders' objectives request: past frames (carried state in
/// training), augmented views and distant frames (time-contrastive), I-JEPA's block masks.
@Suite struct EncoderDataTests {
    /// Two episodes (20 and 5 steps): state = 100·episode + step, and an image whose pixels
    /// all hold (step + 1) / 64.
    static func data() throws -> TrainingData {
        let episodes = [20, 5].enumerated().map { e, length in
            let states = (0..<length).map { Float(100 * e + $0) }
            let pixels = (0..<length).flatMap { [UInt8](repeating: UInt8(4 * ($0 + 1)), count: 3 * 4 * 4) }
            return TrainingData.Episode(length: length, floats: ["state": states], bytes: ["camera": pixels], actions: states)
        }
        return try TrainingData(fields: [FieldSpec(name: "state", kind: .float32, shape: [1]), FieldSpec(name: "camera", kind: .uint8, shape: [3, 4, 4])],
                                actionDimension: 1, episodes: episodes, identity: "steps")
    }

    /// An assembler of `requests` for `batch` samples, observations state (2 frames) and camera.
    static func assembler(_ requests: [DataRequest], batch: Int, execute: Int = 2) throws -> BatchAssembler {
        let spec = try Fixtures.spec("""
        polspec: 1
        name: steps
        observation:
          history: 2
          state: {kind: vector, dim: 1, normalize: false}
          camera: {kind: image, shape: [3, 4, 4]}
        action: {dim: 1, chunk: \(execute), execute: \(execute)}
        encoders:
          vision: {kind: cnn, input: camera, channels: [2], output: vector}
        head: {kind: mlp, condition: [state, vision], hidden: [4]}
        recipe: {stages: [{name: fit, objective: bc, steps: 1}]}
        """)
        let data = try data()
        let inputs = spec.observations.map { ObservationInput(name: $0.name, port: $0.port, batch: batch) }
        return BatchAssembler(data: data, sources: try ObservationSource.resolve(inputs, fields: data.fields, suite: "steps"), requests: requests,
                              normalization: Normalization(data, spec: spec), batch: batch, action: spec.action, shift: 0)
    }

    static func request(_ name: String, _ shape: [Int], _ source: DataSource) -> DataRequest {
        DataRequest(name: name, type: TensorType(Shape(shape)), source: source)
    }

    @Test func pastObservationsAreTheFramesStridesBackWithTheirHistory() throws {
        let past = Self.request("past.state", [3, 2, 2, 1], .pastObservation(name: "state", steps: 2, stride: 3))
        let assembler = try Self.assembler([past], batch: 3)
        var random = SimRandom(seed: 1)
        // Windows: episode 0 steps 0 and 9, episode 1 step 4 (global 24). Frames 2 apart (execute).
        let feeds = assembler.tensors([0, 9, 24], random: &random)
        #expect(feeds["past.state"]?.floats == [0, 0, 0, 0, /**/ 1, 3, 4, 6, /**/ 100, 100, 100, 101])
        #expect(feeds["state"]?.floats == [0, 0, 7, 9, 102, 104])
    }

    @Test func distantObservationsAreFarEnoughAndSharedAcrossObservations() throws {
        let requests = [Self.request("negative.state", [64, 3, 2, 1], .distantObservation(name: "state", minimumGap: 6, count: 3)),
                        Self.request("negative.camera", [64, 3, 2, 3, 4, 4], .distantObservation(name: "camera", minimumGap: 6, count: 3))]
        let assembler = try Self.assembler(requests, batch: 64)
        var random = SimRandom(seed: 2)
        let windows = (0..<64).map { $0 % 25 }
        let feeds = assembler.tensors(windows, random: &random)
        let states = try #require(feeds["negative.state"]).floats, pixels = try #require(feeds["negative.camera"]).floats
        var drawn = Set<Int>()
        for (row, window) in windows.enumerated() {
            let episode = window < 20 ? 0 : 1, t = window - (episode == 0 ? 0 : 20), length = episode == 0 ? 20 : 5
            for k in 0..<3 {
                let step = Int(states[(row * 3 + k) * 2 + 1]) - 100 * episode
                drawn.insert(step)
                if t >= 6 || length - t > 6 {
                    #expect(abs(step - t) >= 6, "window \(window): step \(step)")
                } else {
                    #expect(step == (t >= length - 1 - t ? 0 : length - 1), "window \(window): the farthest step")
                }
                // The same step for the camera of the same sample.
                #expect(pixels[((row * 3 + k) * 2 + 1) * 48] == ObservationSource.byteValue(UInt8(4 * (step + 1))))
            }
        }
        #expect(drawn.count > 10)
        #expect(BatchAssembler.distantStep(from: 2, length: 5, gap: 6, random: &random) == 0)
        #expect(BatchAssembler.distantStep(from: 1, length: 5, gap: 6, random: &random) == 4)
    }

    @Test func augmentedViewsChangeOnlyImagesAndStayInRange() throws {
        let requests = [Self.request("positive.camera", [32, 2, 3, 4, 4], .augmentedObservation(name: "camera")),
                        Self.request("positive.state", [32, 2, 1], .augmentedObservation(name: "state"))]
        let assembler = try Self.assembler(requests, batch: 32)
        var random = SimRandom(seed: 3)
        let windows = (0..<32).map { $0 % 20 }
        let feeds = assembler.tensors(windows, random: &random)
        #expect(feeds["positive.state"] == feeds["state"])
        let original = try #require(feeds["camera"]).floats, augmented = try #require(feeds["positive.camera"]).floats
        #expect(augmented.allSatisfy { $0 >= 0 && $0 <= 1 })
        let changed = (0..<32).filter { row in (0..<96).contains { augmented[row * 96 + $0] != original[row * 96 + $0] } }
        #expect(changed.count > 10 && changed.count < 32, "\(changed.count) of 32 views changed")
        var again = SimRandom(seed: 3)
        #expect(assembler.tensors(windows, random: &again)["positive.camera"]?.floats == augmented)
    }

    @Test(arguments: [(4, 4, 2, 2), (8, 8, 4, 4), (2, 3, 4, 1), (6, 5, 3, 0)])
    func blockMasksFollowIJEPA(_ height: Int, _ width: Int, _ targets: Int, _ minKeep: Int) {
        let shape = BlockMaskShape(height: height, width: width, targets: targets, targetScale: 0.15...0.2, targetAspect: 0.75...1.5,
                                   contextScale: 0.85...1.0, minKeep: minKeep)
        let patches = height * width, batch = 8
        for seed in 0..<20 {
            var random = SimRandom(keys: UInt64(seed), 7)
            var masks = [Float](repeating: -1, count: batch * (1 + targets) * patches)
            masks.withUnsafeMutableBufferPointer { MultiBlockMasks.fill(shape, batch: batch, random: &random, into: $0) }
            #expect(masks.allSatisfy { $0 == 0 || $0 == 1 })
            let row = { (sample: Int, block: Int) in Array(masks[((sample * (1 + targets) + block) * patches)..<((sample * (1 + targets) + block + 1) * patches)]) }
            let contextCounts = (0..<batch).map { row($0, 0).filter { $0 == 1 }.count }
            #expect(Set(contextCounts).count == 1, "every context has the batch's smallest size")
            #expect(contextCounts[0] >= 1)
            let targetCounts = Set((0..<batch).flatMap { s in (1...targets).map { row(s, $0).filter { $0 == 1 }.count } })
            #expect(targetCounts.count == 1, "one block size per batch")
            for sample in 0..<batch {
                for block in 1...targets {
                    let mask = row(sample, block)
                    let rows = (0..<height).filter { r in (0..<width).contains { mask[r * width + $0] == 1 } }
                    let columns = (0..<width).filter { c in (0..<height).contains { mask[$0 * width + c] == 1 } }
                    #expect(rows.count * columns.count == mask.filter { $0 == 1 }.count, "a target is one rectangle")
                    #expect(rows.count < height && columns.count < width)
                }
            }
        }
    }

    @Test func contextAvoidsTheTargetsWhenItCan() {
        let shape = BlockMaskShape(height: 8, width: 8, targets: 4, targetScale: 0.15...0.2, targetAspect: 0.75...1.5,
                                   contextScale: 0.85...1.0, minKeep: 4)
        var random = SimRandom(seed: 9)
        var masks = [Float](repeating: 0, count: 16 * 5 * 64)
        masks.withUnsafeMutableBufferPointer { MultiBlockMasks.fill(shape, batch: 16, random: &random, into: $0) }
        var overlaps = 0
        for sample in 0..<16 {
            let base = sample * 5 * 64
            for p in 0..<64 where masks[base + p] == 1 {
                if (1...4).contains(where: { masks[base + $0 * 64 + p] == 1 }) { overlaps += 1 }
            }
        }
        #expect(overlaps == 0)
    }
}
