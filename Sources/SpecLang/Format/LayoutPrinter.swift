/// Prints a ``LayoutNode`` tree in the canonical layout.
///
/// - Block style with 2-space indentation; a list under a key is indented by 2 more
///   (`stages:` / `    - name: ...`), an item's mapping starts on the dash line.
/// - Flow style for short leaf collections: a mapping whose values are all scalars or
///   lists of scalars (`{kind: mlp, input: state, hidden: [256, 256]}`), and a list of
///   scalars or of such lists (`[[60, 0, 32], [0, 60, 32], [0, 0, 1]]`), when the line fits
///   in ``SpecFormatter/maxLineWidth`` columns and no comment belongs inside it.
///   Everything else, and the document itself, is in block style.
/// - One space after `:` and `-`, two before a trailing comment; own-line comments at the
///   indentation of what follows them; runs of blank lines become one, and blank lines at
///   the start of a block or the end of the file go.
struct LayoutPrinter {
    let width: Int
    private var lines: [String] = []
    /// Whether nothing was printed since the current block started (no blank line then).
    private var atBlockStart = true

    init(width: Int) { self.width = width }

    /// The whole file: the header comments (those before the first key as written), the
    /// document, the comments after it; one newline at the end.
    static func document(_ root: LayoutNode?, header: [TriviaLine], end: [TriviaLine], width: Int) -> String {
        var printer = LayoutPrinter(width: width)
        printer.trivia(header, indent: 0)
        if let root { printer.block(root, indent: 0) }
        printer.trivia(end.reversed().drop { $0 == .blank }.reversed(), indent: 0)
        return printer.lines.isEmpty ? "" : printer.lines.joined(separator: "\n") + "\n"
    }

    // MARK: Block style

    private mutating func block(_ node: LayoutNode, indent: Int) {
        switch node {
        case .mapping(let entries, _) where entries.isEmpty:
            emit(pad(indent) + "{}")
        case .mapping(let entries, _):
            mapping(entries, indent: indent, firstLinePrefix: nil)
        case .sequence(let items, _) where items.isEmpty:
            emit(pad(indent) + "[]")
        case .sequence(let items, _):
            sequence(items, indent: indent)
        case .scalar(let scalar):
            value(scalar, prefix: pad(indent), trailing: nil, indent: indent)
        }
    }

    /// Prints `entries` at `indent`; the first line starts with `firstLinePrefix` instead
    /// (a list item's dash) when given.
    private mutating func mapping(_ entries: [LayoutEntry], indent: Int, firstLinePrefix: String?) {
        atBlockStart = true
        for (i, entry) in entries.enumerated() {
            var prefix = pad(indent)
            if i == 0, let firstLinePrefix {
                prefix = firstLinePrefix
            } else {
                trivia(entry.trivia.leading, indent: indent)
            }
            keyed(entry.key, entry.value, trailing: entry.trivia.trailing, prefix: prefix, indent: indent)
        }
    }

    private mutating func sequence(_ items: [LayoutItem], indent: Int) {
        atBlockStart = true
        for item in items {
            var leading = item.trivia.leading
            if case .mapping(let entries, _) = item.value, let first = entries.first {
                // The item's first key shares the dash line: its comments go before the dash.
                leading += first.trivia.leading
            }
            var trailing = item.trivia.trailing
            if case .mapping(let entries, _) = item.value, !entries.isEmpty, flow(item.value, indent: indent + 2) == nil,
               let comment = trailing {
                leading.append(.comment(comment))
                trailing = nil
            }
            trivia(leading, indent: indent)
            let dash = pad(indent) + "- "
            if let text = flow(item.value, indent: indent + 2) {
                emit(dash + text, trailing: trailing)
                continue
            }
            switch item.value {
            case .scalar(let scalar):
                value(scalar, prefix: dash, trailing: trailing, indent: indent)
            case .mapping(let entries, _):
                mapping(entries, indent: indent + 2, firstLinePrefix: dash)
            case .sequence:
                emit(pad(indent) + "-", trailing: trailing)
                block(item.value, indent: indent + 2)
            }
            atBlockStart = false
        }
    }

    /// `key: value` at `indent` (the line begins with `prefix`).
    private mutating func keyed(_ key: String, _ node: LayoutNode, trailing: String?, prefix: String, indent: Int) {
        let head = prefix + key + ":"
        if let text = flow(node, indent: head.count + 1) {
            emit(text.isEmpty ? head : head + " " + text, trailing: trailing)
            return
        }
        switch node {
        case .scalar(let scalar):
            value(scalar, prefix: head + " ", trailing: trailing, indent: indent)
        case .mapping(let entries, _):
            emit(head, trailing: trailing)
            mapping(entries, indent: indent + 2, firstLinePrefix: nil)
        case .sequence(let items, _):
            emit(head, trailing: trailing)
            sequence(items, indent: indent + 2)
        }
        atBlockStart = false
    }

    /// A scalar after `prefix`: its one-line text, or a block scalar's header and content
    /// indented 2 beyond `indent`.
    private mutating func value(_ scalar: LayoutScalar, prefix: String, trailing: String?, indent: Int) {
        switch scalar.form {
        case .inline(let text):
            var line = prefix + text
            while line.last == " " { line.removeLast() }
            emit(line, trailing: trailing)
        case .block(let header, let content):
            emit(prefix + header, trailing: trailing)
            for line in content { lines.append(line.isEmpty ? "" : pad(indent + 2) + line) }
        }
    }

    // MARK: Flow style

    /// The one-line flow text of `node` when it is a short leaf collection without
    /// comments (or a one-line scalar) that fits after `column` columns; else nil.
    private func flow(_ node: LayoutNode, indent column: Int) -> String? {
        guard let text = flowText(node, nested: false) else { return nil }
        if node.isScalar { return text }
        return column + text.unicodeScalars.count <= width ? text : nil
    }

    private func flowText(_ node: LayoutNode, nested: Bool) -> String? {
        switch node {
        case .scalar(let scalar):
            guard let text = scalar.inlineText else { return nil }
            return nested ? (scalar.flowSafe ? text : nil) : text
        case .sequence(let items, _):
            guard !node.hasComments else { return nil }
            var parts: [String] = []
            for item in items {
                if case .mapping = item.value { return nil }
                guard let text = flowText(item.value, nested: true) else { return nil }
                parts.append(text)
            }
            return "[" + parts.joined(separator: ", ") + "]"
        case .mapping(let entries, _):
            guard !node.hasComments else { return nil }
            var parts: [String] = []
            for entry in entries {
                if case .mapping = entry.value { return nil }
                guard LayoutScalar.isFlowSafePlain(entry.key) || entry.key.hasPrefix("\"") || entry.key.hasPrefix("'"),
                      let text = flowText(entry.value, nested: true) else { return nil }
                parts.append(entry.key + ": " + text)
            }
            return "{" + parts.joined(separator: ", ") + "}"
        }
    }

    // MARK: Lines

    private mutating func trivia(_ items: [TriviaLine], indent: Int) {
        for item in items {
            switch item {
            case .blank:
                if !atBlockStart && lines.last != "" { lines.append("") }
            case .comment(let text):
                lines.append(pad(indent) + text)
                atBlockStart = false
            }
        }
    }

    private mutating func emit(_ line: String, trailing: String? = nil) {
        lines.append(trailing.map { line + "  " + $0 } ?? line)
        atBlockStart = false
    }

    private func pad(_ n: Int) -> String { String(repeating: " ", count: n) }
}
