import Foundation
import Testing
import TestSupport
@testable import SpecLang

/// Input meant to crash, hang or exhaust the checker gets a located error instead.
@Suite struct HostileInputTests {
    func run(_ bytes: [UInt8]) -> CheckResult { SpecChecker.check(bytes: bytes, path: "hostile.yaml") }
    func run(_ text: String) -> CheckResult { run(Array(text.utf8)) }

    @Test func fileOverTheSizeLimit() {
        let line = "# " + String(repeating: "x", count: 1022) + "\n"
        let result = run(String(repeating: line, count: 1025))
        #expect(codes(result) == ["E0004"])
    }

    @Test func billionLaughs() {
        var text = "polspec: 1\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...9 {
            text += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        #expect(codes(run(text)) == ["E0009"])
    }

    @Test func deepFlowNesting() {
        let depth = 100_000
        let result = run("name: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        #expect(codes(result) == ["E0008"])
    }

    @Test func deepBlockNesting() {
        let text = (0..<1200).map { String(repeating: " ", count: $0) + "k:" }.joined(separator: "\n") + " 1\n"
        #expect(codes(run(text)) == ["E0008"])
    }

    @Test func nestingJustUnderTheLimitIsStructureNotDepth() {
        let nested = String(repeating: "[", count: 60) + String(repeating: "]", count: 60)
        #expect(!codes(run("polspec: 1\ndescription: \(nested)\n")).contains("E0008"))
    }

    @Test(arguments: [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x82], [0xFF], [0x80]])
    func invalidUTF8(_ junk: [UInt8]) throws {
        let result = run(Array("polspec: 1\nname: ".utf8) + junk + Array("\n".utf8))
        let d = try #require(result.diagnostics.first)
        #expect(d.code == .invalidUTF8 && d.range?.start == SourceLocation(line: 2, column: 7))
    }

    @Test func randomBinaryIsRejected() {
        var rng = SplitMix64(seed: 7)
        let bytes = (0..<65_536).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let result = run(bytes)
        #expect(result.hasErrors)
        #expect(["E0001", "E0002"].contains(result.diagnostics.first?.code.rawValue ?? ""))
    }

    @Test func manyDocuments() {
        #expect(codes(run(String(repeating: "a: 1\n---\n", count: 1000))) == ["E0006"])
    }

    @Test func emptyAndCommentOnlyFiles() {
        #expect(codes(run("")) == ["E0011"])
        #expect(codes(run("# nothing here\n\n")) == ["E0011"])
        #expect(codes(run("\u{FEFF}")) == ["E0011"])
    }

    @Test func byteOrderMarkIsInvisible() throws {
        let result = run([0xEF, 0xBB, 0xBF] + Array(tinySpec.replacingOccurrences(of: "dim: 9", with: "dim: 0").utf8))
        #expect(result.diagnostics.first?.range?.start == SourceLocation(line: 4, column: 30))
    }

    @Test func manyUnknownKeysAreAllReported() {
        let text = tinySpec + (0..<5_000).map { "extra\($0): \($0)" }.joined(separator: "\n")
        let result = run(text)
        #expect(result.diagnostics.count == 5_000)
        #expect(Set(codes(result)) == ["E0101"])
    }

    @Test func windowsLineEndings() throws {
        let result = run(tinySpec.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(result.spec != nil, "\(codes(result))")
    }
}
