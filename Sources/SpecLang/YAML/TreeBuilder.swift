import Yams

/// Converts a Yams node tree into a ``YAMLNode`` tree, checking what libyaml allows but
/// a spec does not: nesting deeper than the limit, alias expansion beyond the bound,
/// tags, non-scalar keys and repeated keys; resolves `<<` merge keys.
///
/// Some problems leave a faithful tree behind (a tag is ignored, a repeated key or a
/// non-scalar key is dropped and reported); others lose content (a subtree cut at the
/// nesting or alias bound, a merge that brought nothing), and then ``lostContent`` is set
/// so that no check runs on what is left.
struct TreeBuilder {
    let source: SourceFile
    let limits: Limits
    private(set) var diagnostics: [Diagnostic] = []
    /// Whether part of the document was replaced or left out because of an error.
    private(set) var lostContent = false
    /// Where the document first uses an anchor, an alias or a merge key (copies are
    /// expanded in the tree), if it does.
    private(set) var firstAlias: SourceRange?
    /// Anchors seen so far: a node whose anchor was seen before was reached through an alias.
    private var seenAnchors = Set<ObjectIdentifier>()
    /// Where each alias being expanded was anchored, outermost first.
    private var aliasStack: [SourceRange] = []
    private var aliasNodes = 0
    private var aliasBudgetReported = false
    private var scalars: [[Unicode.Scalar]]

    init(source: SourceFile, limits: Limits) {
        self.source = source
        self.limits = limits
        self.scalars = source.lines.map { Array($0.unicodeScalars) }
    }

    mutating func convert(_ node: Node, depth: Int) -> YAMLNode {
        let anchor = anchorOf(node)
        var enteredAlias = false
        if let anchor {
            if firstAlias == nil { firstAlias = startRange(of: node) }
            if seenAnchors.contains(ObjectIdentifier(anchor)) {
                aliasStack.append(startRange(of: node))
                enteredAlias = true
            } else {
                seenAnchors.insert(ObjectIdentifier(anchor))
            }
        }
        defer { if enteredAlias { aliasStack.removeLast() } }
        if let outermost = aliasStack.first {
            aliasNodes += 1
            if aliasNodes > limits.maxAliasNodes {
                lostContent = true
                if !aliasBudgetReported {
                    aliasBudgetReported = true
                    diagnostics.append(Diagnostic(
                        .aliasExpansion,
                        "aliases expand to more than \(limits.maxAliasNodes) nodes; copies of this anchored node exceed the bound",
                        at: outermost,
                        help: "a spec does not need nested aliases; write the values out or use include:"))
                }
                return .scalar(YAMLScalar(text: "", quoted: false, range: startRange(of: node)))
            }
        }
        let start = propertiesEnd(of: node)
        switch node {
        case .scalar(let scalar):
            return .scalar(YAMLScalar(text: scalar.string, quoted: scalar.style != .plain,
                                      range: extent(of: scalar, from: start)))
        case .alias:
            if firstAlias == nil { firstAlias = startRange(of: node) }
            lostContent = true
            return .scalar(YAMLScalar(text: "", quoted: false, range: startRange(of: node)))
        case .sequence(let sequence):
            let range = collectionExtent(from: start)
            guard depth <= limits.maxDepth else { return tooDeep(range) }
            return .sequence(sequence.map { convert($0, depth: depth + 1) }, range)
        case .mapping(let mapping):
            let range = collectionExtent(from: start)
            guard depth <= limits.maxDepth else { return tooDeep(range) }
            var entries: [YAMLEntry] = []
            var index: [String: Int] = [:]
            var merged: [YAMLEntry] = []
            for (keyNode, valueNode) in mapping {
                guard case .scalar(let keyScalar) = keyNode, anchorOf(keyNode) == nil else {
                    diagnostics.append(Diagnostic(.unsupportedYAML, "mapping keys must be plain names, not lists, mappings or aliases",
                                                  at: startRange(of: keyNode)))
                    continue
                }
                let key = YAMLScalar(text: keyScalar.string, quoted: keyScalar.style != .plain,
                                     range: extent(of: keyScalar, from: propertiesEnd(of: keyNode)))
                let value = convert(valueNode, depth: depth + 1)
                if key.text == "<<" && !key.quoted {
                    if firstAlias == nil { firstAlias = key.range }
                    merged.append(contentsOf: mergeEntries(value))
                    continue
                }
                if let previousIndex = index[key.text] {
                    let previous = entries[previousIndex]
                    diagnostics.append(Diagnostic(.duplicateKey, "duplicate key '\(key.text)'", at: key.range,
                                                  notes: [DiagnosticNote("first defined here", at: previous.key.range)],
                                                  help: "keep one of the entries; YAML keys are unique within a mapping"))
                    continue
                }
                index[key.text] = entries.count
                entries.append(YAMLEntry(key: key, value: value))
            }
            for entry in merged where index[entry.key.text] == nil {
                index[entry.key.text] = entries.count
                entries.append(entry)
            }
            return .mapping(entries, range)
        }
    }

    private mutating func tooDeep(_ range: SourceRange) -> YAMLNode {
        lostContent = true
        diagnostics.append(Diagnostic(.nestingTooDeep, "YAML nesting is deeper than \(limits.maxDepth) levels",
                                      at: range, help: "specs nest a few levels; flatten the structure"))
        return .scalar(YAMLScalar(text: "", quoted: false, range: range))
    }

