import Foundation
import Testing
@testable import SpecLang

/// Includes, overrides and the canonical hash.
@Suite struct CompositionTests {
    @Test func includesMergeMapsAndReplaceLists() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        dir.write("bases/obs.yaml", """
            observation:
              state: {kind: vector, dim: 9}
              history: 2
            head: {kind: mlp, condition: [state], hidden: [64, 64]}
            """)
        let spec = dir.write("spec.yaml", """
            include: [bases/obs.yaml]
            polspec: 1
            name: tiny
            observation:
              history: 3
            action: {dim: 4}
            head: {hidden: [32]}
            recipe:
              stages:
                - {name: bc, objective: bc, steps: 100}
            """)
        let result = SpecChecker.check(file: spec.path)
        let checked = try #require(result.spec, "\(result.diagnostics.map(\.message))")
        #expect(checked.history == 3)
        #expect(checked.port("state") == Port(.vector(dim: 9), frames: 3))
        guard let head = checked.head.config.base as? MLPHead else { Issue.record("not mlp"); return }
        #expect(head.hidden == [32])
        #expect(head.condition == ["state"])
        #expect(result.files.count == 2)
        // The hash is the same as for the merged spec written inline.
        let inline = try #require(check("""
            polspec: 1
            name: tiny
            observation:
              state: {kind: vector, dim: 9}
              history: 3
            action: {dim: 4}
            head: {kind: mlp, condition: [state], hidden: [32]}
            recipe:
              stages:
                - {name: bc, objective: bc, steps: 100}
            """).spec)
        #expect(inline.hash == checked.hash)
        // A value from the base points into the base.
        #expect(checked.sourceMap.value("observation.state.dim")?.file.hasSuffix("bases/obs.yaml") == true)
    }

    @Test func errorsInABasePointIntoTheBase() throws {
        let dir = TemporaryDirectory()
        defer { dir.cleanup() }
        dir.write("base.yaml", "observation:\n  state: {kind: vector, dim: -1}\n")
        let spec = dir.write("spec.yaml", "include: [base.yaml]\n" + tinySpec.replacingOccurrences(of: "observation:\n  state: {kind: vector, dim: 9}\n", with: ""))
        let result = SpecChecker.check(file: spec.path)
        let d = try #require(result.diagnostics.first)
        #expect(d.code == .outOfRange)
        #expect(d.range?.file.hasSuffix("base.yaml") == true && d.range?.start == SourceLocation(line: 2, column: 30))
    }

    @Test func symlinkOutOfTheTreeIsRejected() throws {
        let outside = TemporaryDirectory(), dir = TemporaryDirectory()
        defer { outside.cleanup(); dir.cleanup() }
        let target = outside.write("obs.yaml", "observation:\n  state: {kind: vector, dim: 9}\n")
        try FileManager.default.createSymbolicLink(at: dir.url.appendingPathComponent("link.yaml"), withDestinationURL: target)
        let spec = dir.write("spec.yaml", "include: [link.yaml]\n" + tinySpec)
        #expect(codes(SpecChecker.check(file: spec.path)) == ["E0502"])
    }

    @Test func overridesAreTypedByTheSchema() throws {
        let options = CheckOptions(overrides: ["head.hidden=[32, 16]", "recipe.stages.0.steps=7", "name=no",
                                               "head.diffusion={train_steps: 10, sample_steps: 10}"])
        let result = check(tinySpec.replacingOccurrences(of: "objective: bc", with: "objective: diffusion"), options: options)
        let spec = try #require(result.spec, "\(result.diagnostics.map(\.message))")
        #expect(spec.name == "no")
        #expect(spec.recipe.stages[0].steps == 7)
        guard let head = spec.head.config.base as? MLPHead else { Issue.record("not mlp"); return }
        #expect(head.hidden == [32, 16] && head.diffusion?.process.trainSteps == 10)
        #expect(spec.sourceMap.value("recipe.stages.0.steps")?.file == "--set[2]")
    }

    @Test func overrideCreatesNestedKeys() throws {
        let result = check(tinySpec, options: CheckOptions(overrides: ["observation.history=4"]))
        #expect(try #require(result.spec).history == 4)
    }

    @Test func malformedOverride() {
        #expect(codes(check(tinySpec, options: CheckOptions(overrides: ["head..depth=3"]))) == ["E0504"])
        #expect(codes(check(tinySpec, options: CheckOptions(overrides: ["name.first=x"]))) == ["E0504"])
        #expect(codes(check(tinySpec, options: CheckOptions(overrides: ["nodot"]))) == ["E0504"])
    }

    @Test func hashIgnoresFormattingOrderCommentsAndDefaults() throws {
        let a = try #require(check(tinySpec).spec)
        let reformatted = """
            # a comment
            recipe:
              stages:
                - name: bc
                  steps: 100
                  objective: {kind: bc}
                  batch: 64
            head:
              condition:
                - state
              kind: mlp
            action: {chunk: 1, dim: 4, range: [-1.0, 1.0]}
            observation: {state: {dim: 9, kind: vector}, history: 1}
            name: tiny
            polspec: 1
            """
        let b = try #require(check(reformatted).spec)
        #expect(a.hash == b.hash)
        #expect(a.hash.count == 64)
        let c = try #require(check(tinySpec.replacingOccurrences(of: "steps: 100", with: "steps: 101")).spec)
        #expect(a.hash != c.hash)
        let d = try #require(check(tinySpec.replacingOccurrences(of: "name: tiny", with: "name: tiny\ndescription: words")).spec)
        #expect(a.hash == d.hash)
    }

    @Test func anchorsAliasesAndMergeKeys() throws {
        let text = """
            polspec: 1
            name: tiny
            observation:
              state: &vec {kind: vector, dim: 9}
              goal: *vec
            action: {dim: 4, chunk: 1}
            encoders:
              a: &trunk {kind: mlp, input: state, hidden: [64]}
              b: {<<: *trunk, input: goal}
            head: {kind: mlp, condition: [a, b]}
            recipe:
              stages:
                - {name: bc, objective: bc, steps: 100}
            """
        let result = check(text)
        let spec = try #require(result.spec, "\(result.diagnostics.map(\.message))")
        #expect(spec.port("goal") == Port(.vector(dim: 9), frames: 1))
        guard let b = spec.encoder("b")?.config.base as? MLPEncoder else { Issue.record("no b"); return }
        #expect(b.input == "goal" && b.hidden == [64])
    }

    @Test func sha256KnownAnswers() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}
