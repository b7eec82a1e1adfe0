/// Text from specs placed in Markdown (pull-request comments, step summaries) so that it
/// reads as written: it can neither break a table nor start markup of its own.
public enum MarkdownText {
    /// A table cell: pipes, backslashes, angle brackets and line breaks escaped.
    public static func cell(_ text: String) -> String {
        var out = ""
        for character in TerminalText.escaped(text) {
            switch character {
            case "|": out += "\\|"
            case "\\": out += "\\\\"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "*", "_", "[", "]", "`", "#": out += "\\" + String(character)
            default: out.append(character)
            }
        }
        return out
    }

    /// An inline code span that holds `text` whatever backticks it contains (CommonMark:
    /// delimit with one backtick more than the longest run inside). Pipes are escaped, so the
    /// span can sit in a table cell.
    public static func code(_ text: String) -> String {
        let safe = TerminalText.escaped(text).replacingOccurrences(of: "|", with: "\\|")
        let fence = String(repeating: "`", count: longestBacktickRun(safe) + 1)
        let padding = safe.hasPrefix("`") || safe.hasSuffix("`") ? " " : ""
        return fence + padding + safe + padding + fence
    }

    /// A fenced code block holding `text` (a fence longer than any backtick run inside).
    public static func fence(_ text: String, info: String = "text") -> String {
        let body = TerminalText.escaped(text, keepingNewlines: true)
        let fence = String(repeating: "`", count: max(3, longestBacktickRun(body) + 1))
        return fence + info + "\n" + body + (body.hasSuffix("\n") ? "" : "\n") + fence + "\n"
    }

    private static func longestBacktickRun(_ text: String) -> Int {
        var longest = 0, run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }
}
