import Foundation
import Testing
@testable import SpecLang

/// Scalars are typed by the schema, never by YAML 1.1 implicit tags.
@Suite struct TypingTests {
    @Test func yaml11WordsAreStringsInStringFields() throws {
        let result = check(tinySpec.replacingOccurrences(of: "name: tiny", with: "name: tiny\ndescription: no"))
        let spec = try #require(result.spec)
        #expect(spec.description == "no")
    }

    @Test func exponentNumbersAreNumbers() throws {
        let result = check(tinySpec.replacingOccurrences(of: "steps: 100}", with: "steps: 100, optimizer: {kind: adamw, lr: 3e-4, weight_decay: .5}}"))
        let spec = try #require(result.spec, "\(result.diagnostics.map(\.message))")
        guard let adamw = spec.recipe.stages[0].optimizer.base as? AdamWOptimizer else { Issue.record("not adamw"); return }
        #expect(adamw.lr == 0.0003)
        #expect(adamw.weightDecay == 0.5)
    }

    @Test func integersAreNumbersInNumberFields() throws {
        let spec = try #require(check(tinySpec.replacingOccurrences(of: "steps: 100}", with: "steps: 100, clip: 2}")).spec)
        #expect(spec.recipe.stages[0].clip == 2.0)
    }

    @Test(arguments: [("dim: \"9\"", "E0103"), ("dim: 9.0", "E0103"), ("dim: 1e3", "E0103"), ("dim: 0x10", "E0103"),
                      ("dim: ~", "E0102"), ("dim:", "E0103"), ("dim: [9]", "E0103"), ("dim: 70000", "E0104")])
    /// (`~` is null, which deletes the key: the required `dim` is then missing.)
    func integerFieldsRejectOtherSpellings(_ replacement: String, _ code: String) {
        let result = check(tinySpec.replacingOccurrences(of: "  state: {kind: vector, dim: 9}", with: "  state:\n    kind: vector\n    \(replacement)"))
        #expect(codes(result) == [code])
    }

    @Test(arguments: ["yes", "no", "on", "off", "1", "\"true\""])
    func booleanFieldsRejectYAML11Spellings(_ word: String) {
        let spec = tinySpec.replacingOccurrences(of: "head: {kind: mlp, condition: [state]}",
                                                 with: "encoders:\n  seq: {kind: transformer, input: state, causal: \(word)}\nhead: {kind: mlp, condition: [seq]}")
        #expect(codes(check(spec)) == ["E0103"])
    }

    @Test func booleansAcceptTrueAndFalse() throws {
        let spec = tinySpec.replacingOccurrences(of: "head: {kind: mlp, condition: [state]}",
                                                 with: "encoders:\n  seq: {kind: transformer, input: state, causal: True}\nhead: {kind: mlp, condition: [seq]}")
        let result = try #require(check(spec).spec)
        guard let t = result.encoder("seq")?.config.base as? TransformerEncoder else { Issue.record("no transformer"); return }
        #expect(t.causal)
    }

    @Test func suggestionsFindNearMisses() {
        #expect(Suggestion.closest(to: "dept", among: ["depth", "dim", "heads"]) == "depth")
        #expect(Suggestion.closest(to: "haeds", among: ["depth", "dim", "heads"]) == "heads")
        #expect(Suggestion.closest(to: "banana", among: ["depth", "dim", "heads"]) == nil)
        #expect(Suggestion.distance("kitten", "sitting") == 3)
    }

    @Test func unknownKeySuggestsTheParameter() throws {
        let result = check(tinySpec.replacingOccurrences(of: "condition: [state]}", with: "condition: [state], hiden: [64]}"))
        let d = try #require(result.diagnostics.first)
        #expect(d.code == .unknownKey && d.help == "did you mean 'hidden'?")
        #expect(d.message == "unknown key 'hiden' in mlp head")
    }

    @Test func missingKeyNamesKeyAndKind() throws {
        let result = check(tinySpec.replacingOccurrences(of: "{kind: vector, dim: 9}", with: "{kind: vector}"))
        let d = try #require(result.diagnostics.first)
        #expect(d.message == "vector observation 'state' is missing required key 'dim'")
    }

    @Test func everyErrorOfARunIsReported() {
        let result = check(tinySpec.replacingOccurrences(of: "dim: 9", with: "dim: nine")
            .replacingOccurrences(of: "chunk: 1", with: "chunk: 0").replacingOccurrences(of: "steps: 100", with: "steps: 100, bach: 3"))
        #expect(codes(result) == ["E0103", "E0104", "E0101"])
    }
}

/// Ports, references and rules on the typed spec.
@Suite struct PortTests {
    @Test func historyFramesFlowThroughEncoders() throws {
        let text = tinySpec.replacingOccurrences(of: "  state: {kind: vector, dim: 9}", with: """
              state: {kind: vector, dim: 9}
              cam: {kind: image, shape: [3, 32, 32]}
              instruction: {kind: text, max_tokens: 12}
              history: 3
            """).replacingOccurrences(of: "head: {kind: mlp, condition: [state]}", with: """
            encoders:
              v: {kind: cnn, input: cam, channels: [8, 16]}
              seq: {kind: transformer, input: v, dim: 32, heads: 4}
              t: {kind: text_embedding, input: instruction, dim: 32}
            head: {kind: dit, condition: [seq, t, state], dim: 32, heads: 4}
            """).replacingOccurrences(of: "objective: bc", with: "objective: diffusion").replacingOccurrences(of: "chunk: 1", with: "chunk: 4")
        let spec = try #require(check(text).spec, "\(codes(check(text)))")
        #expect(spec.port("cam") == Port(.image(channels: 3, height: 32, width: 32), frames: 3))
        #expect(spec.port("instruction") == Port(.text(tokens: 12, vocab: 256), frames: 1))
        #expect(spec.port("v") == Port(.tokens(count: 64, dim: 16), frames: 3))
        #expect(spec.port("seq") == Port(.tokens(count: 192, dim: 32), frames: 1))
        #expect(spec.port("t") == Port(.tokens(count: 12, dim: 32), frames: 1))
        #expect(spec.head.conditions.map(\.name) == ["seq", "t", "state"])
        #expect(spec.head.conditions.map(\.port.tokenCount) == [192, 12, 3])
        #expect(spec.encoders.map(\.name) == ["v", "seq", "t"])
        #expect(spec.sourceMap.value("head.dim")?.start == SourceLocation(line: 13, column: 52))
    }

