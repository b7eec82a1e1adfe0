import Bench
import Compiler
import Lowering
import Foundation
import SpecLang
import Testing
@testable import Runtime

/// Training windows, normalisation, the data order and augmentation.
@Suite struct DataTests {
    /// Two episodes (3 and 4 steps) whose state is 100·episode + step and whose action is 10·state.
    static func countingData() throws -> TrainingData {
        let episodes = [3, 4].enumerated().map { e, length in
            let states = (0..<length).map { Float(100 * e + $0) }
            return TrainingData.Episode(length: length, floats: ["state": states], actions: states.map { 10 * $0 })
        }
        return try TrainingData(fields: [FieldSpec(name: "state", kind: .float32, shape: [1])], actionDimension: 1, episodes: episodes,
                                identity: "counting")
    }

    static func countingSpec(history: Int, chunk: Int, execute: Int) throws -> Spec {
        try Fixtures.spec("""
        polspec: 1
        name: counting
        observation:
          state: {kind: vector, dim: 1}
          history: \(history)
        action: {dim: 1, chunk: \(chunk), execute: \(execute), range: [0, 1]}
        head: {kind: mlp, condition: [state], hidden: []}
        recipe:
          stages:
            - {name: fit, objective: bc, steps: 10, batch: 3}
        """)
    }

    @Test func windowsRepeatEdgesAndSpaceFramesByExecute() throws {
        let data = try Self.countingData()
        let spec = try Self.countingSpec(history: 3, chunk: 3, execute: 2)
        // Identity normalisation: mean 0, std 1; actions from [0, 300] onto [0, 1]... keep them raw instead.
        let normalization = Normalization(observations: [:], actionMin: [0], actionMax: [1], actionRange: [0, 1])
        let loss = try LossGraph(spec, stage: 0, batch: 3)
        let sources = try ObservationSource.resolve(loss.observations, fields: data.fields, suite: "test")
        let assembler = BatchAssembler(data: data, sources: sources, requests: loss.requests, normalization: normalization, batch: 3,
                                       action: spec.action, shift: 0)
        var random = SimRandom(seed: 0)
        // Windows: episode 0 step 0, episode 0 step 2, episode 1 step 3 (global steps 0, 2, 6).
        let feeds = assembler.tensors([0, 2, 6], random: &random)
        #expect(feeds["state"]?.shape == [3, 3, 1])
        #expect(feeds["state"]?.floats == [0, 0, 0, /**/ 0, 0, 2, /**/ 100, 101, 103])
        #expect(feeds["target.action"]?.shape == [3, 3, 1])
        #expect(feeds["target.action"]?.floats == [0, 10, 20, /**/ 20, 20, 20, /**/ 1030, 1030, 1030])
    }

    @Test func statisticsStandardiseStatesAndScaleActions() throws {
        let data = try Self.countingData()
        let spec = try Self.countingSpec(history: 1, chunk: 1, execute: 1)
        let normalization = Normalization(data, spec: spec)
        let states: [Double] = [0, 1, 2, 100, 101, 102, 103]
        let mean = states.reduce(0, +) / 7, std = (states.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 7).squareRoot()
        let moments = try #require(normalization.observations["state"])
        #expect(abs(Double(moments.mean[0]) - mean) < 1e-4 && abs(Double(moments.std[0]) - std) < 1e-4)
        #expect(normalization.actionMin == [0] && normalization.actionMax == [1030])
        var actions: [Float] = [0, 515, 1030]
        actions.withUnsafeMutableBufferPointer { normalization.actionMap.apply($0) }
        expectClose(actions, [0, 0.5, 1], "actions mapped onto [0, 1]")
        actions.withUnsafeMutableBufferPointer { normalization.actionMap.invert($0) }
        expectClose(actions, [0, 515, 1030], absolute: 1e-3, "actions mapped back")
        // A constant feature is only centred; a constant action dimension only shifted.
        let flat = Normalization(observations: ["s": .init(mean: [2], std: [0])], actionMin: [0.5], actionMax: [0.5], actionRange: [-1, 1])
        var state: [Float] = [3]
        state.withUnsafeMutableBufferPointer { flat.observationMap("s")!.apply($0) }
        #expect(state == [1])
        var action: [Float] = [0.75]
        action.withUnsafeMutableBufferPointer { flat.actionMap.apply($0) }
        #expect(action == [0.25])
    }

