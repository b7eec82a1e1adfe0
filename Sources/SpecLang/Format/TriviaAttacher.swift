/// Finds the comments and blank lines of a file and gives each to the mapping entry or
/// list item it belongs to, so that they move with it when keys are reordered.
///
/// - A comment or blank line on its own goes before the next entry or item (the outermost
///   one starting there); after the last one, it stays at the end of the file.
/// - A comment after text on the same line goes with the outermost entry or item that
///   starts and ends on that line (`dim: 4  # four`, `action: {dim: 4}  # ...`; of several
///   siblings, the last, as in a flow mapping written over lines); if none
///   ends there, with the innermost one starting there (`head:  # ...`); if none starts
///   there, with the innermost one ending there (after a value that spans lines).
/// - `#` inside a quoted scalar or a block scalar's content is text, not a comment.
struct TriviaAttacher {
    /// Comments and blank lines after the last entry or item.
    private(set) var end: [TriviaLine] = []
    private var trivia: [[Int]: Trivia] = [:]

    /// An entry or item: its path of child indexes from the root and its lines.
    private struct Slot {
        var path: [Int]
        var startLine: Int
        var endLine: Int
    }

    init(root: LayoutNode?, source: SourceFile, opaque: [Span]) {
        var slots: [Slot] = []
        if let root { Self.collect(root, path: [], into: &slots) }
        let masked = Self.maskedColumns(opaque)
        var next = 0  // the first slot starting after the current line
        for (index, text) in source.lines.enumerated() {
            let line = index + 1
            while next < slots.count && slots[next].startLine <= line { next += 1 }
            let chars = Array(text.unicodeScalars)
            if chars.first == "%" { continue }  // a directive
            let isMasked = { (column: Int) in masked[line]?.contains { $0.contains(column) } ?? false }
            if chars.allSatisfy({ $0 == " " }) {
                if !isMasked(1) { add(.blank, before: next, slots) }
                continue
            }
            guard let hash = chars.indices.first(where: { i in
                chars[i] == "#" && (i == 0 || chars[i - 1] == " " || chars[i - 1] == "\t") && !isMasked(i + 1)
            }) else { continue }
            var comment = String(String.UnicodeScalarView(chars[hash...]))
            while comment.last == " " { comment.removeLast() }
            let before = String(String.UnicodeScalarView(chars[..<hash])).split(separator: " ")
            if before.isEmpty || before == ["---"] || before == ["..."] {
                add(.comment(comment), before: next, slots)
            } else if let owner = Self.owner(ofTrailingCommentOn: line, slots), trivia[slots[owner].path]?.trailing == nil {
                trivia[slots[owner].path, default: Trivia()].trailing = comment
            } else {
                add(.comment(comment), before: next, slots)
            }
        }
    }

    /// The comments and blank lines of the entry or item at `path`.
    func trivia(at path: [Int]) -> Trivia { trivia[path] ?? Trivia() }

    /// `node` with every entry and item given its trivia.
    func attach(to node: LayoutNode, path: [Int] = []) -> LayoutNode {
        switch node {
        case .scalar:
            return node
        case .mapping(let entries, let span):
            return .mapping(entries.enumerated().map { i, entry in
                var entry = entry
                entry.trivia = trivia(at: path + [i])
                entry.value = attach(to: entry.value, path: path + [i])
                return entry
            }, span)
        case .sequence(let items, let span):
            return .sequence(items.enumerated().map { i, item in
                LayoutItem(value: attach(to: item.value, path: path + [i]), trivia: trivia(at: path + [i]))
            }, span)
        }
    }

    private mutating func add(_ line: TriviaLine, before next: Int, _ slots: [Slot]) {
        if next < slots.count {
            trivia[slots[next].path, default: Trivia()].leading.append(line)
        } else {
            end.append(line)
        }
    }

    private static func owner(ofTrailingCommentOn line: Int, _ slots: [Slot]) -> Int? {
        let starting = slots.indices.filter { slots[$0].startLine == line }
        let whole = starting.filter { slots[$0].endLine == line }
        // The outermost of those; of several siblings (`dim: 39, history: 2  # ...` inside a
        // flow mapping that spans lines) the last, which the comment follows.
        let outermost = whole.map { slots[$0].path.count }.min()
        return whole.last { slots[$0].path.count == outermost } ?? starting.last
            ?? slots.indices.last { slots[$0].endLine == line }
    }

    /// Entries and items in document order (a parent before its children).
    private static func collect(_ node: LayoutNode, path: [Int], into slots: inout [Slot]) {
        switch node {
        case .scalar:
            return
        case .mapping(let entries, _):
            for (i, entry) in entries.enumerated() {
                slots.append(Slot(path: path + [i], startLine: entry.span.start.line, endLine: entry.span.end.line))
                collect(entry.value, path: path + [i], into: &slots)
            }
        case .sequence(let items, _):
            for (i, item) in items.enumerated() {
                let span = item.value.span
                slots.append(Slot(path: path + [i], startLine: span.start.line, endLine: span.end.line))
                collect(item.value, path: path + [i], into: &slots)
            }
        }
    }

    /// For each line, the column ranges where `#` is text.
    private static func maskedColumns(_ spans: [Span]) -> [Int: [Range<Int>]] {
        var masked: [Int: [Range<Int>]] = [:]
        for span in spans where span.start.line <= span.end.line {
            for line in span.start.line...span.end.line {
                let lo = line == span.start.line ? span.start.column : 1
                let hi = line == span.end.line ? span.end.column : Int.max
                if lo < hi { masked[line, default: []].append(lo..<hi) }
            }
        }
        return masked
    }
}
