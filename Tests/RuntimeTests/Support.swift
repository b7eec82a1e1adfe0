import Bench
import Compiler
import Foundation
import SpecLang
import Testing
@testable import Runtime

/// Paths and fixtures of the runtime tests.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let runtime = root.appendingPathComponent("Tests/Fixtures/runtime")

    /// A JSON fixture made by Tests/Fixtures/runtime/make_fixtures.py.
    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: runtime.appendingPathComponent(name))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// A checked spec from YAML text.
    static func spec(_ yaml: String) throws -> Spec {
        let result = SpecChecker.check(text: yaml, path: "test.yaml")
        #expect(!result.hasErrors, "\(CheckReport.render([result], format: .human))")
        return try #require(result.spec)
    }
}

/// Floats of a nested JSON array, flattened.
func floats(_ value: Any?) -> [Float] {
    if let number = value as? NSNumber { return [number.floatValue] }
    if let list = value as? [Any] { return list.flatMap { floats($0) } }
    return []
}

/// |actual − expected| ≤ absolute + relative·|expected| everywhere.
func expectClose(_ actual: [Float], _ expected: [Float], absolute: Float = 1e-6, relative: Float = 1e-5, _ what: String,
                 sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "\(what): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
    let worst = zip(actual, expected).map { abs($0 - $1) - relative * abs($1) }.max() ?? 0
    #expect(worst <= absolute, "\(what): off by \(worst) beyond tolerance\n\(actual)\n\(expected)", sourceLocation: sourceLocation)
}

/// A fresh temporary directory.
func temporaryDirectory(_ label: String) -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("polspec-runtime-\(label)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A synthetic imitation task: a 6-D state, a 2-D action that is a fixed smooth function of it,
/// episodes that drift the state step by step.
enum SyntheticTask {
    static let fields = [FieldSpec(name: "state", kind: .float32, shape: [6])]

    /// The expert's action for `state`.
    static func action(_ s: [Float]) -> [Float] {
        [Float(tanh(1.5 * Double(s[0]) - Double(s[1]) + 0.5 * Double(s[2]))), Float(0.8 * Double(s[3]) * Double(s[4]) + 0.3 * Double(s[5]))]
    }

    static func data(episodes: Int = 12, length: Int = 30, seed: UInt64 = 1) throws -> TrainingData {
        var rng = SimRandom(seed: seed)
        let made = (0..<episodes).map { _ -> TrainingData.Episode in
            var state = (0..<6).map { _ in Float(rng.uniform(-1, 1)) }
            var states: [Float] = [], actions: [Float] = []
            for _ in 0..<length {
                states += state
                let a = action(state)
                actions += a
                state = state.enumerated().map { i, v in max(-1, min(1, v + 0.1 * a[i % 2] + Float(rng.uniform(-0.05, 0.05)))) }
            }
            return TrainingData.Episode(length: length, floats: ["state": states], actions: actions)
        }
        return try TrainingData(fields: fields, actionDimension: 2, episodes: made, identity: "synthetic seed \(seed)")
    }

    /// An MLP-BC spec over the synthetic task (with `objective: diffusion`, an MLP denoiser
    /// sampled with DDIM).
    static func spec(steps: Int = 400, batch: Int = 32, width: Int = 32, extra: String = "", optimizer: String = "{kind: adamw, lr: 3.0e-3, weight_decay: 1.0e-4}",
                     schedule: String = "{kind: cosine, warmup: 20}", objective: String = "bc") throws -> Spec {
        let diffusion = objective == "diffusion" ? ", diffusion: {train_steps: 50, sample_steps: 5}" : ""
        return try Fixtures.spec("""
        polspec: 1
        name: synthetic-bc
        observation:
          state: {kind: vector, dim: 6}
        action: {dim: 2, chunk: 1}
        encoders:
          trunk: {kind: mlp, input: state, hidden: [\(width), \(width)], activation: gelu}
        head: {kind: mlp, condition: [trunk], hidden: [\(width)]\(diffusion)}
        recipe:
          seed: 3
          stages:
            - {name: imitation, objective: \(objective), steps: \(steps), batch: \(batch), optimizer: \(optimizer), schedule: \(schedule)\(extra)}
        """)
    }
}

extension BatchAssembler {
    /// The batch of `windows` as host tensors.
    func tensors(_ windows: [Int], random: inout SimRandom) -> [String: HostTensor] {
        let types = Dictionary(uniqueKeysWithValues: inputs.map { ($0.name, $0.type) })
        var tensors: [String: HostTensor] = [:]
        assemble(windows, random: &random) { name, body in
            let type = types[name]!
            switch type.dtype {
            case .i32:
                var values = [Int32](repeating: 0, count: type.shape.elementCount)
                values.withUnsafeMutableBytes { body($0) }
                tensors[name] = HostTensor(shape: type.shape, ints: values)
            case .f32:
                var values = [Float](repeating: 0, count: type.shape.elementCount)
                values.withUnsafeMutableBytes { body($0) }
                tensors[name] = HostTensor(shape: type.shape, floats: values)
            }
        }
        return tensors
    }
}
