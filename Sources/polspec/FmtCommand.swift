import ArgumentParser
import Foundation
import SafeTensors
import SpecLang

/// `polspec fmt`: rewrite spec files in the canonical layout.
struct FmtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Format specs canonically: registry key order, 2-space indentation, comments kept.",
        discussion: """
            Formats each FILE, and every *.yaml / *.yml under each DIR, in place (each file is \
            replaced atomically, and only when it changes). '-' formats standard input to standard \
            output. Formatting never changes what a spec means: its canonical hash stays the same.
            Exit status: 0 when done (or, with --check, when every file is already formatted), \
            1 when a file would change under --check or cannot be formatted, 2 for usage errors.
            --format github reports each change as a GitHub Actions annotation on the lines it \
            touches (an error with --check or --diff, a notice when the file is rewritten).

            Examples:
              polspec fmt specs/
              polspec fmt --check specs/          # for CI
              polspec fmt --check --format github specs/
              polspec fmt --diff specs/dita.yaml  # show what would change
            """
    )

    @Argument(help: "Spec files or directories, or '-' for standard input.")
    var paths: [String]

    @Flag(help: "Write nothing; exit 1 when a file is not formatted (and name it).")
    var check = false

    @Flag(help: "Write nothing; print a unified diff of what formatting would change.")
    var diff = false

    @Option(help: "Output format: human, or github (annotations on the lines formatting changes).")
    var format: FmtFormat = .human

    func run() throws {
        if paths.contains("-") {
            guard paths == ["-"] else { throw UsageError("'-' (standard input) cannot be combined with other paths") }
            try formatStandardInput()
            return
        }
        let files = try SpecPaths(paths).all
        var changed = 0, failed = 0
        for file in files {
            guard let bytes = FileManager.default.contents(atPath: file) else {
                printError("\(TerminalText.escaped(file)): cannot read the file")
                failed += 1
                continue
            }
            let result = SpecFormatter.format(bytes: [UInt8](bytes), path: file)
            guard let formatted = result.formatted else {
                print(result.diagnostics.map { format == .github ? DiagnosticRenderer.github($0, sources: result.sources) + "\n"
                                                : DiagnosticRenderer.human($0, sources: result.sources) }.joined(), terminator: "")
                failed += 1
                continue
            }
            guard result.isChanged else { continue }
            changed += 1
            if format == .github { print(annotations(file, old: String(decoding: bytes, as: UTF8.self), new: formatted), terminator: "") }
            if diff {
                print(UnifiedDiff.render(old: String(decoding: bytes, as: UTF8.self), new: formatted,
                                         oldName: "\(file)", newName: "\(file) (formatted)"), terminator: "")
            }
            if check {
                if !diff && format == .human { print("would format \(TerminalText.escaped(file))") }
            } else if !diff {
                do {
                    try replace(file, with: formatted)
                } catch {
                    printError("\(TerminalText.escaped(file)): cannot write: \(error.localizedDescription)")
                    failed += 1
                    continue
                }
                if format == .human { print("formatted \(TerminalText.escaped(file))") }
            }
        }
        if files.count > 1 || failed > 0 {
            let verb = check || diff ? "would change" : "formatted"
            print("\(files.count) file\(files.count == 1 ? "" : "s"): \(changed) \(verb), "
                  + "\(files.count - changed - failed) already formatted" + (failed > 0 ? ", \(failed) could not be formatted" : ""))
        }
        if failed > 0 || (check && changed > 0) { throw ExitCode(ExitStatus.specErrors) }
    }

    /// One annotation per change formatting makes to `file`: an error when nothing is
    /// written (--check, --diff), a notice when the file was rewritten.
    private func annotations(_ file: String, old: String, new: String) -> String {
        let command = check || diff ? "error" : "notice"
        let message = check || diff ? "not formatted: polspec fmt \(file) rewrites these lines" : "polspec fmt rewrote these lines"
        return UnifiedDiff.changedLines(old: old, new: new).map { lines in
            "::\(command) file=\(GitHubCommand.property(file)),line=\(lines.lowerBound),endLine=\(lines.upperBound),title=polspec fmt::"
                + GitHubCommand.data(message) + "\n"
        }.joined()
    }

    /// `polspec fmt -`: the formatted text (or the diff) on standard output.
    private func formatStandardInput() throws {
        let bytes = FileHandle.standardInput.readDataToEndOfFile()
        let result = SpecFormatter.format(bytes: [UInt8](bytes), path: "<stdin>")
        guard let formatted = result.formatted else {
            let rendered = result.diagnostics.map { DiagnosticRenderer.human($0, sources: result.sources) }.joined()
            FileHandle.standardError.write(Data(rendered.utf8))
            throw ExitCode(ExitStatus.specErrors)
        }
        if diff {
            print(UnifiedDiff.render(old: String(decoding: bytes, as: UTF8.self), new: formatted,
                                     oldName: "<stdin>", newName: "<stdin> (formatted)"), terminator: "")
        } else if !check {
            print(formatted, terminator: "")
        }
        if check && result.isChanged { throw ExitCode(ExitStatus.specErrors) }
    }

    /// Replaces the file (the target of a symlink) atomically, keeping its permissions.
    private func replace(_ path: String, with text: String) throws {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        let permissions = try FileManager.default.attributesOfItem(atPath: target.path)[.posixPermissions]
        try AtomicFile.write(text, to: target)
        if let permissions { try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: target.path) }
    }

    private func printError(_ message: String) {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }
}

/// `--format` values of `polspec fmt`.
enum FmtFormat: String, ExpressibleByArgument, CaseIterable {
    case human, github
}
