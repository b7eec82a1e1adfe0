import Foundation
import Testing
@testable import SpecLang

/// Smaller hostile-input findings of issue 18: CR-only line endings (allowed by YAML and the
/// docs), the end-of-line comment of a flow mapping written over lines, and `--set include`.
@Suite struct LineEndingsAndTriviaTests {
    @Test func crOnlyLineEndingsReadLikeLF() throws {
        let lf = check(tinySpec)
        let cr = check(tinySpec.replacingOccurrences(of: "\n", with: "\r"))
        #expect(codes(cr).isEmpty, "\(cr.diagnostics.map(\.message))")
        #expect(try #require(cr.spec).hash == (try #require(lf.spec).hash))
        let mixed = check(tinySpec.replacingOccurrences(of: "\n", with: "\r\n").replacingOccurrences(of: "head:", with: "bogus: 1\rhead:"))
        let diagnostic = try #require(mixed.diagnostics.first)
        let line = tinySpec.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("head:") }! + 1
        #expect(diagnostic.range?.start.line == line, "positions count a lone CR as a line break: \(diagnostic)")
        let formatted = try #require(SpecFormatter.format(text: tinySpec.replacingOccurrences(of: "\n", with: "\r"), path: "cr.yaml").formatted)
        #expect(!formatted.contains("\r") && formatted == SpecFormatter.format(text: tinySpec, path: "lf.yaml").formatted)
    }

    @Test func sourceLinesEndAtLFCRLFAndCR() {
        #expect(SourceFile.splitLines("a\nb\r\nc\rd\r\re") == ["a", "b", "c", "d", "", "e"])
    }

    @Test func trailingCommentOfAFlowMappingOverLinesStaysWithTheLastItem() throws {
        let text = """
        polspec: 1
        name: flow
        observation:
          state: {kind: vector,
                  dim: 39, history: 2}  # two frames
        action: {dim: 4, chunk: 1}
        head: {kind: mlp, condition: [state], hidden: [64]}
        recipe:
          seed: 0
          stages:
            - {name: bc, objective: bc, steps: 10}

        """
        let formatted = try #require(SpecFormatter.format(text: text, path: "flow.yaml").formatted)
        #expect(formatted.contains("    history: 2  # two frames\n"), "\(formatted)")
        #expect(formatted.contains("    dim: 39\n"), "\(formatted)")
    }

    @Test func includeCannotBeSetFromTheCommandLine() throws {
        for override in ["include=[base.yaml]", "include.0=base.yaml"] {
            let result = check(tinySpec, options: CheckOptions(overrides: [override]))
            #expect(codes(result) == ["E0504"], "\(override)")
            #expect(result.diagnostics.first?.message.contains("'include' cannot be set with --set") == true)
        }
    }
}
