import Foundation
import Testing
@testable import SpecLang

/// Including files and `--set` address list entries by name (or index), and `null` deletes a
/// key or an entry (docs/spec-language.md, "Composition").
@Suite struct AddressingAndDeletionTests {
    /// A base with two named stages and an execute key to delete.
    static let base = """
        polspec: 1
        name: base
        observation:
          state: {kind: vector, dim: 9}
        action: {dim: 4, chunk: 8, execute: 4}
        head: {kind: mlp, condition: [state], hidden: [32]}
        recipe:
          stages:
            - {name: warmup, objective: bc, steps: 10, batch: 16}
            - {name: imitation, objective: bc, steps: 100, batch: 32}
        """

    func checkIncluding(_ text: String, options: CheckOptions = CheckOptions()) -> CheckResult {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        dir.write("bases/base.yaml", Self.base)
        let spec = dir.write("spec.yaml", "include: [bases/base.yaml]\n" + text)
        return SpecChecker.check(file: spec.path, options: options)
    }

    @Test func anIncludingFileChangesAStageByName() throws {
        let result = checkIncluding("""
            recipe:
              stages:
                imitation: {steps: 500}
                0: {batch: 8}
            """)
        let spec = try #require(result.spec, "\(result.diagnostics.map(\.message))")
        #expect(spec.recipe.stages.map(\.name) == ["warmup", "imitation"])
        #expect(spec.recipe.stages.map(\.steps) == [10, 500])
        #expect(spec.recipe.stages.map(\.batch) == [8, 32])
        #expect(spec.sourceMap.value("recipe.stages.1.steps")?.file.hasSuffix("spec.yaml") == true)
        #expect(spec.sourceMap.value("recipe.stages.1.batch")?.file.hasSuffix("bases/base.yaml") == true)
    }

    @Test func nullDeletesAKeyAndAStage() throws {
        let result = checkIncluding("""
            action: {execute: null}
            recipe:
              stages:
                warmup: ~
            """)
        let spec = try #require(result.spec, "\(result.diagnostics.map(\.message))")
        #expect(spec.action.execute == nil)
        #expect(spec.recipe.stages.map(\.name) == ["imitation"])
        #expect(spec.document["action"]?["execute"] == nil, "an unset key is not in the resolved spec")
    }

    @Test func aLaterBaseDeletesFromAnEarlierOne() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        dir.write("a.yaml", Self.base)
        dir.write("b.yaml", "action: {execute: null}\n")
        let spec = dir.write("spec.yaml", "include: [a.yaml, b.yaml]\nname: both\n")
        let checked = try #require(SpecChecker.check(file: spec.path).spec)
        #expect(checked.action.execute == nil && checked.name == "both")
    }

    @Test func anUnknownEntryNameIsE0505WithASuggestion() throws {
        let result = checkIncluding("recipe:\n  stages:\n    imitaton: {steps: 5}\n")
        #expect(codes(result) == ["E0505"])
        let d = try #require(result.diagnostics.first)
        #expect(d.message == "'recipe.stages' has no entry named 'imitaton'" && d.help == "did you mean 'imitation'?")
        #expect(d.range?.file.hasSuffix("spec.yaml") == true && d.range?.start == SourceLocation(line: 4, column: 5))
    }

    @Test func setAddressesStagesByNameAndDeletes() throws {
        let options = CheckOptions(overrides: ["recipe.stages.imitation.steps=7", "action.execute=null", "recipe.stages.warmup=null"])
        let spec = try #require(checkIncluding("", options: options).spec)
        #expect(spec.recipe.stages.map(\.name) == ["imitation"] && spec.recipe.stages[0].steps == 7)
        #expect(spec.action.execute == nil)
        #expect(spec.sourceMap.value("recipe.stages.0.steps")?.file == "--set[1]")
    }

    @Test func deletingAMissingKeyCreatesNothing() throws {
        let spec = try #require(check(tinySpec, options: CheckOptions(overrides: ["head.diffusion.eta=null"])).spec)
        #expect(spec.document["head"]?["diffusion"] == nil)
    }

    @Test func aDeletedRequiredKeyIsReportedWhereTheNullIs() throws {
        let result = check(tinySpec, options: CheckOptions(overrides: ["action.dim=null"]))
        #expect(codes(result) == ["E0102"])
        let d = try #require(result.diagnostics.first)
        #expect(d.message.contains("missing required key 'dim' (null deleted it)"))
        #expect(d.range?.file == "--set[1]")
        let inFile = check(tinySpec.replacingOccurrences(of: "action: {dim: 4, chunk: 1}", with: "action: {dim: null, chunk: 1}"))
        #expect(inFile.diagnostics.first?.range?.start == SourceLocation(line: 5, column: 10))
    }

    @Test func setUnknownStageNameIsE0504NamingTheList() throws {
        let result = check(tinySpec, options: CheckOptions(overrides: ["recipe.stages.imitation.steps=5"]))
        #expect(codes(result) == ["E0504"])
        #expect(result.diagnostics.first?.message == "'recipe.stages' has no entry named 'imitation'")
        #expect(result.diagnostics.first?.help == "its entries are bc")
    }

    @Test func aNullListItemWrittenInAFileIsStillAnError() {
        let result = check(tinySpec.replacingOccurrences(of: "condition: [state]", with: "condition: [state, ~]"))
        #expect(result.hasErrors)
    }
}
