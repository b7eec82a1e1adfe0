import Foundation

/// The spec files named on a command line: files as given, directories searched for
/// `*.yaml` and `*.yml` (shared by `check` and `fmt`).
struct SpecPaths {
    /// Files named directly.
    var explicit: [String] = []
    /// Files found under the directories named.
    var discovered: [String] = []

    var all: [String] { explicit + discovered }

    /// Sorts `paths` into files and directories' files; a missing path or a directory
    /// without specs is a usage error.
    init(_ paths: [String]) throws {
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw UsageError("no such file or directory: \(path)")
            }
            if isDirectory.boolValue {
                let found = Self.specFiles(under: path)
                if found.isEmpty { throw UsageError("no *.yaml or *.yml files under \(path)") }
                discovered += found
            } else {
                explicit.append(path)
            }
        }
    }

    /// Spec files under `directory`, sorted, skipping hidden files and folders.
    static func specFiles(under directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            guard relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") else { continue }
            let path = (directory as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
            }
        }
        return files.sorted()
    }
}