    @Test func samplerVisitsEveryWindowOncePerEpochAndResumesExactly() {
        var sampler = WindowSampler(windowCount: 10, seed: 4, stage: 1)
        var batch = [Int](repeating: 0, count: 4)
        var seen: [Int] = []
        for _ in 0..<5 {
            sampler.next(into: &batch)
            seen += batch
        }
        #expect(Set(seen.prefix(10)) == Set(0..<10) && Set(seen[10..<20]) == Set(0..<10))
        #expect(Array(seen.prefix(10)) != Array(seen[10..<20]), "each epoch has its own order")
        var restored = WindowSampler(windowCount: 10, seed: 4, stage: 1, epoch: sampler.epoch, cursor: sampler.cursor)
        var a = [Int](repeating: 0, count: 7), b = [Int](repeating: 0, count: 7)
        sampler.next(into: &a)
        restored.next(into: &b)
        #expect(a == b)
        var otherStage = WindowSampler(windowCount: 10, seed: 4, stage: 0)
        var c = [Int](repeating: 0, count: 10)
        otherStage.next(into: &c)
        #expect(c != Array(seen.prefix(10)))
    }

    @Test func randomShiftMovesImagesAndRepeatsEdges() {
        // One channel, 3 x 3: values 0 ... 8.
        let image: [UInt8] = [0, 1, 2, 3, 4, 5, 6, 7, 8]
        var out = [Float](repeating: -1, count: 9)
        image.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { RandomShift.copy(source, into: $0, shape: [1, 3, 3], dx: 1, dy: -1) { Float($0) } }
        }
        #expect(out == [1, 2, 2, 1, 2, 2, 4, 5, 5])
        image.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { RandomShift.copy(source, into: $0, shape: [1, 3, 3], dx: 0, dy: 0) { Float($0) } }
        }
        #expect(out == [0, 1, 2, 3, 4, 5, 6, 7, 8])
    }

    @Test func observationsMustMatchTheSuite() throws {
        let spec = try Fixtures.spec("""
        polspec: 1
        name: mismatched
        observation:
          state: {kind: vector, dim: 5}
          camera: {kind: image, shape: [3, 8, 8]}
        action: {dim: 2}
        encoders:
          vision: {kind: cnn, input: camera, channels: [4], kernel: 3, stride: 2}
        head: {kind: mlp, condition: [state, vision]}
        recipe:
          stages:
            - {name: fit, objective: bc, steps: 10}
        """)
        let inputs = try PolicyGraph(spec, batch: 1).observations
        let error = #expect(throws: TrainingDataError.self) {
            _ = try ObservationSource.resolve(inputs, fields: SyntheticTask.fields, suite: "synthetic")
        }
        let message = error?.description ?? ""
        #expect(message.contains("observation 'state': the spec declares vector[5]"), "\(message)")
        #expect(message.contains("the spec observes 'camera', but synthetic has no such observation; it offers state (float32 [6])"), "\(message)")
    }

    @Test func instructionsBecomeTokenIds() throws {
        let fields = [FieldSpec(name: "state", kind: .float32, shape: [1]), FieldSpec(name: "instruction", kind: .text, shape: [])]
        let episodes = ["open the drawer", "put the bowl on the plate"].map { text in
            TrainingData.Episode(length: 2, floats: ["state": [0, 1]], instruction: text, actions: [0, 1])
        }
        let data = try TrainingData(fields: fields, actionDimension: 1, episodes: episodes, identity: "text")
        func spec(vocab: Int) throws -> Spec {
            try Fixtures.spec("""
            polspec: 1
            name: text
            observation:
              state: {kind: vector, dim: 1}
              instruction: {kind: text, max_tokens: 6, vocab: \(vocab)}
            action: {dim: 1}
            encoders:
              words: {kind: text_embedding, input: instruction, dim: 4}
            head: {kind: mlp, condition: [state, words]}
            recipe:
              stages:
                - {name: fit, objective: bc, steps: 10, batch: 2}
            """)
        }
        let loss = try LossGraph(try spec(vocab: 256), stage: 0, batch: 2)
        let sources = try ObservationSource.resolve(loss.observations, fields: fields, suite: "test")
        let assembler = BatchAssembler(data: data, sources: sources, requests: loss.requests,
                                       normalization: Normalization(data, spec: try spec(vocab: 256)),
                                       batch: 2, action: try spec(vocab: 256).action, shift: 0)
        var random = SimRandom(seed: 0)
        let feeds = assembler.tensors([3, 0], random: &random)
        let tokenizer = InstructionTokenizer.standard
        let expected = tokenizer.encode("put the bowl on the plate", maxTokens: 6) + tokenizer.encode("open the drawer", maxTokens: 6)
        #expect(feeds["instruction"] == HostTensor(shape: [2, 6], ints: expected))
        #expect(!expected.contains(InstructionTokenizer.unknownID))
        let small = try LossGraph(try spec(vocab: 8), stage: 0, batch: 2).observations
        let error = #expect(throws: TrainingDataError.self) { _ = try ObservationSource.resolve(small, fields: fields, suite: "test") }
        #expect(error?.description.contains("set vocab: \(tokenizer.vocabularySize) or more") == true)
    }
}
