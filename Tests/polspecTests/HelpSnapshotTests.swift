import Foundation
import Testing

/// Every command's `--help` against its snapshot in Tests/Fixtures/help, and the option tables
/// of docs/cli.md against the command tree. `POLSPEC_UPDATE_SNAPSHOTS=1` rewrites both.
@Suite struct HelpSnapshotTests {
    static let update = ProcessInfo.processInfo.environment["POLSPEC_UPDATE_SNAPSHOTS"] == "1"
    static let folder = PolspecProcess.root.appendingPathComponent("Tests/Fixtures/help")
    static let page = PolspecProcess.root.appendingPathComponent("docs/cli.md")

    @Test func everyHelpMatchesItsSnapshot() throws {
        let reference = try CommandReference.load()
        #expect(reference.commands.count > 15)
        var expected: Set<String> = []
        for command in reference.commands {
            let name = CommandReference.snapshotName(command.path)
            expected.insert(name)
            let run = try PolspecProcess.run(command.path + ["--help"])
            #expect(run.status == 0, "polspec \(command.path.joined(separator: " ")) --help")
            let file = Self.folder.appendingPathComponent(name)
            if Self.update {
                try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
                try Data(run.stdout.utf8).write(to: file)
            } else {
                let snapshot = try? String(contentsOf: file, encoding: .utf8)
                #expect(snapshot == run.stdout, "\(name) differs from `polspec \(command.path.joined(separator: " ")) --help`")
            }
        }
        let present = Set(try FileManager.default.contentsOfDirectory(atPath: Self.folder.path))
        if Self.update {
            for stale in present.subtracting(expected) { try FileManager.default.removeItem(at: Self.folder.appendingPathComponent(stale)) }
        } else {
            #expect(present == expected, "snapshots without a command: \(present.subtracting(expected).sorted())")
        }
    }

    @Test func cliDocsTableEveryOption() throws {
        let reference = try CommandReference.load()
        let page = try String(contentsOf: Self.page, encoding: .utf8)
        let generated = reference.replacingSection(in: page)
        if Self.update {
            try Data(generated.utf8).write(to: Self.page)
        } else {
            #expect(generated == page, "docs/cli.md's option tables are out of date")
        }
        for command in reference.commands where !command.path.isEmpty {
            #expect(generated.contains("### polspec \(command.path.joined(separator: " "))\n"))
        }
    }

    @Test func theTablesQuoteRealOptions() throws {
        let markdown = try CommandReference.load().markdown()
        #expect(markdown.contains("| `--format <format>` | `human` | Output format: human, json, github or markdown. |"))
        #expect(markdown.contains("### polspec bench run"))
    }
}
