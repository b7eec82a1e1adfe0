/// Where every value of a checked spec was written, by path.
///
/// Paths name keys and list indexes joined by dots, as `--set` does:
/// `head.depth`, `encoders.vision.patch`, `recipe.stages.0.steps`. The Compiler uses this
/// to report its own errors (shape mismatches, unsupported kinds) at the right place.
public struct SourceMap: Sendable {
    private var values: [String: SourceRange] = [:]
    private var keys: [String: SourceRange] = [:]
    private var deletions: [String: SourceRange] = [:]

    public init() {}

    /// The range of the value at `path` (for a mapping, its first character).
    public func value(_ path: String) -> SourceRange? { values[path] }

    /// The range of the key that introduces `path`, or of its value when it has no key
    /// (list items, the document root).
    public func key(_ path: String) -> SourceRange? { keys[path] ?? values[path] }

    /// The best place to point at for `path`: its value, else its key, else the nearest
    /// enclosing path that was written.
    public func range(_ path: String) -> SourceRange? {
        var p = path
        while true {
            if let r = values[p] ?? keys[p] { return r }
            guard let dot = p.lastIndex(of: ".") else { return values[""] }
            p = String(p[..<dot])
        }
    }

    /// Where the key at `path` was deleted with `null` (an including file or `--set`), if it was.
    public func deletion(_ path: String) -> SourceRange? { deletions[path] }

    mutating func recordDeletions(_ deleted: [String: SourceRange]) { deletions = deleted }

    mutating func record(_ path: String, value: SourceRange, key: SourceRange?) {
        values[path] = value
        if let key { keys[path] = key }
    }
}

/// Joins spec path components.
enum SpecPath {
    static func join(_ base: String, _ component: String) -> String {
        base.isEmpty ? component : base + "." + component
    }
}
