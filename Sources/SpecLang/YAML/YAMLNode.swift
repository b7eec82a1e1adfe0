/// A YAML scalar with the text exactly as decoded and where it was written.
///
/// Scalars carry no type: the schema decides whether `no` is a string or an error,
/// never YAML 1.1 implicit tags.
struct YAMLScalar: Sendable, Hashable {
    var text: String
    /// Written in quotes (or as a block scalar): always a string, never a number or bool.
    var quoted: Bool
    var range: SourceRange

    /// A plain `null` or `~` (in any YAML capitalisation): in a spec it deletes the key it is
    /// given to (docs/spec-language.md, "Deleting a key"). An empty value is not null here: it
    /// stays an error, as a forgotten value usually is.
    var isNull: Bool { !quoted && ["~", "null", "Null", "NULL"].contains(text) }
}

/// A key and its value in a YAML mapping.
struct YAMLEntry: Sendable {
    var key: YAMLScalar
    var value: YAMLNode
}

/// A YAML document tree where every node keeps its source range.
///
/// Mappings keep their entries in source order; keys are unique (the reader rejects
/// duplicates). Merged trees (includes, `--set`) keep each node's own file.
indirect enum YAMLNode: Sendable {
    case scalar(YAMLScalar)
    case sequence([YAMLNode], SourceRange)
    case mapping([YAMLEntry], SourceRange)

    var range: SourceRange {
        switch self {
        case .scalar(let scalar): return scalar.range
        case .sequence(_, let range), .mapping(_, let range): return range
        }
    }

    /// A short description of what the node is, for "expected X, found Y" messages.
    var shapeDescription: String {
        switch self {
        case .scalar(let s):
            if s.text.isEmpty && !s.quoted { return "an empty value" }
            return s.quoted ? "the string \"\(s.text.prefix(40))\"" : "'\(s.text.prefix(40))'"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    /// Whether the node is a plain `null` or `~` (see ``YAMLScalar/isNull``).
    var isNull: Bool { if case .scalar(let s) = self { return s.isNull }; return false }

    /// The tree without the mapping entries whose value is null, and where each was (its key's
    /// range, by path as ``SourceMap`` writes paths). A null key is the mark an including file or
    /// `--set` leaves where it deletes a key (later files may delete it from earlier bases too);
    /// once every file and `--set` is applied, the marks go. Null list items stay (and are
    /// reported): a list entry is deleted where it is addressed.
    func removingNulls(path: String = "") -> (node: YAMLNode, deleted: [String: SourceRange]) {
        var deleted: [String: SourceRange] = [:]
        switch self {
        case .scalar:
            return (self, [:])
        case .sequence(let items, let range):
            let kept = items.enumerated().map { i, item in
                let (node, inner) = item.removingNulls(path: SpecPath.join(path, String(i)))
                deleted.merge(inner) { a, _ in a }
                return node
            }
            return (.sequence(kept, range), deleted)
        case .mapping(let entries, let range):
            var kept: [YAMLEntry] = []
            for entry in entries {
                let child = SpecPath.join(path, entry.key.text)
                if entry.value.isNull {
                    deleted[child] = entry.key.range
                    continue
                }
                let (node, inner) = entry.value.removingNulls(path: child)
                deleted.merge(inner) { a, _ in a }
                kept.append(YAMLEntry(key: entry.key, value: node))
            }
            return (.mapping(kept, range), deleted)
        }
    }

    var entries: [YAMLEntry]? {
        if case .mapping(let entries, _) = self { return entries }
        return nil
    }

    /// The value of `key` in a mapping node.
    subscript(key: String) -> YAMLNode? {
        entries?.first { $0.key.text == key }?.value
    }
}
