import Foundation

/// The command tree `polspec --experimental-dump-help` describes, and the option tables of
/// docs/cli.md generated from it.
struct CommandReference {
    /// One command: its path below `polspec` (empty for the root), abstract and arguments.
    struct Command {
        let path: [String]
        let abstract: String
        let arguments: [[String: Any]]
    }

    /// Every command, depth first, the root first; `help` is left out (it has no options of its own).
    let commands: [Command]

    /// Reads the tree from the built binary.
    static func load() throws -> CommandReference {
        let dump = try PolspecProcess.run(["--experimental-dump-help"])
        let json = try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any]
        guard let root = json?["command"] as? [String: Any] else { throw CocoaError(.coderReadCorrupt) }
        var commands: [Command] = []
        func walk(_ node: [String: Any], _ path: [String]) {
            commands.append(Command(path: path, abstract: node["abstract"] as? String ?? "",
                                    arguments: node["arguments"] as? [[String: Any]] ?? []))
            for child in node["subcommands"] as? [[String: Any]] ?? [] {
                guard let name = child["commandName"] as? String, name != "help" else { continue }
                walk(child, path + [name])
            }
        }
        walk(root, [])
        return CommandReference(commands: commands)
    }

    /// The snapshot file of a command's `--help` (`bench-run.txt`; `polspec.txt` for the root).
    static func snapshotName(_ path: [String]) -> String {
        (path.isEmpty ? "polspec" : path.joined(separator: "-")) + ".txt"
    }

    static let beginMarker = "<!-- BEGIN GENERATED OPTION TABLES -->"
    static let endMarker = "<!-- END GENERATED OPTION TABLES -->"

    /// The generated section: one table per command that takes arguments.
    func markdown() -> String {
        var lines = [Self.beginMarker,
                     "<!-- Generated from `polspec --experimental-dump-help` by Tests/polspecTests/HelpSnapshotTests.swift;",
                     "     update with: POLSPEC_UPDATE_SNAPSHOTS=1 swift test --filter HelpSnapshotTests -->"]
        for command in commands where !command.path.isEmpty {
            let shown = command.arguments.filter { $0["shouldDisplay"] as? Bool ?? true }
            lines += ["", "### polspec \(command.path.joined(separator: " "))", "", Self.cell(command.abstract)]
            guard !shown.isEmpty else { continue }
            lines += ["", "| argument | default | description |", "|---|---|---|"]
            for argument in shown {
                let defaultValue = (argument["defaultValue"] as? String).map { "`\(Self.cell($0))`" } ?? ""
                lines.append("| \(Self.usage(argument)) | \(defaultValue) | \(Self.cell(argument["abstract"] as? String ?? "")) |")
            }
        }
        return (lines + ["", Self.endMarker]).joined(separator: "\n")
    }

    /// `--format <format>`, `-v, --verbose`, `<paths> ...`.
    static func usage(_ argument: [String: Any]) -> String {
        let value = argument["valueName"] as? String ?? ""
        let repeating = argument["isRepeating"] as? Bool ?? false ? " …" : ""
        let names = (argument["names"] as? [[String: String]] ?? []).map { ($0["kind"] == "short" ? "-" : "--") + ($0["name"] ?? "") }
        switch argument["kind"] as? String {
        case "positional": return "`<\(value)>\(repeating)`"
        case "flag": return "`\(names.joined(separator: "`, `"))`"
        default: return "`\(names.joined(separator: "`, `")) <\(value)>`\(repeating)"
        }
    }

    /// Text fit for one table cell.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// `page` with its generated section replaced by `markdown()` (appended when it has none).
    func replacingSection(in page: String) -> String {
        guard let begin = page.range(of: Self.beginMarker), let end = page.range(of: Self.endMarker), begin.lowerBound < end.lowerBound else {
            return page + "\n" + markdown() + "\n"
        }
        return page.replacingCharacters(in: begin.lowerBound..<end.upperBound, with: markdown())
    }
}
