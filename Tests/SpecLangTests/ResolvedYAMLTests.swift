import Foundation
import Testing
@testable import SpecLang

/// `polspec resolve`: the merged spec with every default, in fmt's layout, checking to the same
/// hashes; with origins through two levels of include, `--set` and defaults.
@Suite struct ResolvedYAMLTests {
    /// spec.yaml includes bases/mid.yaml, which includes bases/deep/obs.yaml.
    func twoLevels(overrides: [String] = []) -> (CheckResult, TemporaryDirectory) {
        let dir = TemporaryDirectory()
        dir.write("bases/deep/obs.yaml", """
            observation:
              state: {kind: vector, dim: 9}
            action: {dim: 4}
            """)
        dir.write("bases/mid.yaml", """
            include: [deep/obs.yaml]
            head: {kind: mlp, condition: [state], hidden: [32]}
            action: {chunk: 2}
            """)
        let spec = dir.write("spec.yaml", """
            include: [bases/mid.yaml]
            polspec: 1
            name: layered
            recipe:
              stages:
                - {name: bc, objective: bc, steps: 100}
            """)
        return (SpecChecker.check(file: spec.path, options: CheckOptions(overrides: overrides)), dir)
    }

    @Test func originsThroughTwoLevelsOfInclude() throws {
        let (result, dir) = twoLevels(overrides: ["head.hidden=[64]"])
        defer { dir.cleanup() }
        let spec = try #require(result.spec, "\(result.diagnostics.map(\.message))")
        let text = ResolvedYAML.text(spec, sources: result.sources, origins: true)
        let deep = dir.url.appendingPathComponent("bases/deep/obs.yaml").path
        let mid = dir.url.appendingPathComponent("bases/mid.yaml").path
        let top = dir.url.appendingPathComponent("spec.yaml").path
        func line(_ prefix: String) -> String? { text.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(prefix) }.map(String.init) }
        #expect(line("dim: 9")?.hasSuffix("# \(deep):2") == true, "\(text)")
        #expect(line("dim: 4")?.hasSuffix("# \(deep):3") == true, "\(text)")
        #expect(line("chunk: 2")?.hasSuffix("# \(mid):3") == true, "\(text)")
        #expect(line("condition: [state]")?.hasSuffix("# \(mid):2") == true, "\(text)")
        #expect(line("hidden: [64]")?.hasSuffix("# --set head.hidden=[64]") == true, "\(text)")
        #expect(line("name: layered")?.hasSuffix("# \(top):3") == true, "\(text)")
        #expect(line("steps: 100")?.hasSuffix("# \(top):6") == true, "\(text)")
        #expect(line("history: 1")?.hasSuffix("# default") == true, "\(text)")
        #expect(line("kind: bc")?.hasSuffix("# \(top):6") == true, "a bare kind name points at its line: \(text)")
    }

    @Test func resolvedTextChecksToTheSameSpecAndIsFormatted() throws {
        let (result, dir) = twoLevels(overrides: ["recipe.stages.bc.steps=7"])
        defer { dir.cleanup() }
        let spec = try #require(result.spec)
        let text = ResolvedYAML.text(spec, header: ["a header line"])
        #expect(text.hasPrefix("# a header line\npolspec: 1\nname: layered\n"))
        let again = try #require(SpecChecker.check(text: text, path: "resolved.yaml").spec)
        #expect(again.hashes == spec.hashes && again.name == spec.name)
        #expect(ResolvedYAML.text(again, header: ["a header line"]) == text, "resolving the resolved spec changes nothing")
        #expect(SpecFormatter.format(text: text, path: "resolved.yaml").isChanged == false)
        // With origins it still checks to the same spec.
        let withOrigins = ResolvedYAML.text(spec, sources: result.sources, origins: true)
        #expect(try #require(SpecChecker.check(text: withOrigins, path: "r.yaml").spec).hashes == spec.hashes)
    }

    @Test func everyExampleSpecRoundTrips() throws {
        for url in Repository.exampleSpecs() {
            let spec = try #require(SpecChecker.check(file: url.path).spec, "\(url.lastPathComponent)")
            let again = SpecChecker.check(text: ResolvedYAML.text(spec), path: "resolved.yaml")
            #expect(again.spec?.hash == spec.hash, "\(url.lastPathComponent): \(again.diagnostics.map(\.message))")
            #expect(SpecChecker.check(text: spec.canonicalJSON, path: "spec.json").spec?.hash == spec.hash, "\(url.lastPathComponent) as JSON")
        }
    }

    @Test func aSpecWithErrorsShowsItsMergedTree() throws {
        let result = check(tinySpec.replacingOccurrences(of: "dim: 9", with: "dim: nine"), options: CheckOptions(overrides: ["head.hidden=[8]"]))
        #expect(result.hasErrors)
        let tree = try #require(ResolvedYAML.tree(of: result, origins: true))
        #expect(tree.contains("dim: nine  #") && tree.contains("hidden: [8]  # --set head.hidden=[8]"), "\(tree)")
        #expect(!tree.contains("history"), "no defaults in a merged tree")
    }
}
