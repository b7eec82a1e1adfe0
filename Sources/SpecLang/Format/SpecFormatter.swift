/// The canonical formatter behind `polspec fmt`.
///
/// Keys follow the registry's declaration order, indentation is 2 spaces, short leaf collections are written in flow style, and every
/// comment is kept with the entry it belongs to. Formatting never changes what a file
/// means: the result is read back and compared with the original tree (same keys, values
/// and quoting; only key order and layout may differ) before it is returned, so the
/// canonical hash of a spec is unchanged. Formatting twice gives the same text.
///
/// A file that does not read as YAML cleanly is not formatted: its diagnostics are
/// returned instead (the same as `polspec check` gives). So is a file using anchors,
/// aliases or merge keys (their sharing cannot be kept once keys move), and one with a
/// multi-line plain value that cannot be written on one line (E0013).
public enum SpecFormatter {
    /// Flow collections are used only when their line fits in this many columns.
    public static let maxLineWidth = 120

    /// Formats the bytes of the file `path`.
    public static func format(bytes: [UInt8], path: String, limits: Limits = Limits()) -> FormatResult {
        let read = YAMLReader(limits: limits).read(bytes, path: path)
        var sources = SourceStore()
        if let source = read.source { sources.add(source) }
        func failure(_ diagnostics: [Diagnostic]) -> FormatResult {
            FormatResult(path: path, formatted: nil, isChanged: false, diagnostics: Diagnostic.sortedAndUnique(diagnostics), sources: sources)
        }
        guard let source = read.source, read.diagnostics.isEmpty else { return failure(read.diagnostics) }
        if let at = read.firstAlias {
            return failure([Diagnostic(.unformattable, "fmt does not rewrite files that use YAML anchors, aliases or merge keys",
                                       at: at, help: "write the shared values out (or use include:), then format")])
        }
        var builder = LayoutBuilder(source: source)
        let built = read.root.map { builder.build($0, parentIndent: -1) }
        guard builder.problems.isEmpty else { return failure(builder.problems) }
        let attacher = TriviaAttacher(root: built, source: source, opaque: builder.opaque)
        var header: [TriviaLine] = []
        let ordered = built.map { node -> LayoutNode in
            var root = attacher.attach(to: node)
            header = Self.takeHeader(&root)
            return KeyOrder.document(root)
        }
        let text = LayoutPrinter.document(ordered, header: header, end: attacher.end, width: maxLineWidth)
        guard readsTheSame(text, as: read.root, path: path, limits: limits) else {
            return failure([Diagnostic(.unformattable, "fmt could not lay this file out without changing how it reads; it was left as it is",
                                       at: SourceRange(file: path, line: 1, column: 1),
                                       help: "this is a bug in polspec fmt: please report it with the file")])
        }
        return FormatResult(path: path, formatted: text, isChanged: Array(text.utf8) != bytes, diagnostics: [], sources: sources)
    }

    /// Formats `text` as the file `path`.
    public static func format(text: String, path: String, limits: Limits = Limits()) -> FormatResult {
        format(bytes: Array(text.utf8), path: path, limits: limits)
    }

    /// The comments before the first entry or item as written: they head the file whatever
    /// key ends up first.
    private static func takeHeader(_ root: inout LayoutNode) -> [TriviaLine] {
        switch root {
        case .mapping(var entries, let span) where !entries.isEmpty:
            defer { root = .mapping(entries, span) }
            let header = entries[0].trivia.leading
            entries[0].trivia.leading = []
            return header
        case .sequence(var items, let span) where !items.isEmpty:
            defer { root = .sequence(items, span) }
            let header = items[0].trivia.leading
            items[0].trivia.leading = []
            return header
        default:
            return []
        }
    }

    /// Whether `text` reads without problems to a tree equivalent to `original`.
    private static func readsTheSame(_ text: String, as original: YAMLNode?, path: String, limits: Limits) -> Bool {
        let read = YAMLReader(limits: limits).read(Array(text.utf8), path: path)
        guard read.diagnostics.isEmpty, read.firstAlias == nil else { return false }
        switch (original, read.root) {
        case (nil, nil): return true
        case (let a?, let b?): return a.isEquivalent(to: b)
        default: return false
        }
    }
}

/// What formatting one file gave.
public struct FormatResult: Sendable {
    /// The file as given.
    public let path: String
    /// The canonical text, or nil when the file cannot be formatted (see `diagnostics`).
    public let formatted: String?
    /// Whether the canonical text differs from the file's bytes.
    public let isChanged: Bool
    /// Why the file cannot be formatted; empty on success.
    public let diagnostics: [Diagnostic]
    /// The file's text, for rendering the diagnostics.
    public let sources: SourceStore
}

extension YAMLNode {
    /// The same document up to layout and key order: equal keys (with their quoting),
    /// values and list order.
    func isEquivalent(to other: YAMLNode) -> Bool {
        switch (self, other) {
        case (.scalar(let a), .scalar(let b)):
            return a.text == b.text && a.quoted == b.quoted
        case (.sequence(let a, _), .sequence(let b, _)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.isEquivalent(to: $1) }
        case (.mapping(let a, _), .mapping(let b, _)):
            return a.count == b.count && a.allSatisfy { entry in
                b.contains { $0.key.text == entry.key.text && $0.key.quoted == entry.key.quoted && $0.value.isEquivalent(to: entry.value) }
            }
        default:
            return false
        }
    }
}
