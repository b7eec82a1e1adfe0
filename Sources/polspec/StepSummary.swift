import Foundation

/// GitHub Actions' job summary: Markdown appended to the file `$GITHUB_STEP_SUMMARY` names
/// (when a workflow step runs; unset elsewhere, and then nothing is written).
enum StepSummary {
    static func append(_ markdown: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty else { return }
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw RuntimeFailure(["cannot write the step summary \(path) (GITHUB_STEP_SUMMARY)"])
        }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: Data((markdown + "\n").utf8))
        } catch {
            throw RuntimeFailure(["cannot write the step summary \(path): \(error.localizedDescription)"])
        }
    }
}
