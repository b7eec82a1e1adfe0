import Foundation

/// Reads a spec file and the bases it `include:`s, and merges them into one tree.
///
/// Include paths are relative to the including file and must stay inside the directory
/// tree of the top-level spec (symlinks resolved); cycles and missing files are errors
/// located at the include entry. Bases merge in order, each later one over the earlier
/// ones, and the including file over all of them (``Merge``).
struct SpecLoader {
    let limits: Limits
    /// Where files are read from.
    let fileSystem: any SpecFiles
    private(set) var sources = SourceStore()
    private(set) var diagnostics: [Diagnostic] = []
    /// Canonical paths of every file read, the top-level one first.
    private(set) var files: [String] = []
    /// Every file read, in the order read, with its display path and text.
    private(set) var read: [SpecSourceFile] = []
    /// Whether every file was read into a faithful tree and every include was found: only
    /// then is the merged tree worth checking (a missing base would make its keys look
    /// missing).
    private(set) var isComplete = true
    private var rootDirectory = ""

    init(limits: Limits, files: any SpecFiles = DiskSpecFiles()) {
        self.limits = limits
        self.fileSystem = files
    }

    /// Loads `path` (shown as `path` in diagnostics).
    mutating func load(path: String) -> YAMLNode? {
        let canonical = fileSystem.canonical(path)
        rootDirectory = (canonical as NSString).deletingLastPathComponent
        return loadFile(displayPath: path, canonicalPath: canonical, stack: [], includedAt: nil)
    }

    /// Loads a spec given as bytes, as if it were the file `path` (includes resolve relative
    /// to `path`).
    mutating func load(bytes: [UInt8], path: String) -> YAMLNode? {
        let canonical = fileSystem.canonical(path)
        rootDirectory = (canonical as NSString).deletingLastPathComponent
        files.append(canonical)
        return parse(bytes: bytes, displayPath: path, canonicalPath: canonical, stack: [canonical])
    }

    private mutating func loadFile(displayPath: String, canonicalPath: String, stack: [String], includedAt: SourceRange?) -> YAMLNode? {
        guard let data = fileSystem.contents(canonicalPath) else {
            fail(Diagnostic(.includeNotFound, "cannot read '\(displayPath)'", at: includedAt))
            return nil
        }
        files.append(canonicalPath)
        return parse(bytes: data, displayPath: displayPath, canonicalPath: canonicalPath, stack: stack + [canonicalPath])
    }

    private mutating func parse(bytes: [UInt8], displayPath: String, canonicalPath: String, stack: [String]) -> YAMLNode? {
        let read = YAMLReader(limits: limits).read(bytes, path: displayPath)
        if let source = read.source {
            sources.add(source)
            self.read.append(SpecSourceFile(path: displayPath, canonicalPath: canonicalPath, text: source.text))
        }
        diagnostics += read.diagnostics
        if read.root == nil && read.diagnostics.contains(where: { $0.severity == .error }) { isComplete = false }
        guard let root = read.root, case .mapping(let entries, let range) = root else { return read.root }
        guard let include = entries.first(where: { $0.key.text == "include" }) else { return root }
        let rest = YAMLNode.mapping(entries.filter { $0.key.text != "include" }, range)
        var merged: YAMLNode?
        for (path, pathRange) in includePaths(include.value) {
            guard let base = loadInclude(path, at: pathRange, from: displayPath, canonicalPath: canonicalPath, stack: stack) else { continue }
            merged = merged.map { merge($0, base) } ?? base
        }
        return merged.map { merge($0, rest) } ?? rest
    }

    /// `overlay` merged over `base`; an address that picks no list entry loses content.
    private mutating func merge(_ base: YAMLNode, _ overlay: YAMLNode) -> YAMLNode {
        var problems: [Diagnostic] = []
        let merged = Merge.merge(base: base, overlay: overlay, diagnostics: &problems)
        problems.forEach { fail($0) }
        return merged
    }

    /// The include list's paths with their ranges; a malformed list is reported.
    private mutating func includePaths(_ node: YAMLNode) -> [(String, SourceRange)] {
        guard case .sequence(let items, _) = node else {
            fail(Diagnostic(.wrongType, "include: expected a list of paths, found \(node.shapeDescription)",
                                          at: node.range, help: node.isScalar ? "write include: [\(node.scalarText)]" : nil))
            return []
        }
        var paths: [(String, SourceRange)] = []
        for item in items {
            guard case .scalar(let s) = item, !s.text.isEmpty else {
                fail(Diagnostic(.wrongType, "include: expected a path, found \(item.shapeDescription)", at: item.range))
                continue
            }
            paths.append((s.text, s.range))
        }
        return paths
    }

    private mutating func loadInclude(_ path: String, at range: SourceRange, from displayPath: String,
                                      canonicalPath: String, stack: [String]) -> YAMLNode? {
        if path.hasPrefix("/") || path.hasPrefix("~") {
            fail(Diagnostic(.includeOutsideTree, "include paths are relative to the spec; '\(path)' is absolute",
                                          at: range, help: "write the path relative to this file"))
            return nil
        }
        let directory = (canonicalPath as NSString).deletingLastPathComponent
        let resolved = fileSystem.canonical((directory as NSString).appendingPathComponent(path))
        guard resolved == rootDirectory || resolved.hasPrefix(rootDirectory + "/") else {
            fail(Diagnostic(.includeOutsideTree, "'\(path)' is outside the spec's directory tree",
                                          at: range, help: "keep bases in the spec's directory or below it"))
            return nil
        }
        if let start = stack.firstIndex(of: resolved) {
            let chain = (stack[start...] + [resolved]).map { ($0 as NSString).lastPathComponent }.joined(separator: " → ")
            fail(Diagnostic(.includeCycle, "include cycle: \(chain)", at: range,
                                          help: "a base must not include the spec that includes it"))
            return nil
        }
        guard files.count < limits.maxIncludedFiles else {
            fail(Diagnostic(.includeCycle, "more than \(limits.maxIncludedFiles) files included", at: range))
            return nil
        }
        guard fileSystem.isFile(resolved) else {
            fail(Diagnostic(.includeNotFound, "included file '\(path)' does not exist", at: range))
            return nil
        }
        let display = Self.normalise(((displayPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent(path))
        return loadFile(displayPath: display, canonicalPath: resolved, stack: stack, includedAt: range)
    }

    /// Records a problem that leaves the merged tree without something it should have.
    private mutating func fail(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
        isComplete = false
    }

    /// Removes `.` and resolvable `..` components from a display path.
    static func normalise(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(part)
        }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }
}
