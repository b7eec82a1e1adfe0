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
    /// only one of them), for suites with cameras the image side (64, 128 or 256), and the episodes'
    /// noise and actuation model.
    public static func resolve(suite spec: String, tasks: String?, split: String? = nil, imageSize: Int? = nil, depth: Bool = false,
                               conditions: SuiteConditions = .standard) throws -> (any BenchSuite, TaskSelection) {
        let parts = spec.split(separator: "/", maxSplits: 1).map(String.init)
        let suite = try named(parts.first ?? spec)
        let given = [parts.count == 2 ? parts[1] : nil, tasks, split].compactMap { $0 }
        if given.count > 1 {
            throw BenchUsageError("give the task set once: as --suite NAME/SET, --tasks or --split")
        }
        if split != nil, !(suite is CalvinSuite) {
            throw BenchUsageError("--split is for calvin-like; suite '\(suite.name)' has none")
        }
        var selection = try suite.select(given.first ?? suite.defaultTasks)
        try setCameras(imageSize, depth: depth, of: &selection, suite: suite)
        try conditions.validate()
        selection.conditions = conditions
        return (suite, selection)
    }

    /// Resolves what `polspec demos` records: as ``resolve(suite:tasks:split:imageSize:)``, except that
    /// for calvin-like the tasks are single subtasks (all 34 unless `--tasks` names some) recorded in
    /// the training scenes of `--split` (default `abc-d`).
    public static func resolveDemos(suite spec: String, tasks: String?, split: String?, imageSize: Int? = nil, depth: Bool = false,
                                    conditions: SuiteConditions = .standard) throws -> (any BenchSuite, TaskSelection) {
        guard let calvin = try named(String(spec.split(separator: "/", maxSplits: 1).first ?? "")) as? CalvinSuite else {
            return try resolve(suite: spec, tasks: tasks, split: split, imageSize: imageSize, depth: depth, conditions: conditions)
        }
        var selection = try calvin.playSelection(split: split ?? "abc-d", tasks: tasks)
        try setCameras(imageSize, depth: depth, of: &selection, suite: calvin)
        try conditions.validate()
        selection.conditions = conditions
        return (calvin, selection)
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
