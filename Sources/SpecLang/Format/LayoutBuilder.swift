/// Builds the ``LayoutNode`` tree of one file from its located ``YAMLNode`` tree and its
/// text: the full span of every node (multi-line scalars and flow collections included)
/// and each scalar's printed form.
///
/// A one-line scalar keeps its source text exactly (`1.0e-4` stays `1.0e-4`, quotes stay
/// as written). A block scalar keeps its header and content lines. A quoted scalar that
/// spans lines is rewritten as one double-quoted line, a plain one as one plain line; a
/// plain scalar with blank lines inside cannot be written on one line without changing
/// how it reads, so it is reported (E0013) and the file is left alone.
struct LayoutBuilder {
    let source: SourceFile
    private let lines: [[Unicode.Scalar]]
    private(set) var problems: [Diagnostic] = []
    /// Quoted scalars and block scalar contents: text where `#` does not start a comment.
    private(set) var opaque: [Span] = []

    init(source: SourceFile) {
        self.source = source
        lines = source.lines.map { Array($0.unicodeScalars) }
    }

    /// - Parameter parentIndent: the column (0-based) of the key or dash that owns the node,
    ///   which a block scalar's content must be indented beyond.
    mutating func build(_ node: YAMLNode, parentIndent: Int) -> LayoutNode {
        switch node {
        case .scalar(let scalar):
            return .scalar(layout(scalar, parentIndent: parentIndent))
        case .sequence(let items, let range):
            var built: [LayoutItem] = []
            for item in items {
                let dash = dashColumn(before: item.range.start) ?? parentIndent
                built.append(LayoutItem(value: build(item, parentIndent: dash)))
            }
            let end = built.last.map { $0.value.span.end }
            return .sequence(built, Span(start: range.start, end: collectionEnd(range.start, lastChildEnd: end)))
        case .mapping(let entries, let range):
            var built: [LayoutEntry] = []
            for entry in entries {
                let key = layout(entry.key, parentIndent: parentIndent)
                if key.inlineText == nil || key.span.start.line != key.span.end.line {
                    problems.append(Diagnostic(.unformattable, "fmt writes keys on one line; this key spans several",
                                               at: entry.key.range, help: "write the key on one line"))
                } else if entry.key.text.isEmpty && !entry.key.quoted {
                    problems.append(Diagnostic(.unformattable, "fmt cannot write an empty key", at: entry.key.range,
                                               help: "remove the entry, or name the key"))
                }
                var value = build(entry.value, parentIndent: entry.key.range.start.column - 1)
                // An empty value (`key:`) is positioned by libyaml wherever the next token is.
                if case .scalar(var s) = value, s.inlineText == "" {
                    s.span = Span(start: key.span.end, end: key.span.end)
                    value = .scalar(s)
                }
                built.append(LayoutEntry(key: key.inlineText ?? entry.key.text, name: entry.key.text, value: value,
                                         span: Span(start: key.span.start, end: max(key.span.end, value.span.end))))
            }
            let end = built.last.map { $0.span.end }
            return .mapping(built, Span(start: range.start, end: collectionEnd(range.start, lastChildEnd: end)))
        }
    }

    // MARK: Scalars

    private mutating func layout(_ scalar: YAMLScalar, parentIndent: Int) -> LayoutScalar {
        let start = scalar.range.start
        let first = character(at: start)
        if scalar.quoted, first == "\"" || first == "'" {
            let end = quotedEnd(from: start, quote: first!)
            let span = Span(start: start, end: end)
            opaque.append(span)
            if end.line == start.line {
                return LayoutScalar(form: .inline(text(line: start.line, from: start.column, to: end.column)), flowSafe: true, span: span)
            }
            return LayoutScalar(form: .inline(JSONText.quote(scalar.text)), flowSafe: true, span: span)
        }
        if scalar.quoted, first == "|" || first == ">" {
            return blockScalar(scalar, parentIndent: parentIndent)
        }
        let count = scalar.text.unicodeScalars.count
        let oneLine = Span(start: start, end: SourceLocation(line: start.line, column: start.column + count))
        if !scalar.quoted, text(line: start.line, from: start.column, to: start.column + count) == scalar.text {
            return LayoutScalar(form: .inline(scalar.text), flowSafe: LayoutScalar.isFlowSafePlain(scalar.text), span: oneLine)
        }
        if !scalar.quoted, !scalar.text.contains("\n"), let end = multiLinePlainEnd(scalar) {
            return LayoutScalar(form: .inline(scalar.text), flowSafe: LayoutScalar.isFlowSafePlain(scalar.text),
                                span: Span(start: start, end: end))
        }
        problems.append(Diagnostic(.unformattable, "fmt cannot write this multi-line value on one line without changing it",
                                   at: scalar.range, help: "quote it, or write it as a block scalar (|)"))
        return LayoutScalar(form: .inline(scalar.text), flowSafe: false, span: oneLine)
    }

