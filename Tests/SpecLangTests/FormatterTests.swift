import Foundation
import Testing
import TestSupport
@testable import SpecLang

/// `polspec fmt`: the canonical layout, comments kept, idempotence, meaning (and so the
/// canonical hash) unchanged, and the files it refuses.
@Suite struct FormatterTests {
    func format(_ text: String) -> FormatResult { SpecFormatter.format(text: text, path: "spec.yaml") }

    func formatted(_ text: String) throws -> String {
        let result = format(text)
        return try #require(result.formatted, "\(result.diagnostics.map(\.message))")
    }

    /// Every spec file under specs/, recursively.
    static func specFiles() -> [URL] {
        let enumerator = FileManager.default.enumerator(at: Repository.specs, includingPropertiesForKeys: nil)
        return (enumerator?.compactMap { $0 as? URL } ?? [])
            .filter { ["yaml", "yml"].contains($0.pathExtension) }.sorted { $0.path < $1.path }
    }

    @Test func everySpecUnderSpecsIsAlreadyFormatted() throws {
        let files = Self.specFiles()
        #expect(files.count >= 9)
        for url in files {
            let result = SpecFormatter.format(bytes: try [UInt8](Data(contentsOf: url)), path: url.path)
            #expect(result.formatted != nil && !result.isChanged, "\(url.lastPathComponent) is not formatted: run polspec fmt specs/")
        }
    }

    @Test func theCanonicalLayout() throws {
        let messy = """
            # yaml-language-server: $schema=../docs/polspec.schema.json
            # Header comments stay on top whatever key comes first.

            name: demo   # the name
            polspec: 1
            observation:                # named inputs
              history: 2                # frames of history
              agentview: {camera: agentview, kind: image, shape: [3, 32, 32]}
              proprio:   {kind: vector, dim: 9}


              instruction: {kind: text, max_tokens: 16}
            action: {chunk: 8, dim: 7}
            encoders:
              vision: {kind: cnn, input: agentview, channels: [16, 32], output: vector}
              text:   {input: instruction, kind: text_embedding, dim: 64}
            head:
              diffusion: {sample_steps: 10, schedule: squaredcos}
              kind: dit                 # Dita-style
              condition:
                - vision   # pooled image
                - text
                - proprio
              dim: 64
            recipe:
              stages:
                - name: imitation
                  objective: diffusion
                  steps: 100
                - {name: more, objective: diffusion, steps: 100,
                   optimizer: {kind: adamw, lr: 1.0e-3},  # inner
                   schedule: {kind: cosine, warmup: 10}}
            # the end

            """
        let expected = """
            # yaml-language-server: $schema=../docs/polspec.schema.json
            # Header comments stay on top whatever key comes first.

            polspec: 1
            name: demo  # the name
            observation:  # named inputs
              agentview: {kind: image, shape: [3, 32, 32], camera: agentview}
              proprio: {kind: vector, dim: 9}

              instruction: {kind: text, max_tokens: 16}
              history: 2  # frames of history
            action: {dim: 7, chunk: 8}
            encoders:
              vision: {kind: cnn, input: agentview, channels: [16, 32], output: vector}
              text: {kind: text_embedding, input: instruction, dim: 64}
            head:
              kind: dit  # Dita-style
              condition:
                - vision  # pooled image
                - text
                - proprio
              dim: 64
              diffusion: {schedule: squaredcos, sample_steps: 10}
            recipe:
              stages:
                - {name: imitation, objective: diffusion, steps: 100}
                - name: more
                  objective: diffusion
                  steps: 100
                  optimizer: {kind: adamw, lr: 1.0e-3}  # inner
                  schedule: {kind: cosine, warmup: 10}
            # the end

            """
        #expect(try formatted(messy) == expected)
        #expect(try formatted(expected) == expected)
        let before = try #require(check(messy).spec, "\(check(messy).diagnostics.map(\.message))")
        #expect(try check(formatted(messy)).spec?.hash == before.hash)
    }

    @Test func flowStyleOnlyWhenTheLineFits() throws {
        // A leaf mapping whose line is exactly the width stays in flow style; one column more
        // and it is written in block style.
        func line(_ padding: Int) -> String {
            "  v: {kind: mlp, input: state, hidden: [256], activation: gelu, norm: none, x\(String(repeating: "y", count: padding)): 1}"
        }
        let base = line(0).count
        let fits = line(SpecFormatter.maxLineWidth - base), over = line(SpecFormatter.maxLineWidth - base + 1)
        #expect(fits.count == SpecFormatter.maxLineWidth)
        #expect(try formatted("encoders:\n\(fits)\n") == "encoders:\n\(fits)\n")
        #expect(try formatted("encoders:\n\(over)\n").hasPrefix("encoders:\n  v:\n    kind: mlp\n    input: state\n"))
    }

