import Foundation
@testable import SpecLang

/// Paths of the repository, found from this file (no bundle resources).
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let specs = root.appendingPathComponent("specs")
    static let fixtures = root.appendingPathComponent("Tests/Fixtures/specs")
    static let docs = root.appendingPathComponent("docs")

    /// The example specs under specs/, sorted.
    static func exampleSpecs() -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: specs, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "yaml" }.sorted { $0.path < $1.path }
    }
}

/// A fresh temporary directory, removed by `cleanup()`.
struct TemporaryDirectory {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("speclang-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `bytes` at the relative `path`, creating folders.
    @discardableResult
    func write(_ path: String, _ bytes: [UInt8]) -> URL {
        let file = url.appendingPathComponent(path)
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: file.path, contents: Data(bytes))
        return file
    }

    @discardableResult
    func write(_ path: String, _ text: String) -> URL { write(path, Array(text.utf8)) }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// Checks `text` as a spec file in a temporary directory.
func check(_ text: String, options: CheckOptions = CheckOptions()) -> CheckResult {
    let dir = TemporaryDirectory()
    defer { dir.cleanup() }
    let file = dir.write("spec.yaml", text)
    return SpecChecker.check(file: file.path, options: options)
}

/// The codes of a result's diagnostics.
func codes(_ result: CheckResult) -> [String] { result.diagnostics.map(\.code.rawValue) }

/// A small valid spec to mutate in tests (the one the diagnostic examples edit).
let tinySpec = DiagnosticCatalogue.tiny
