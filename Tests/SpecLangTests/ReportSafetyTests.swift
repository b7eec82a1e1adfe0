import Foundation
import Testing
@testable import SpecLang

/// Reports for people and for GitHub: control characters from user input escaped, `--set`
/// shown as the argument, capped lists, changed lines first, Markdown that cannot break.
@Suite struct ReportSafetyTests {
    @Test func controlCharactersFromUserInputAreEscaped() throws {
        // A double-quoted YAML key may hold any character through an escape.
        let result = check(tinySpec.replacingOccurrences(of: "name: tiny", with: "name: tiny\n\"evil\\e[2Jkey\\u202E\": 1"))
        let text = CheckReport.render([result], format: .human)
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E }, "\(text)")
        #expect(text.contains("evil\\u{1B}[2Jkey\\u{202E}"), "\(text)")
        #expect(TerminalText.escaped("a\u{7}b\u{9B}c\td\ne", keepingNewlines: true) == "a\\u{7}b\\u{9B}c\\u{9}d\ne")
    }

    @Test func setDiagnosticsNameTheArgumentNotAFile() throws {
        let result = check(tinySpec, options: CheckOptions(overrides: ["head.hidden=[x]"]))
        let human = CheckReport.render([result], format: .human)
        #expect(human.hasPrefix("command line: error[E0103]: mlp head 'hidden': expected an integer, found 'x'\n  | --set head.hidden=[x]\n  |                    ^\n"), "\(human)")
        let github = CheckReport.render([result], format: .github)
        #expect(github.hasPrefix("::error title=E0103::--set head.hidden=[x]: mlp head 'hidden'"), "\(github)")
        #expect(!github.contains("file="))
        let json = CheckReport.render([result], format: .json)
        #expect(json.contains("\"file\": null") && json.contains("\"override\": 1"))
    }

    /// A spec with `n` unknown top-level keys.
    func manyErrors(_ n: Int) -> CheckResult {
        check(tinySpec + (0..<n).map { "extra\($0): 1\n" }.joined())
    }

    @Test func humanAndGitHubOutputAreCapped() throws {
        let result = manyErrors(12)
        #expect(result.errorCount == 12)
        let human = CheckReport.render([result], format: .human, options: ReportOptions(limit: 5))
        #expect(human.components(separatedBy: "error[E0101]").count - 1 == 5)
        #expect(human.contains("... 7 more diagnostics not shown (`polspec check --max-diagnostics 0` shows every one)"))
        #expect(human.contains("12 errors"), "the summary counts every one")
        let all = CheckReport.render([result], format: .human, options: ReportOptions(limit: nil))
        #expect(all.components(separatedBy: "error[E0101]").count - 1 == 12 && !all.contains("not shown"))
        let github = CheckReport.render([result], format: .github, options: ReportOptions(limit: 3))
        #expect(github.components(separatedBy: "::error").count - 1 == 3 && github.contains("9 more diagnostics"))
        #expect(CheckReport.render([result], format: .json).components(separatedBy: "\"E0101\"").count - 1 == 12)
    }

    @Test func gitHubPutsChangedLinesFirst() throws {
        let result = manyErrors(4)
        let file = try #require(result.diagnostics.first?.range?.file)
        let lastLine = try #require(result.diagnostics.last?.range?.start.line)
        let changed = ChangedLines([file: [lastLine]])
        let github = CheckReport.render([result], format: .github, options: ReportOptions(limit: 1, changedLines: changed))
        #expect(github.hasPrefix("::error file=") && github.contains("line=\(lastLine),"), "\(github)")
        #expect(ChangedLines([:], newFiles: [file]).contains(result.diagnostics[0].range))
    }

    @Test func markdownReportHoldsEverySpecAndDiagnostic() throws {
        let clean = check(tinySpec), broken = manyErrors(2)
        let markdown = CheckReport.render([clean, broken], format: .markdown)
        #expect(markdown.hasPrefix("## polspec check\n\n2 specs: 1 ok, 2 errors, 0 warnings\n"))
        #expect(markdown.contains("| tiny | ✅ ok |") && markdown.contains("❌ 2 errors"))
        #expect(markdown.contains("```text\n") && markdown.contains("error[E0101]: unknown top-level key 'extra1'"))
    }

    @Test func markdownTextCannotBreakOut() {
        #expect(MarkdownText.cell("a|b<script>*x*") == "a\\|b&lt;script&gt;\\*x\\*")
        #expect(MarkdownText.code("x`y") == "``x`y``")
        #expect(MarkdownText.code("a|b") == "`a\\|b`")
        #expect(MarkdownText.fence("```\ninside\n").hasPrefix("````text\n"))
    }
}
