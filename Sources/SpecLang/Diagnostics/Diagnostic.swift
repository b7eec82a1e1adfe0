/// How serious a diagnostic is. Errors make `polspec check` fail; warnings and notes do not.
public enum Severity: String, Sendable, Hashable, Codable {
    case error
    case warning
    /// A fact about a valid spec (such as a piece the compiler does not lower yet).
    case note
}

/// A secondary message attached to a diagnostic, optionally pointing somewhere else
/// (for example "first defined here").
public struct DiagnosticNote: Sendable, Hashable {
    public var message: String
    public var range: SourceRange?

    public init(_ message: String, at range: SourceRange? = nil) {
        self.message = message
        self.range = range
    }
}

/// One problem found in a spec: a stable code, a message, where it is, and how to fix it.
public struct Diagnostic: Sendable, Hashable {
    public var code: DiagnosticCode
    public var message: String
    /// The offending text; nil only for problems that belong to no file position.
    public var range: SourceRange?
    public var notes: [DiagnosticNote]
    /// A concrete fix, such as "did you mean 'depth'?".
    public var help: String?

    public var severity: Severity { code.severity }

    public init(_ code: DiagnosticCode, _ message: String, at range: SourceRange?,
                notes: [DiagnosticNote] = [], help: String? = nil) {
        self.code = code
        self.message = message
        self.range = range
        self.notes = notes
        self.help = help
    }
}

extension Diagnostic {
    /// Orders diagnostics by file, then position, then code, so output is deterministic.
    static func sortedAndUnique(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return diagnostics.filter { seen.insert($0).inserted }.sorted { a, b in
            let fa = a.range?.file ?? "", fb = b.range?.file ?? ""
            if fa != fb { return fa < fb }
            let la = a.range?.start ?? SourceLocation(line: 0, column: 0)
            let lb = b.range?.start ?? SourceLocation(line: 0, column: 0)
            if la != lb { return la < lb }
            return a.code.rawValue < b.code.rawValue
        }
    }
}
