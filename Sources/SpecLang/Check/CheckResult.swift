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
    /// What the compiler can do with the spec, when it checked cleanly and the check was asked
    /// (``CheckOptions/support``).
    public let support: CompilerSupport?
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
    /// Asks the compiler what it can do with a spec that checked cleanly (its notes, N0601,
    /// join the diagnostics). SpecLang itself knows nothing of what the compiler lowers.
    public var support: (@Sendable (Spec) -> CompilerSupport)?

    public init(overrides: [String] = [], limits: Limits = Limits(), files: any SpecFiles = DiskSpecFiles(),
                support: (@Sendable (Spec) -> CompilerSupport)? = nil) {
        self.overrides = overrides
        self.limits = limits
        self.files = files
        self.support = support
    }
}

/// What the compiler can do with a valid spec.
public struct CompilerSupport: Sendable, Hashable {
    /// The policy lowers: `polspec build` and `infer` run it.
    public var builds: Bool
    /// Every stage's objective lowers too: `polspec train` and `bench` run it.
    public var trains: Bool
    /// One note (N0601) per piece that does not lower.
    public var notes: [Diagnostic]

    public init(builds: Bool, trains: Bool, notes: [Diagnostic]) {
        self.builds = builds
        self.trains = trains
        self.notes = notes
    }

    /// `builds and trains`, `builds, does not train yet`, `does not build yet`.
    public var summary: String {
        builds ? (trains ? "builds and trains" : "builds, does not train yet") : "does not build yet"
    }
}
