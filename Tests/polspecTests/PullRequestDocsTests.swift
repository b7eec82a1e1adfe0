import Foundation
import Testing
@testable import SpecLang

/// The GitHub Actions workflow of docs/pull-requests.md and the pre-commit hooks are YAML that
/// reads, and every polspec command line in them uses options polspec has.
@Suite struct PullRequestDocsTests {
    static let root = PolspecProcess.root

    /// The fenced ```yaml blocks of a Markdown file.
    static func yamlBlocks(_ markdown: String) -> [String] {
        markdown.components(separatedBy: "```yaml\n").dropFirst().compactMap { $0.components(separatedBy: "\n```").first.map { $0 + "\n" } }
    }

    /// The `polspec ...` command lines in `text` (each from `polspec` to the end of its line).
    static func commands(_ text: String) -> [[String]] {
        text.split(separator: "\n").flatMap { line -> [[String]] in
            line.components(separatedBy: "polspec ").dropFirst().map { rest in
                ["polspec"] + rest.split(separator: " ").prefix { !["|", ">", ">>", "<", "||", "&&", ";"].contains(String($0)) }.map(String.init)
            }
        }.filter { $0.count > 1 && ["check", "fmt", "diff", "resolve", "schema", "explain"].contains($0[1]) }
    }

    func readsAsYAML(_ text: String, _ what: String) throws {
        let read = YAMLReader(limits: Limits()).read(Array(text.utf8), path: what)
        #expect(read.diagnostics.isEmpty && read.root != nil, "\(what): \(read.diagnostics.map(\.message))")
    }

    @Test func theWorkflowAndTheHooksReadAndUseRealOptions() throws {
        let page = try String(contentsOf: Self.root.appendingPathComponent("docs/pull-requests.md"), encoding: .utf8)
        let blocks = Self.yamlBlocks(page)
        #expect(blocks.count == 2, "the workflow and the pre-commit configuration")
        let hooks = try String(contentsOf: Self.root.appendingPathComponent(".pre-commit-hooks.yaml"), encoding: .utf8)
        for (i, block) in (blocks + [hooks]).enumerated() { try readsAsYAML(block, "block \(i)") }
        let workflow = try #require(blocks.first)
        #expect(workflow.contains("pull_request:") && workflow.contains("pull-requests: write"))
        let commands = Self.commands(workflow) + [["polspec", "check", "specs/"], ["polspec", "fmt"]]
        #expect(Set(commands.map { $0[1] }) == ["check", "fmt", "diff"])
        var help: [String: String] = [:]
        for command in commands {
            let sub = command[1]
            if help[sub] == nil { help[sub] = try PolspecProcess.run(["help", sub]).stdout }
            for option in command where option.hasPrefix("--") {
                #expect(help[sub]!.contains(option), "polspec \(sub) has no \(option)")
            }
        }
        #expect(hooks.contains("entry: polspec check") && hooks.contains("entry: polspec fmt"))
    }
}
