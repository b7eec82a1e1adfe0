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
    /// What polspec can run the spec on, when it checked cleanly and the check was asked
    /// (``CheckOptions/runSupport``).
    public let runs: RunSupport?
    /// The merged tree the spec was checked from (after includes, `--set` and deletions), when
    /// reading got that far: `polspec resolve` shows it for a spec with errors.
    let tree: YAMLNode?

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
    public var noteCount: Int { diagnostics.filter { $0.severity == .note }.count }
    public var hasErrors: Bool { errorCount > 0 }
}

/// Options of a check: command-line overrides and limits.
public struct CheckOptions: Sendable {
    /// `--set` arguments, `KEY.PATH=VALUE`, applied in order.
    public var overrides: [String] = []
    public var limits = Limits()
    /// Where the spec and its includes are read from (the disk by default).
    public var files: any SpecFiles = DiskSpecFiles()
    /// Asks what polspec can run a spec that checked cleanly on (its notes, N0601, join the
    /// diagnostics). SpecLang itself knows nothing of the suites.
    public var runSupport: (@Sendable (Spec) -> RunSupport)?

    public init(overrides: [String] = [], limits: Limits = Limits(), files: any SpecFiles = DiskSpecFiles(),
                runSupport: (@Sendable (Spec) -> RunSupport)? = nil) {
        self.overrides = overrides
        self.limits = limits
        self.files = files
        self.runSupport = runSupport
    }
}

/// What polspec can run a valid spec on: the built-in suites that provide every observation it
/// reads, as `polspec train --suite` and `bench` would feed them.
public struct RunSupport: Sendable, Hashable {
    /// `suite` when every task set of the suite fits, else `suite/set` per set that fits.
    public var suites: [String]
    /// The note (N0601) when no suite fits, at the observations.
    public var notes: [Diagnostic]

    public init(suites: [String], notes: [Diagnostic]) {
        self.suites = suites
        self.notes = notes
    }

    /// `benches on libero-like`, `no built-in suite provides its observations`.
    public var summary: String {
        suites.isEmpty ? "no built-in suite provides its observations" : "benches on \(suites.joined(separator: ", "))"
    }
}
