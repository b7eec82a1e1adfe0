/// Text that came from user input (keys, values, file names, file contents), made safe to
/// print on a terminal: control characters cannot move the cursor, recolour or clear the
/// screen, or reorder what follows.
public enum TerminalText {
    /// `text` with every control character shown as a Swift-style escape (`\u{1B}`): C0 and
    /// C1 controls, DEL, and the bidirectional overrides and isolates (U+202A–U+202E,
    /// U+2066–U+2069). Newlines are kept when `keepingNewlines`.
    public static func escaped(_ text: String, keepingNewlines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { isUnsafe($0, keepingNewlines: keepingNewlines) }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar, keepingNewlines: keepingNewlines) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func isUnsafe(_ scalar: Unicode.Scalar, keepingNewlines: Bool) -> Bool {
        let v = scalar.value
        if v == 0x0A { return !keepingNewlines }
        return v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }
}
