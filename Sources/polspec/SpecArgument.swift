import Foundation
import SpecLang

/// A spec named on the command line of `diff` and `resolve`: a file, or `git:REV:path`, the
/// file as the revision REV of the repository holding the working directory has it (its
/// includes read from the same revision). `path` is relative to the working directory.
struct SpecArgument {
    /// The argument as given (what reports call the spec).
    let label: String
    /// The path the check is given (diagnostics show it; includes are shown relative to it).
    let path: String
    /// Where the files are read from.
    let files: any SpecFiles

    init(_ argument: String) throws {
        label = argument
        guard argument.hasPrefix("git:") else {
            guard FileManager.default.fileExists(atPath: argument) else { throw UsageError("no such spec file: \(argument)") }
            path = argument
            files = DiskSpecFiles()
            return
        }
        let rest = argument.dropFirst("git:".count)
        guard let colon = rest.firstIndex(of: ":"), colon != rest.startIndex, rest.index(after: colon) != rest.endIndex else {
            throw UsageError("'\(argument)' is not git:REV:path (for example git:main:specs/dita.yaml)")
        }
        let revision = String(rest[..<colon])
        let root: String
        do {
            root = try Git.topLevel()
            try Git.checkRevision(revision, root: root)
        } catch let error as GitError {
            throw UsageError("\(argument): \(error)")
        }
        let git = GitRevisionFiles(revision: revision, root: root, label: "git:\(revision):")
        let file = String(rest[rest.index(after: colon)...])
        guard git.isFile(git.canonical(file)) else { throw UsageError("\(argument): revision \(revision) has no file \(file)") }
        // Includes are shown relative to the folder of this path: give it one.
        path = git.label + (file.contains("/") ? file : "./" + file)
        files = git
    }

    /// Checks the spec with `overrides`.
    func check(overrides: [String]) throws -> CheckResult {
        for argument in overrides where !argument.contains("=") {
            throw UsageError("--set expects key.path=value, found '\(argument)'")
        }
        return SpecChecker.check(file: path, options: CheckOptions(overrides: overrides, files: files))
    }
}
