/// How the formatter writes scalars it cannot copy from the source.
enum YAMLText {
    /// `text` as a one-line YAML double-quoted scalar that reads back to exactly `text`.
    /// Control characters and the characters YAML treats as line breaks are escaped.
    static func doubleQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                let v = scalar.value
                if v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || v == 0xFEFF {
                    let hex = String(v, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Whether a plain scalar can be written inside a flow collection unchanged: no flow
    /// indicators, no `:` or `#` (which can end a plain scalar there), not empty.
    static func isFlowSafePlain(_ text: String) -> Bool {
        !text.isEmpty && !text.unicodeScalars.contains { ",[]{}:#".unicodeScalars.contains($0) }
    }
}