    @Test func encoderOrderFollowsDependencies() throws {
        let text = tinySpec.replacingOccurrences(of: "head: {kind: mlp, condition: [state]}", with: """
            encoders:
              c: {kind: mlp, input: b}
              b: {kind: mlp, input: a}
              a: {kind: mlp, input: state}
            head: {kind: mlp, condition: [c]}
            """)
        let spec = try #require(check(text).spec)
        #expect(spec.encoders.map(\.name) == ["a", "b", "c"])
    }

    @Test func oneBrokenEncoderIsReportedOnce() {
        let text = tinySpec.replacingOccurrences(of: "head: {kind: mlp, condition: [state]}", with: """
            encoders:
              a: {kind: mlp, input: state, hidden: [0]}
              b: {kind: mlp, input: a}
            head: {kind: mlp, condition: [b]}
            """)
        #expect(codes(check(text)) == ["E0104"])
    }
}

/// Stage plans resolve the defaults of `train` and pretraining targets.
@Suite struct StagePlanTests {
    @Test func defaultsAreResolved() throws {
        let spec = try #require(SpecChecker.check(file: Repository.specs.appendingPathComponent("jepa.yaml").path).spec)
        #expect(spec.stagePlans == [StagePlan(trains: ["vision"], target: "vision"),
                                    StagePlan(trains: ["vision", "head"], target: nil)])
        let hamlet = try #require(SpecChecker.check(file: Repository.specs.appendingPathComponent("hamlet.yaml").path).spec)
        #expect(hamlet.stagePlans[0] == StagePlan(trains: ["memory"], target: "memory"))
        #expect(hamlet.stagePlans[1] == StagePlan(trains: ["vision", "text", "memory", "head"], target: nil))
    }
}

/// Independent mistakes add up: with any subset of them in one spec, the check reports
/// exactly the union of what each reports alone. Nothing is hidden behind an earlier error,
/// and nothing is reported only because of one.
@Suite struct IndependentErrorTests {
    /// One-line edits of specs/dita.yaml, each in a different place, each an error alone.
    static let edits: [(line: String, replacement: String)] = [
        ("  proprio: {kind: vector, dim: 8}", "  proprio: {kind: vector, dim: eight}"),
        ("  vision: {kind: cnn, input: agentview, channels: [32, 64, 128], kernel: 3, stride: 2}",
         "  vision: {kind: cnn, input: agentview, channels: [32, 64, 128], kernel: 4, stride: 2}"),
        ("  text: {kind: text_embedding, input: instruction, dim: 128}", "  text: {kind: text_embedding, input: instruction, dim: 0}"),
        ("  heads: 4", "  heads: 5"),
        ("  diffusion: {schedule: squaredcos, train_steps: 100, prediction: epsilon, sampler: ddim, sample_steps: 10}",
         "  diffusion: {schedule: squaredcos, train_steps: 100, prediction: epsilon, sampler: ddim, sample_steps: 200}"),
        ("      schedule: {kind: cosine, warmup: 500}", "      schedule: {kind: cosine, warmup: 30000}"),
        ("      ema: 0.999", "      ema: 2"),
        ("action: {dim: 7, chunk: 10}", "action: {dim: 7, chunk: 10, range: [1, -1]}"),
        ("  seed: 0", "  sede: 0"),
    ]

    func diagnostics(_ text: String) -> Set<String> {
        Set(SpecChecker.check(text: text, path: "dita.yaml").diagnostics.map { "\($0.code.rawValue) \($0.range!.start) \($0.message)" })
    }

    @Test func everySubsetReportsTheUnionOfItsParts() throws {
        let original = try String(contentsOf: Repository.specs.appendingPathComponent("dita.yaml"), encoding: .utf8)
        func apply(_ indexes: [Int]) -> String {
            indexes.reduce(original) { text, i in
                let edit = Self.edits[i]
                #expect(text.components(separatedBy: "\n").contains(edit.line), "\(edit.line)")
                return text.replacingOccurrences(of: edit.line + "\n", with: edit.replacement + "\n")
            }
        }
        #expect(diagnostics(original).isEmpty)
        let alone = Self.edits.indices.map { diagnostics(apply([$0])) }
        for (i, set) in alone.enumerated() { #expect(!set.isEmpty, "edit \(i) is not an error alone") }
        for mask in 1..<(1 << Self.edits.count) {
            let chosen = Self.edits.indices.filter { mask & (1 << $0) != 0 }
            let expected = chosen.reduce(into: Set<String>()) { $0.formUnion(alone[$1]) }
            #expect(diagnostics(apply(chosen)) == expected, "edits \(chosen)")
        }
    }
}