    @Test func commentsInsideAFlowCollectionMakeItBlock() throws {
        let text = "action: {dim: 4,  # four\n  chunk: 1}\nhead: [a, # first\n  b]\n"
        #expect(try formatted(text) == "action:\n  dim: 4  # four\n  chunk: 1\nhead:\n  - a  # first\n  - b\n")
    }

    @Test func unknownKeysFollowKnownOnesAndUnknownKindsKeepTheirOrder() throws {
        let text = "zeta: 1\nhead: {zz: 1, kind: flux, aa: 2}\nname: x\nencoders:\n  a: {depth: 1, input: s, kind: transformer, bogus: 3}\n"
        #expect(try formatted(text) == """
            name: x
            encoders:
              a: {kind: transformer, input: s, depth: 1, bogus: 3}
            head: {kind: flux, zz: 1, aa: 2}
            zeta: 1

            """)
    }

    @Test func scalarsKeepTheirSpelling() throws {
        let text = "a: 1.0e-4\nb: 'single ''quoted'''\nc: \"double \\\" # not a comment\"  # a comment\nd: 3e-4\ne:\n"
        #expect(try formatted(text) == text)
    }

    @Test func blockScalarsAreReindented() throws {
        let text = "observation:\n    state:\n        kind: vector\n        dim: 3\ndescription: |\n        first\n          # indented, not a comment\n\n        last\nname: x\n"
        #expect(try formatted(text) == """
            name: x
            description: |
              first
                # indented, not a comment

              last
            observation:
              state: {kind: vector, dim: 3}

            """)
        // Keep chomping keeps the trailing blank lines; an explicit indentation indicator
        // becomes a double-quoted string with the same text.
        #expect(try formatted("description: |+\n  keep\n\nname: x\n") == "name: x\ndescription: |+\n  keep\n\n")
        #expect(try formatted("description: |2\n    more\n  base\n") == "description: \"  more\\nbase\\n\"\n")
    }

    @Test func multiLineScalarsGoOnOneLine() throws {
        #expect(try formatted("description: a plain\n  value on\n  three lines\n") == "description: a plain value on three lines\n")
        #expect(try formatted("description: \"a quoted\n  value\"  # note\n") == "description: \"a quoted value\"  # note\n")
    }

    @Test func lineEndingsByteOrderMarkAndMarkers() throws {
        #expect(try formatted("\u{FEFF}name: x\r\npolspec: 1\r\n") == "polspec: 1\nname: x\n")
        #expect(try formatted("--- # the spec\nname: x\n...\n") == "# the spec\nname: x\n")
        #expect(try formatted("# only\n\n\n# comments\n\n") == "# only\n\n# comments\n")
        #expect(try formatted("") == "")
    }

    @Test func filesItRefuses() throws {
        let aliases = format("a: &x {kind: mlp}\nb: *x\n")
        #expect(aliases.formatted == nil && aliases.diagnostics.map(\.code) == [.unformattable])
        #expect(aliases.diagnostics.first?.range?.start == SourceLocation(line: 1, column: 4))
        let merge = format("a: {kind: mlp}\nb:\n  <<: {kind: cnn}\n")
        #expect(merge.diagnostics.map(\.code) == [.unformattable])
        let paragraphs = format("description: one\n\n  two\n")
        #expect(paragraphs.diagnostics.map(\.code) == [.unformattable])
        #expect(format("a: [1, 2\n").diagnostics.map(\.code) == [.yamlSyntax])
        #expect(format("a: 1\na: 2\n").diagnostics.map(\.code) == [.duplicateKey])
        #expect(format("a: !!int 1\n").diagnostics.map(\.code) == [.unsupportedYAML])
    }

    /// Formatting is idempotent and keeps what every example spec and every fixture means:
    /// the same hash for clean specs, the same diagnostics (codes and messages) for bad ones.
    @Test func formattingKeepsMeaningAndIsIdempotent() throws {
        let fixtures = FixtureTests.fixtures.map(\.url)
        var formattedCount = 0
        for url in Self.specFiles() + fixtures {
            let bytes = try [UInt8](Data(contentsOf: url))
            let result = SpecFormatter.format(bytes: bytes, path: url.path)
            guard let once = result.formatted else { continue }
            formattedCount += 1
            #expect(SpecFormatter.format(text: once, path: url.path).formatted == once, "\(url.lastPathComponent) is not stable")
            let overrides = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
                .filter { $0.hasPrefix("# set: ") }.map { String($0.dropFirst(7)) }
            let options = CheckOptions(overrides: overrides)
            let before = SpecChecker.check(bytes: bytes, path: url.path, options: options)
            let after = SpecChecker.check(text: once, path: url.path, options: options)
            #expect(after.spec?.hash == before.spec?.hash, "\(url.lastPathComponent)")
            #expect(Self.meaning(after) == Self.meaning(before), "\(url.lastPathComponent)")
        }
        #expect(formattedCount > fixtures.count / 2)
    }

    /// Seeded mutations of the example specs: whatever formats, formats stably and keeps its
    /// diagnostics; nothing crashes.
    @Test func mutatedSpecsFormatStably() throws {
        var rng = SplitMix64(seed: 0xF0F0)
        var formattedCount = 0
        for url in Repository.exampleSpecs() {
            let original = try [UInt8](Data(contentsOf: url))
            for _ in 0..<60 {
                let mutated = FuzzTests().mutate(original, &rng)
                guard let once = SpecFormatter.format(bytes: mutated, path: "fuzz.yaml").formatted else { continue }
                formattedCount += 1
                #expect(SpecFormatter.format(text: once, path: "fuzz.yaml").formatted == once)
                #expect(Self.meaning(SpecChecker.check(text: once, path: "fuzz.yaml"))
                        == Self.meaning(SpecChecker.check(bytes: mutated, path: "fuzz.yaml")))
            }
        }
        #expect(formattedCount > 100)
    }

    /// Every comment of the example specs survives, in order.
    @Test func commentsAreKept() throws {
        func comments(_ text: String) -> [String] {
            text.split(separator: "\n").compactMap { line in
                line.range(of: "#").map { String(line[$0.lowerBound...]).trimmingCharacters(in: .whitespaces) }
            }
        }
        for url in Repository.exampleSpecs() {
            let text = try String(contentsOf: url, encoding: .utf8)
            let messy = text.replacingOccurrences(of: "\n", with: "   \n").replacingOccurrences(of: "  #", with: "     #")
            #expect(comments(try formatted(messy)) == comments(text), "\(url.lastPathComponent)")
        }
    }

    static func meaning(_ result: CheckResult) -> [String] {
        result.diagnostics.map { "\($0.code.rawValue) \($0.message)" }.sorted()
    }
}

/// Unified diffs: minimal edit scripts and `diff -u` hunks.
@Suite struct UnifiedDiffTests {
    @Test func hunksWithContext() {
        let old = (1...10).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let new = old.replacingOccurrences(of: "line 2\n", with: "line two\n").replacingOccurrences(of: "line 9\n", with: "")
        #expect(UnifiedDiff.render(old: old, new: new, oldName: "a", newName: "b", context: 1) == """
            --- a
            +++ b
            @@ -1,3 +1,3 @@
             line 1
            -line 2
            +line two
             line 3
            @@ -8,3 +8,2 @@
             line 8
            -line 9
             line 10

            """)
        #expect(UnifiedDiff.render(old: old, new: old, oldName: "a", newName: "b") == "")
        #expect(UnifiedDiff.render(old: "", new: "x\n", oldName: "a", newName: "b") == "--- a\n+++ b\n@@ -0,0 +1 @@\n+x\n")
        #expect(UnifiedDiff.render(old: "x", new: "x\n", oldName: "a", newName: "b")
                == "--- a\n+++ b\n@@ -1 +1 @@\n-x\n\\ No newline at end of file\n+x\n")
    }

    /// The edit script rebuilds the new text from the old and is as short as the longest
    /// common subsequence allows.
    @Test func editScriptsAreValidAndMinimal() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<300 {
            let a = (0..<Int(rng.next() % 12)).map { _ in "abc".randomElement(using: &rng)! }
            let b = (0..<Int(rng.next() % 12)).map { _ in "abc".randomElement(using: &rng)! }
            let script = UnifiedDiff.editScript(a, b)
            var rebuilt: [Character] = []
            for edit in script {
                switch edit.kind {
                case .equal: #expect(a[edit.old] == b[edit.new]); rebuilt.append(a[edit.old])
                case .insert: rebuilt.append(b[edit.new])
                case .delete: break
                }
            }
            #expect(rebuilt == b)
            #expect(script.filter { $0.kind == .delete }.map(\.old) == a.indices.filter { i in !script.contains { $0.kind == .equal && $0.old == i } })
            var lcs = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
            for i in a.indices { for j in b.indices { lcs[i + 1][j + 1] = a[i] == b[j] ? lcs[i][j] + 1 : max(lcs[i][j + 1], lcs[i + 1][j]) } }
            #expect(script.filter { $0.kind != .equal }.count == a.count + b.count - 2 * lcs[a.count][b.count])
        }
    }
}
