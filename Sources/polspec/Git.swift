import Foundation
import SpecLang

/// The git questions `polspec diff git:REV:path` and `polspec check --base REV` ask, answered
/// by the `git` on the PATH. A failing git (not a repository, an unknown revision) is a usage
/// error with git's own message.
enum Git {
    /// Runs `git arguments` in `directory`; the standard output, or a usage error.
    static func run(_ arguments: [String], in directory: String = FileManager.default.currentDirectoryPath) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "core.quotepath=off"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do {
            try process.run()
        } catch {
            throw UsageError("cannot run git: \(error.localizedDescription)")
        }
        let errors = LockedBytes()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { errors.set(err.fileHandleForReading.readDataToEndOfFile()) }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors.get(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw GitError(message: message.isEmpty ? "git \(arguments.first ?? "") failed" : message)
        }
        return output
    }

    /// The root of the work tree holding `directory`.
    static func topLevel(_ directory: String = FileManager.default.currentDirectoryPath) throws -> String {
        let text = String(decoding: try run(["rev-parse", "--show-toplevel"], in: directory), as: UTF8.self)
        return URL(fileURLWithPath: text.trimmingCharacters(in: .newlines)).resolvingSymlinksInPath().path
    }

    /// Whether `revision` is a commit of the repository at `root`.
    static func checkRevision(_ revision: String, root: String) throws {
        do {
            _ = try run(["rev-parse", "--verify", "--quiet", revision + "^{commit}"], in: root)
        } catch {
            throw UsageError("'\(revision)' is not a revision of the repository at \(root)")
        }
    }

    /// The lines of `paths` (as diagnostics name them) that differ from `revision`: the hunks
    /// of `git diff -U0 revision`, and every line of a file `revision` does not have.
    static func changedLines(since revision: String, paths: [String]) throws -> ChangedLines {
        let root = try topLevel()
        try checkRevision(revision, root: root)
        var byAbsolute: [String: String] = [:]
        for path in paths { byAbsolute[URL(fileURLWithPath: path).resolvingSymlinksInPath().path] = path }
        let absolute = byAbsolute.keys.sorted()
        guard !absolute.isEmpty else { return ChangedLines([:]) }
        let diff = String(decoding: try run(["diff", "--no-color", "--no-ext-diff", "-U0", revision, "--"] + absolute, in: root), as: UTF8.self)
        var lines: [String: Set<Int>] = [:]
        var current: String?
        for line in diff.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("+++ ") {
                let name = line.dropFirst(4)
                current = name.hasPrefix("b/") ? byAbsolute[root + "/" + name.dropFirst(2)] : nil
            } else if line.hasPrefix("@@"), let current, let range = hunkRange(line) {
                lines[current, default: []].formUnion(range)
            }
        }
        var newFiles = Set<String>()
        for (file, path) in byAbsolute where lines[path] == nil {
            let relative = String(file.dropFirst(root.count + 1))
            if (try? run(["cat-file", "-e", "\(revision):\(relative)"], in: root)) == nil { newFiles.insert(path) }
        }
        return ChangedLines(lines, newFiles: newFiles)
    }

    /// The new-file lines of a hunk header `@@ -a,b +c,d @@` (`c` alone for a deletion).
    static func hunkRange(_ header: Substring) -> ClosedRange<Int>? {
        guard let plus = header.split(separator: " ").first(where: { $0.hasPrefix("+") }) else { return nil }
        let parts = plus.dropFirst().split(separator: ",")
        guard let start = Int(parts[0]) else { return nil }
        let count = parts.count > 1 ? Int(parts[1]) ?? 1 : 1
        return start...(start + max(count, 1) - 1)
    }
}

/// git's message when it fails.
struct GitError: Error, CustomStringConvertible {
    let message: String
    var description: String { "git: \(message)" }
}

/// Spec files of a git revision (`git:REV:path`): read with `git show`, the include rules
/// applying to the revision's tree as to the disk's. Paths are the work tree's absolute paths.
struct GitRevisionFiles: SpecFiles {
    let revision: String
    /// The work tree's root (the repository the revision is read from).
    let root: String
    /// The prefix of paths as reports show them (`git:main:`), removed before a path is resolved.
    let label: String

    func canonical(_ path: String) -> String {
        let path = path.hasPrefix(label) ? String(path.dropFirst(label.count)) : path
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        // Standardised only: the revision's symlinks are not the disk's. A path reached through a
        // symlinked folder on disk (the working directory) is resolved as far as the disk has it.
        let standardized = URL(fileURLWithPath: absolute).standardizedFileURL.path
        if standardized.hasPrefix(root + "/") { return standardized }
        return URL(fileURLWithPath: standardized).resolvingSymlinksInPath().path
    }

    private func relative(_ path: String) -> String? {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : nil
    }

    func contents(_ path: String) -> [UInt8]? {
        guard let relative = relative(path), isFile(path) else { return nil }
        return (try? Git.run(["show", "\(revision):\(relative)"], in: root)).map { [UInt8]($0) }
    }

    func isFile(_ path: String) -> Bool {
        guard let relative = relative(path),
              let type = try? Git.run(["cat-file", "-t", "\(revision):\(relative)"], in: root) else { return false }
        return String(decoding: type, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "blob"
    }
}

/// Bytes handed from a reader thread.
private final class LockedBytes: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.lock(); data = value; lock.unlock() }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
}
