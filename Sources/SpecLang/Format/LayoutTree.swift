/// The document as the formatter sees it: the YAML tree with, for every node, where its
/// text lies in the source, each scalar's text as it will be printed, and the comments and
/// blank lines that go with each mapping entry and list item.
indirect enum LayoutNode {
    case scalar(LayoutScalar)
    case mapping([LayoutEntry], Span)
    case sequence([LayoutItem], Span)

    var span: Span {
        switch self {
        case .scalar(let s): return s.span
        case .mapping(_, let span), .sequence(_, let span): return span
        }
    }
}

/// Where a node's text lies: from its first character to just past its last (1-based
/// lines, columns in Unicode scalars).
struct Span: Hashable {
    var start: SourceLocation
    var end: SourceLocation
}

/// A scalar and how it is printed.
struct LayoutScalar {
    enum Form {
        /// One line of text, printed as is: the source text of a one-line scalar (quotes
        /// included), or a multi-line scalar rewritten on one line.
        case inline(String)
        /// A literal (`|`) or folded (`>`) block scalar: its header (`|`, `>-`, ...) and its
        /// content lines without their indentation.
        case block(header: String, lines: [String])
    }

    var form: Form
    /// Whether the text may stand inside a flow collection (`[...]`, `{...}`).
    var flowSafe: Bool
    var span: Span

    /// The one-line text, nil for block scalars.
    var inlineText: String? {
        if case .inline(let text) = form { return text }
        return nil
    }

    /// Whether a plain scalar can be written inside a flow collection unchanged: no flow
    /// indicators, no `:` or `#` (which can end a plain scalar there), not empty.
    static func isFlowSafePlain(_ text: String) -> Bool {
        !text.isEmpty && !text.unicodeScalars.contains { ",[]{}:#".unicodeScalars.contains($0) }
    }
}

/// A mapping entry.
struct LayoutEntry {
    /// The key as printed (quotes kept).
    var key: String
    /// The key's text, for looking it up in the schema.
    var name: String
    var value: LayoutNode
    var trivia = Trivia()
    /// From the key to the end of the value.
    var span: Span
}

/// A list item.
struct LayoutItem {
    var value: LayoutNode
    var trivia = Trivia()
}

/// The comments and blank lines that belong to an entry or item.
struct Trivia {
    /// Lines printed before it: own-line comments and blank lines, in order.
    var leading: [TriviaLine] = []
    /// A comment at the end of its first line.
    var trailing: String?

    var hasComments: Bool {
        trailing != nil || leading.contains { if case .comment = $0 { return true }; return false }
    }
}

/// An own-line comment (its text from `#`, trailing spaces removed) or a blank line.
enum TriviaLine: Equatable {
    case blank
    case comment(String)
}

extension LayoutNode {
    /// Whether a comment belongs to anything inside this node (which then cannot be
    /// printed in flow style without losing it).
    var hasComments: Bool {
        switch self {
        case .scalar: return false
        case .mapping(let entries, _): return entries.contains { $0.trivia.hasComments || $0.value.hasComments }
        case .sequence(let items, _): return items.contains { $0.trivia.hasComments || $0.value.hasComments }
        }
    }

    var isScalar: Bool { if case .scalar = self { return true }; return false }
}
