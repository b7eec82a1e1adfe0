/// The suites `polspec bench --suite` knows.
public enum Suites {
    public static let all: [any BenchSuite] = [MetaWorldSuite(), LiberoSuite(), CalvinSuite()]

    public static var names: [String] { all.map(\.name) }

    /// The suite called `name`.
    public static func named(_ name: String) throws -> any BenchSuite {
        guard let suite = all.first(where: { $0.name == name }) else {
            throw BenchUsageError("unknown suite '\(name)'; suites: \(names.joined(separator: ", "))")
        }
        return suite
    }

    /// Resolves the command line's choice: `--suite NAME[/SET]` (e.g. `libero-like/spatial`), an
    /// optional `--tasks` or, for calvin-like, `--split` (the suite's default set when none is given;
    /// only one of them), for suites with cameras the image side (64, 128 or 256), the episodes'
    /// noise, actuation and camera model, and the fields a policy may read.
    public static func resolve(suite spec: String, tasks: String?, split: String? = nil, imageSize: Int? = nil, depth: Bool = false,
                               conditions: SuiteConditions = .standard, observations: ObservationSet = .all) throws -> (any BenchSuite, TaskSelection) {
        let parts = spec.split(separator: "/", maxSplits: 1).map(String.init)
        let suite = try named(parts.first ?? spec)
        let given = [parts.count == 2 ? parts[1] : nil, tasks, split].compactMap { $0 }
        if given.count > 1 {
            throw BenchUsageError("give the task set once: as --suite NAME/SET, --tasks or --split")
        }
        if split != nil, suite.splits.isEmpty {
            throw BenchUsageError("--split is for suites with splits; suite '\(suite.name)' has none")
        }
        var selection = try suite.select(given.first ?? suite.defaultTasks)
        try setCameras(imageSize, depth: depth, of: &selection, suite: suite)
        try setConditions(conditions, observations: observations, of: &selection, suite: suite)
        return (suite, selection)
    }

    /// Resolves what `polspec demos` and `polspec train` record: as
    /// ``resolve(suite:tasks:split:imageSize:depth:conditions:observations:)``, except that for a suite with
    /// splits (calvin-like) the set names the split whose training scenes demonstrate and
    /// `--tasks` narrows its single tasks (``BenchSuite/demoSelection(split:tasks:)``).
    public static func resolveDemos(suite spec: String, tasks: String?, split: String?, imageSize: Int? = nil, depth: Bool = false,
                                    conditions: SuiteConditions = .standard, observations: ObservationSet = .all) throws -> (any BenchSuite, TaskSelection) {
        let parts = spec.split(separator: "/", maxSplits: 1).map(String.init)
        let suite = try named(parts.first ?? spec)
        guard !suite.splits.isEmpty else {
            return try resolve(suite: spec, tasks: tasks, split: split, imageSize: imageSize, depth: depth, conditions: conditions,
                               observations: observations)
        }
        if parts.count == 2, split != nil { throw BenchUsageError("give the split once: as --suite NAME/SPLIT or --split") }
        var selection = try suite.demoSelection(split: split ?? (parts.count == 2 ? parts[1] : nil), tasks: tasks)
        try setCameras(imageSize, depth: depth, of: &selection, suite: suite)
        try setConditions(conditions, observations: observations, of: &selection, suite: suite)
        return (suite, selection)
    }

    /// The demos that train a policy evaluated on `evaluated`: the evaluated tasks themselves,
    /// or for a suite with splits the single tasks of the evaluated split's training scenes,
    /// with the evaluation's cameras and conditions.
    public static func demoSelection(for evaluated: TaskSelection, of suite: any BenchSuite) throws -> TaskSelection {
        guard !suite.splits.isEmpty else { return evaluated }
        var selection = try suite.demoSelection(split: evaluated.goalSplit, tasks: nil)
        selection.imageSize = evaluated.imageSize
        selection.cameraDepth = evaluated.cameraDepth
        selection.conditions = evaluated.conditions
        selection.observations = evaluated.observations
        return selection
    }

    /// Sets the conditions (checked) and the fields a policy may read; camera randomisation and
    /// image-only observations need a suite with cameras.
    static func setConditions(_ conditions: SuiteConditions, observations: ObservationSet, of selection: inout TaskSelection,
                              suite: any BenchSuite) throws {
        try conditions.validate()
        if selection.imageSize == nil {
            if conditions.cameraRandomization > 0 { throw BenchUsageError("suite '\(suite.name)' has no cameras; drop --camera-randomization") }
            if observations != .all { throw BenchUsageError("suite '\(suite.name)' has no cameras; --observations \(observations.rawValue) needs them") }
        }
        selection.conditions = conditions
        selection.observations = observations
    }

    /// Sets the camera image side (64, 128 or 256) and depth images of a suite with cameras.
    static func setCameras(_ size: Int?, depth: Bool, of selection: inout TaskSelection, suite: any BenchSuite) throws {
        if depth {
            guard selection.imageSize != nil else { throw BenchUsageError("suite '\(suite.name)' has no cameras; drop --depth") }
            selection.cameraDepth = true
        }
        guard let size else { return }
        guard selection.imageSize != nil else { throw BenchUsageError("suite '\(suite.name)' has no cameras; drop --image-size") }
        guard Render.standardImageSides.contains(size) else {
            throw BenchUsageError("--image-size must be one of \(Render.standardImageSides.map(String.init).joined(separator: ", "))")
        }
        selection.imageSize = size
    }
}
