import Foundation
import Testing
@testable import SpecLang

/// Ecosystem synonyms in "did you mean" help, every block documented for `polspec explain`,
/// and the JSON Schema's kinded definitions and partial variant.
@Suite struct SynonymAndBlockTests {
    func help(_ text: String) -> [String] {
        check(text).diagnostics.compactMap(\.help)
    }

    @Test(arguments: [
        ("action: {dim: 4, chunk: 1}", "action: {dim: 4, horizon: 8}", "did you mean 'chunk'?"),
        ("action: {dim: 4, chunk: 1}", "action: {dim: 4, n_action_steps: 1}", "did you mean 'execute'?"),
        ("- {name: bc, objective: bc, steps: 100}", "- {name: bc, objective: bc, steps: 100, freeze: [head]}", "did you mean 'train'?"),
        ("- {name: bc, objective: bc, steps: 100}", "- {name: bc, objective: bc, steps: 100, batch_size: 8}", "did you mean 'batch'?"),
        ("  state: {kind: vector, dim: 9}", "  state: {kind: vector, dim: 9}\n  n_obs_steps: 2", "did you mean 'history'?"),
        ("  state: {kind: vector, dim: 9}", "  state: {kind: state, dim: 9}", "did you mean 'vector'?"),
        ("objective: bc,", "objective: mse,", "did you mean 'bc'?"),
        ("head: {kind: mlp, condition: [state]}", "encoders:\n  words: {kind: text, input: state}\nhead: {kind: mlp, condition: [state]}",
         "did you mean 'text_embedding'?"),
    ])
    func foreignNamesGetThePolspecWord(_ original: String, _ replacement: String, _ expected: String) {
        let helps = help(tinySpec.replacingOccurrences(of: original, with: replacement))
        #expect(helps.contains { $0.hasPrefix(expected) }, "\(helps)")
    }

    @Test func aKeyThatBelongsElsewhereSaysWhere() {
        let helps = help(tinySpec.replacingOccurrences(of: "head: {kind: mlp, condition: [state]}", with: "head: {kind: mlp, condition: [state], horizon: 8}"))
        #expect(helps.contains { $0.contains("polspec writes it as `action.chunk`") }, "\(helps)")
        let type = help(tinySpec.replacingOccurrences(of: "head: {kind: mlp,", with: "head: {type: mlp,"))
        #expect(type.contains { $0.contains("`type` is LeRobot's name for it: write kind: mlp") }, "\(type)")
    }

    @Test func aSynonymDoesNotAlsoReportTheKeyItMeantAsMissing() {
        let result = check(tinySpec.replacingOccurrences(of: "action: {dim: 4, chunk: 1}", with: "action: {action_dim: 4}"))
        #expect(codes(result) == ["E0101"], "\(result.diagnostics.map(\.message))")
    }

    @Test func everyBlockHasASummaryAndExplainFindsIt() {
        for block in Registry.explainableBlocks { #expect(!block.summary.isEmpty, "\(block.title)") }
        for name in ["diffusion", "mcmc", "stage", "recipe", "flow", "action", "augment", "camera", "observation", "spec"] {
            #expect(!Registry.blocks(named: name).isEmpty, "\(name)")
        }
        #expect(Registry.blocks(named: "diffusion").count == 2)
        #expect(SpecReference.blockSection(Registry.blocks(named: "diffusion")[0]).contains("Rules:"))
    }

    @Test func schemaKindsAreDefinitionsOfTheirOwn() throws {
        let document = JSONSchemaExport.document()
        let definitions = try #require(document["$defs"])
        let dit = try #require(definitions["head.dit"])
        #expect(dit["title"] == .string("dit head"))
        #expect(dit["errorMessage"]?.string?.contains("not a key of the dit head; its keys are kind, condition,") == true)
        let head = try #require(definitions["head"])
        #expect(head["anyOf"] == nil && head["if"] != nil && head["else"]?["required"] == .list([.string("kind")]))
        #expect(document["required"] != nil)
    }

    @Test func thePartialSchemaRequiresNothingAndAcceptsNull() throws {
        let document = JSONSchemaExport.document(partial: true)
        #expect(document["required"] == nil && document["$defs"]?["head"]?["else"]?["required"] == nil)
        #expect(document["$defs"]?["recipe"] == nil && document["properties"]?["recipe"]?["else"]?["required"] == nil)
        #expect(document["properties"]?["head"]?["if"] == .map([SpecField("type", .string("null"))]))
    }
}
