import Foundation
import Testing
@testable import SpecLang

/// The interface, architecture and recipe hashes: each changes with its part of the spec and
/// only with it; names are in none.
@Suite struct SpecHashesTests {
    func hashes(_ overrides: [String]) throws -> SpecHashes {
        try #require(check(tinySpec, options: CheckOptions(overrides: overrides)).spec).hashes
    }

    @Test func eachPartChangesItsHashOnly() throws {
        let base = try hashes([])
        let cases: [([String], [String])] = [
            (["name=renamed", "description=words", "recipe.stages.bc.name=imitation"], []),
            (["observation.state.dim=10"], ["interface"]),
            (["action.execute=1"], ["interface"]),
            (["head.hidden=[64]"], ["architecture"]),
            (["recipe.seed=3"], ["recipe"]),
            (["recipe.stages.bc.steps=5"], ["recipe"]),
        ]
        for (overrides, changed) in cases {
            #expect(try hashes(overrides).differences(from: base) == changed, "\(overrides)")
        }
    }

    @Test func theSpecHashCombinesTheParts() throws {
        let a = try #require(check(tinySpec).spec)
        let renamed = try #require(check(tinySpec, options: CheckOptions(overrides: ["name=other"])).spec)
        #expect(a.hash == renamed.hash && a.hash == a.hashes.spec && a.hash.count == 64)
        #expect(a.hash != (try #require(check(tinySpec, options: CheckOptions(overrides: ["recipe.seed=1"])).spec)).hash)
    }

    @Test func theResolvedDocumentHasNoNullsAndChecksToTheSameHashes() throws {
        let spec = try #require(check(tinySpec).spec)
        #expect(!spec.canonicalJSON.contains("null"))
        let again = try #require(SpecChecker.check(text: spec.canonicalJSON, path: "spec.json").spec)
        #expect(again.hashes == spec.hashes && again.name == spec.name)
    }
}