    /// A `|` or `>` scalar: its header and content lines. An explicit indentation
    /// indicator (`|2`) ties the content to the old indentation, so such a scalar is
    /// rewritten double-quoted instead.
    private mutating func blockScalar(_ scalar: YAMLScalar, parentIndent: Int) -> LayoutScalar {
        let start = scalar.range.start
        let headerLine = lines[start.line - 1]
        var i = start.column - 1
        var header = ""
        while i < headerLine.count, "|>+-0123456789".unicodeScalars.contains(headerLine[i]) {
            header.unicodeScalars.append(headerLine[i])
            i += 1
        }
        let explicit = header.unicodeScalars.first { ("1"..."9").contains($0) }.flatMap { Int(String($0)) }
        // Content: the following lines indented beyond the parent (or blank), up to the last
        // non-blank one; with keep chomping (+) the blank lines after it belong to it too.
        var contentIndent = explicit.map { parentIndent + $0 }
        var last = start.line
        var line = start.line + 1
        while line <= lines.count {
            let chars = lines[line - 1]
            let indent = chars.prefix { $0 == " " }.count
            if indent == chars.count { line += 1; continue }
            if contentIndent == nil { contentIndent = indent > parentIndent ? indent : nil }
            guard let needed = contentIndent, indent >= needed else { break }
            last = line
            line += 1
        }
        if header.contains("+") {
            while last + 1 <= lines.count, lines[last].allSatisfy({ $0 == " " }) { last += 1 }
        }
        let content = last > start.line ? Array((start.line + 1)...last) : []
        let end = content.isEmpty ? SourceLocation(line: start.line, column: start.column + header.unicodeScalars.count)
            : SourceLocation(line: last, column: lines[last - 1].count + 1)
        let span = Span(start: start, end: end)
        if let first = content.first { opaque.append(Span(start: SourceLocation(line: first, column: 1), end: end)) }
        if explicit != nil {
            return LayoutScalar(form: .inline(JSONText.quote(scalar.text)), flowSafe: true, span: span)
        }
        let indent = contentIndent ?? 0
        let body = content.map { n -> String in
            let chars = lines[n - 1]
            return chars.count <= indent ? "" : String(String.UnicodeScalarView(chars[indent...]))
        }
        return LayoutScalar(form: .block(header: header, lines: body), flowSafe: false, span: span)
    }

    /// Where a plain scalar that continues on following lines ends: its words folded with
    /// single spaces must give its text. Nil when they do not (a value in a flow
    /// collection, or one with comments between its lines).
    private func multiLinePlainEnd(_ scalar: YAMLScalar) -> SourceLocation? {
        let start = scalar.range.start
        var folded = Self.trimmed(text(line: start.line, from: start.column, to: lines[start.line - 1].count + 1))
        var line = start.line
        while folded != scalar.text {
            line += 1
            guard line <= lines.count, folded.count < scalar.text.count else { return nil }
            let words = Self.trimmed(String(String.UnicodeScalarView(lines[line - 1])))
            guard !words.isEmpty, !words.hasPrefix("#") else { return nil }
            folded += " " + words
        }
        return SourceLocation(line: line, column: lines[line - 1].count + 1)
    }

    private static func trimmed(_ s: String) -> String {
        var scalars = Substring(s).unicodeScalars.drop { $0 == " " }
        while scalars.last == " " { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// Just past the closing quote of the quoted scalar starting at `start`.
    private func quotedEnd(from start: SourceLocation, quote: Unicode.Scalar) -> SourceLocation {
        var line = start.line, i = start.column  // 0-based index just after the opening quote
        while line <= lines.count {
            let chars = lines[line - 1]
            while i < chars.count {
                if quote == "\"" && chars[i] == "\\" { i += 2; continue }
                if chars[i] == quote {
                    if quote == "'" && i + 1 < chars.count && chars[i + 1] == "'" { i += 2; continue }
                    return SourceLocation(line: line, column: i + 2)
                }
                i += 1
            }
            line += 1
            i = 0
        }
        return source.endLocation
    }

    // MARK: Collections

    /// The end of a collection: after its closing bracket for a flow collection, found by
    /// skipping separators and comments after its last child; its last child's end for a
    /// block collection.
    private func collectionEnd(_ start: SourceLocation, lastChildEnd: SourceLocation?) -> SourceLocation {
        guard let open = character(at: start), open == "[" || open == "{" else {
            return lastChildEnd ?? SourceLocation(line: start.line, column: start.column + 1)
        }
        let close: Unicode.Scalar = open == "[" ? "]" : "}"
        var line = lastChildEnd?.line ?? start.line
        var i = (lastChildEnd?.column ?? start.column + 1) - 1
        while line <= lines.count {
            let chars = lines[line - 1]
            while i < chars.count {
                if chars[i] == close { return SourceLocation(line: line, column: i + 2) }
                if chars[i] == "#" { break }
                i += 1
            }
            line += 1
            i = 0
        }
        return source.endLocation
    }

    /// The column (0-based) of the `-` that introduces a block list item starting at `start`.
    private func dashColumn(before start: SourceLocation) -> Int? {
        guard start.line >= 1 && start.line <= lines.count else { return nil }
        let chars = lines[start.line - 1]
        var i = min(start.column - 2, chars.count - 1)
        while i >= 0, chars[i] == " " { i -= 1 }
        return i >= 0 && chars[i] == "-" ? i : nil
    }

    // MARK: Text

    private func character(at location: SourceLocation) -> Unicode.Scalar? {
        guard location.line >= 1 && location.line <= lines.count else { return nil }
        let chars = lines[location.line - 1]
        return location.column >= 1 && location.column <= chars.count ? chars[location.column - 1] : nil
    }

    /// The text of `line` from `column` up to (not including) `end`, clamped to the line.
    private func text(line: Int, from column: Int, to end: Int) -> String {
        guard line >= 1 && line <= lines.count else { return "" }
        let chars = lines[line - 1]
        let lo = min(max(column - 1, 0), chars.count), hi = min(max(end - 1, lo), chars.count)
        return String(String.UnicodeScalarView(chars[lo..<hi]))
    }
}
