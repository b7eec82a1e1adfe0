/// What a check of one spec file produced.
public struct CheckResult: Sendable {
    /// The top-level file as given.
    public let file: String
    /// The checked spec, when there were no errors.
    public let spec: Spec?
    /// Every diagnostic, sorted by file and position.
    public let diagnostics: [Diagnostic]
    /// The text of every file read (and of `--set` arguments), for rendering diagnostics.
    public let sources: SourceStore
    /// Canonical paths of the files read, the top-level file first, then its includes.
    public let files: [String]

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
    public var hasErrors: Bool { errorCount > 0 }
}

/// Options of a check: command-line overrides and limits.
public struct CheckOptions: Sendable {
    /// `--set` arguments, `KEY.PATH=VALUE`, applied in order.
    public var overrides: [String] = []
    public var limits = Limits()

    public init(overrides: [String] = [], limits: Limits = Limits()) {
        self.overrides = overrides
        self.limits = limits
    }
}
