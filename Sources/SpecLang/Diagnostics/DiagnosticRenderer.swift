/// Renders diagnostics as text for people (swiftc-like, with the source line and a caret
/// span), as JSON objects, or as GitHub Actions workflow commands.
///
/// Human text escapes the control characters of everything that came from user input
/// (``TerminalText``). A range inside a `--set` argument is shown as that argument
/// (``OverrideSource``), never as a file.
public enum DiagnosticRenderer {
    /// `file:line:col: error[E0101]: message`, the source line, a caret span, help and notes.
    public static func human(_ d: Diagnostic, sources: SourceStore) -> String {
        var out = header(d.range, label: "\(d.severity.rawValue)[\(d.code.rawValue)]", message: d.message)
        out += snippet(d.range, sources: sources)
        if let help = d.help { out += "    = help: \(TerminalText.escaped(help))\n" }
        for note in d.notes {
            out += header(note.range, label: "note", message: note.message)
            out += snippet(note.range, sources: sources)
        }
        return out
    }

    private static func header(_ range: SourceRange?, label: String, message: String) -> String {
        let message = TerminalText.escaped(message)
        guard let range else { return "\(label): \(message)\n" }
        if OverrideSource.index(of: range.file) != nil { return "command line: \(label): \(message)\n" }
        return "\(TerminalText.escaped(range.file)):\(range.start.line):\(range.start.column): \(label): \(message)\n"
    }

    private static func snippet(_ range: SourceRange?, sources: SourceStore) -> String {
        guard let range, let file = sources[range.file], let line = file.line(range.start.line) else { return "" }
        let isOverride = OverrideSource.index(of: range.file) != nil
        let prefix = isOverride ? "--set " : ""
        let number = isOverride ? "" : String(range.start.line)
        let gutter = String(repeating: " ", count: number.count)
        let scalars = Array(line.replacingOccurrences(of: "\t", with: " ").unicodeScalars)
        func shown(_ part: ArraySlice<Unicode.Scalar>) -> String { TerminalText.escaped(String(String.UnicodeScalarView(part))) }
        let width = scalars.count
        let start = min(range.start.column, width + 1)
        let end = range.end.line == range.start.line ? min(max(range.end.column, start + 1), width + 2) : max(width + 1, start + 1)
        // Widths as printed: an escaped character takes the width of its escape.
        let before = (prefix + shown(scalars[..<(start - 1)])).unicodeScalars.count
        let inLine = shown(scalars[(start - 1)..<min(end - 1, width)]).unicodeScalars.count
        let length = max(1, inLine + max(0, end - 1 - width))
        let caret = String(repeating: " ", count: before) + "^" + String(repeating: "~", count: length - 1)
        return " \(number) | \(prefix)\(shown(scalars[...]))\n \(gutter) | \(caret)\n"
    }

    /// One diagnostic as a JSON value (1-based lines and columns, `end` exclusive). A range in
    /// a `--set` argument has `"file": null` and `"override": N` (the N-th `--set`, 1-based).
    public static func jsonValue(_ d: Diagnostic) -> SpecValue {
        var fields = [
            SpecField("severity", .string(d.severity.rawValue)),
            SpecField("code", .string(d.code.rawValue)),
            SpecField("message", .string(d.message)),
            SpecField("range", rangeValue(d.range)),
        ]
        fields.append(SpecField("help", d.help.map(SpecValue.string) ?? .null))
        fields.append(SpecField("notes", .list(d.notes.map { note in
            .map([SpecField("message", .string(note.message)), SpecField("range", rangeValue(note.range))])
        })))
        return .map(fields)
    }

    private static func rangeValue(_ range: SourceRange?) -> SpecValue {
        guard let range else { return .null }
        func location(_ l: SourceLocation) -> SpecValue {
            .map([SpecField("line", .int(l.line)), SpecField("column", .int(l.column))])
        }
        let file: [SpecField] = OverrideSource.index(of: range.file).map { [SpecField("file", .null), SpecField("override", .int($0))] }
            ?? [SpecField("file", .string(range.file))]
        return .map(file + [SpecField("start", location(range.start)), SpecField("end", location(range.end))])
    }

    /// `::error file=F,line=L,col=C,endLine=L,endColumn=C,title=E0101::message` (`::warning`,
    /// and `::notice` for notes). A diagnostic in a `--set` argument has no file: its message
    /// starts with the argument (`sources` holds its text).
    public static func github(_ d: Diagnostic, sources: SourceStore = SourceStore()) -> String {
        var properties: [String] = []
        var message = d.message
        if let r = d.range {
            if let argument = OverrideSource.describe(r.file, sources: sources) {
                message = "\(argument): \(message)"
            } else {
                properties += ["file=\(escapeProperty(r.file))", "line=\(r.start.line)", "col=\(r.start.column)",
                               "endLine=\(r.end.line)", "endColumn=\(r.end.column)"]
            }
        }
        properties.append("title=\(escapeProperty(d.code.rawValue))")
        if let help = d.help { message += "\n= help: \(help)" }
        for note in d.notes {
            let place = note.range.map { OverrideSource.describe($0.file, sources: sources) ?? "\($0.file):\($0.start.line):\($0.start.column)" }
            message += "\nnote: \(note.message)" + (place.map { " (\($0))" } ?? "")
        }
        let command = d.severity == .note ? "notice" : d.severity.rawValue
        return "::\(command) \(properties.joined(separator: ","))::\(escapeData(message))"
    }

    static func escapeData(_ s: String) -> String { GitHubCommand.data(s) }

    static func escapeProperty(_ s: String) -> String { GitHubCommand.property(s) }
}

/// Escaping of GitHub Actions workflow commands (`::error file=F,line=L::message`).
public enum GitHubCommand {
    /// A command's message: `%`, CR and LF escaped.
    public static func data(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    /// A property value: also `:` and `,`.
    public static func property(_ s: String) -> String {
        data(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
