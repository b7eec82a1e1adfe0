/// A spec after includes, `--set` and defaults as YAML text (`polspec resolve`, the
/// `spec.yaml` of run folders), optionally with where each value came from.
///
/// The text is in `polspec fmt`'s canonical layout and checks to the same spec (the same
/// hashes): every default is written out, every `include` is merged in, every deleted key is
/// gone. With origins, each value is followed by a comment naming where it was written:
/// `specs/bases/obs.yaml:4`, `--set head.depth=8`, or `default`.
public enum ResolvedYAML {
    /// The resolved spec of a clean check. `sources` (the check's) name `--set` arguments in
    /// origins; `header` lines become comments at the top.
    public static func text(_ spec: Spec, sources: SourceStore? = nil, origins: Bool = false, header: [String] = []) -> String {
        let origin: (String) -> String? = { path in
            origins ? describe(spec.sourceMap.value(path) ?? kindShorthand(path, in: spec.sourceMap), sources: sources) : nil
        }
        return render(node(spec.document, path: "", origin: origin), header: header)
    }

    /// The merged tree of a check that read its files but found errors: what the files and
    /// `--set` say after merging (no defaults), or nil when reading did not get that far.
    public static func tree(of result: CheckResult, origins: Bool = false, header: [String] = []) -> String? {
        guard let tree = result.tree else { return nil }
        return render(node(tree, sources: origins ? result.sources : nil), header: header)
    }

    /// Where a value was written, as origins name it.
    public static func describe(_ range: SourceRange?, sources: SourceStore?) -> String {
        guard let range else { return "default" }
        return OverrideSource.describe(range.file, sources: sources) ?? "\(TerminalText.escaped(range.file)):\(range.start.line)"
    }

    /// The range of a kind written as a bare name (`objective: bc` for `...objective.kind`).
    private static func kindShorthand(_ path: String, in map: SourceMap) -> SourceRange? {
        guard path.hasSuffix(".kind") else { return nil }
        return map.value(String(path.dropLast(".kind".count)))
    }

    // MARK: Emitting

    /// A value to print, with the origin comment of its line.
    private indirect enum Node {
        case scalar(String, origin: String?)
        case list([Node], origin: String?)
        case map([(key: String, value: Node)])
    }

    private static func node(_ value: SpecValue, path: String, origin: (String) -> String?) -> Node {
        switch value {
        case .map(let fields):
            return .map(fields.map { ($0.name, node($0.value, path: SpecPath.join(path, $0.name), origin: origin)) })
        case .list(let items):
            return .list(items.enumerated().map { node($1, path: SpecPath.join(path, String($0)), origin: origin) }, origin: origin(path))
        default:
            return .scalar(value.yamlText, origin: origin(path))
        }
    }

    private static func node(_ yaml: YAMLNode, sources: SourceStore?) -> Node {
        let origin = sources.map { describe(yaml.range, sources: $0) }
        switch yaml {
        case .mapping(let entries, _):
            return .map(entries.map { (key($0.key.text), node($0.value, sources: sources)) })
        case .sequence(let items, _):
            return .list(items.map { node($0, sources: sources) }, origin: origin)
        case .scalar(let scalar):
            let plain = !scalar.quoted && !scalar.text.isEmpty && TerminalText.escaped(scalar.text) == scalar.text
            return .scalar(plain ? scalar.text : JSONText.quote(scalar.text), origin: origin)
        }
    }

    private static func render(_ root: Node, header: [String]) -> String {
        var lines = header.map { "# " + TerminalText.escaped($0) }
        emit(root, indent: 0, key: nil, into: &lines)
        let text = lines.joined(separator: "\n") + "\n"
        return SpecFormatter.format(text: text, path: "resolved.yaml").formatted ?? text
    }

    private static func comment(_ origin: String?) -> String { origin.map { "  # \($0)" } ?? "" }

    /// Whether a list prints on one line: scalars whose origins are the list's own.
    private static func flowItems(_ items: [Node], origin: String?) -> [String]? {
        var texts: [String] = []
        for item in items {
            guard case .scalar(let text, let itemOrigin) = item, itemOrigin == origin else { return nil }
            texts.append(text)
        }
        return texts
    }

    /// Appends the lines of `node` at `indent`, after `key:` when given.
    private static func emit(_ node: Node, indent: Int, key: String?, into lines: inout [String]) {
        let head = String(repeating: " ", count: indent) + (key.map { $0 + ":" } ?? "")
        let space = key == nil ? "" : " "
        switch node {
        case .scalar(let text, let origin):
            lines.append(head + space + text + comment(origin))
        case .list(let items, let origin):
            if let texts = flowItems(items, origin: origin) {
                lines.append(head + space + "[" + texts.joined(separator: ", ") + "]" + comment(origin))
                return
            }
            if key != nil { lines.append(head + comment(origin)) }
            for item in items {
                // An item is printed 2 deeper, then its first line's indentation becomes the dash.
                var itemLines: [String] = []
                emit(item, indent: indent + 2, key: nil, into: &itemLines)
                guard !itemLines.isEmpty else { continue }
                itemLines[0] = String(repeating: " ", count: indent) + "- " + itemLines[0].dropFirst(indent + 2)
                lines += itemLines
            }
        case .map(let entries):
            if entries.isEmpty {
                lines.append(head + space + "{}")
                return
            }
            if key != nil { lines.append(head) }
            for entry in entries { emit(entry.value, indent: key == nil ? indent : indent + 2, key: entry.key, into: &lines) }
        }
    }

    /// A mapping key as YAML: plain when it is a simple word, else double-quoted.
    static func key(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0)
            || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" || $0 == "." } && !text.hasPrefix("-")
        return plain ? text : JSONText.quote(text)
    }
}