    /// The entries a `<<` merge key brings in: a mapping, or a list of mappings (earlier wins).
    private mutating func mergeEntries(_ value: YAMLNode) -> [YAMLEntry] {
        switch value {
        case .mapping(let entries, _):
            return entries
        case .sequence(let items, _):
            var result: [YAMLEntry] = []
            for item in items {
                guard case .mapping(let entries, _) = item else {
                    lostContent = true
                    diagnostics.append(Diagnostic(.unsupportedYAML, "a '<<' merge list must contain mappings", at: item.range))
                    continue
                }
                for entry in entries where !result.contains(where: { $0.key.text == entry.key.text }) {
                    result.append(entry)
                }
            }
            return result
        case .scalar(let scalar):
            lostContent = true
            diagnostics.append(Diagnostic(.unsupportedYAML, "a '<<' merge key needs a mapping (usually an alias '*name')", at: scalar.range))
            return []
        }
    }

    // MARK: Positions

    private func anchorOf(_ node: Node) -> Anchor? {
        switch node {
        case .scalar(let s): return s.anchor
        case .mapping(let m): return m.anchor
        case .sequence(let s): return s.anchor
        case .alias: return nil
        }
    }

    private func startRange(of node: Node) -> SourceRange {
        return YAMLReader.clampedRange(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, in: source)
    }

    /// Where the node's content starts: after any `&anchor` and `!tag` properties.
    /// A tag is reported as unsupported (the schema, not YAML tags, types values).
    private mutating func propertiesEnd(of node: Node) -> SourceLocation {
        var line = node.mark?.line ?? 1, column = node.mark?.column ?? 1
        while line >= 1 && line <= scalars.count {
            let chars = scalars[line - 1]
            guard column - 1 < chars.count else {
                // Properties alone on a line: the content starts on a following line.
                line += 1
                column = 1
                while line <= scalars.count, let first = scalars[line - 1].firstIndex(where: { $0 != " " }) {
                    column = first + 1
                    break
                }
                if line <= scalars.count, scalars[line - 1].allSatisfy({ $0 == " " }) { line += 1; continue }
                break
            }
            let c = chars[column - 1]
            guard c == "&" || c == "!" else { break }
            if c == "!" {
                diagnostics.append(Diagnostic(.unsupportedYAML, "YAML tags are not supported: values are typed by the spec schema",
                                              at: SourceRange(file: source.path, line: line, column: column),
                                              help: "remove the tag"))
            }
            while column - 1 < chars.count && chars[column - 1] != " " { column += 1 }
            while column - 1 < chars.count && chars[column - 1] == " " { column += 1 }
        }
        return SourceLocation(line: line, column: column)
    }

    /// The span of a collection: a flow collection (`[...]`, `{...}`) up to its closing
    /// bracket when that is on the same line; a block collection's first character.
    private func collectionExtent(from start: SourceLocation) -> SourceRange {
        let one = SourceRange(file: source.path, start: start, end: SourceLocation(line: start.line, column: start.column + 1))
        guard start.line >= 1 && start.line <= scalars.count else { return one }
        let chars = scalars[start.line - 1]
        guard start.column - 1 < chars.count, chars[start.column - 1] == "[" || chars[start.column - 1] == "{" else { return one }
        var depth = 0
        var quote: Unicode.Scalar?
        var i = start.column - 1
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == "\\" && q == "\"" { i += 2; continue }
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "[" || c == "{" {
                depth += 1
            } else if c == "]" || c == "}" {
                depth -= 1
                if depth == 0 {
                    return SourceRange(file: source.path, start: start, end: SourceLocation(line: start.line, column: i + 2))
                }
            }
            i += 1
        }
        return SourceRange(file: source.path, start: start, end: SourceLocation(line: start.line, column: chars.count + 1))
    }

    /// The source span of a scalar's first line of text, for caret underlining.
    private func extent(of scalar: Node.Scalar, from start: SourceLocation) -> SourceRange {
        guard start.line >= 1 && start.line <= scalars.count else {
            return YAMLReader.clampedRange(line: start.line, column: start.column, in: source)
        }
        let chars = scalars[start.line - 1]
        var end = start.column
        switch scalar.style {
        case .singleQuoted, .doubleQuoted:
            let quote: Unicode.Scalar = scalar.style == .singleQuoted ? "'" : "\""
            var i = start.column  // index just after the opening quote (0-based)
            while i < chars.count {
                if scalar.style == .doubleQuoted && chars[i] == "\\" { i += 2; continue }
                if chars[i] == quote {
                    if scalar.style == .singleQuoted && i + 1 < chars.count && chars[i + 1] == "'" { i += 2; continue }
                    i += 1
                    break
                }
                i += 1
            }
            end = min(i, chars.count) + 1
        case .literal, .folded:
            end = start.column + 1
        default:
            let firstLine = scalar.string.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            end = start.column + max(firstLine.unicodeScalars.count, 1)
        }
        if end > chars.count + 1 { end = chars.count + 1 }
        return SourceRange(file: source.path, start: start, end: SourceLocation(line: start.line, column: max(end, start.column + 1)))
    }
}
