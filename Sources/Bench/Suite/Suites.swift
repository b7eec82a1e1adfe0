/// The suites `polspec bench --suite` knows.
public enum Suites {
    public static let all: [any BenchSuite] = [MetaWorldSuite(), LiberoSuite()]

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
    /// only one of them), and for suites with cameras the image side (64, 128 or 256).
    public static func resolve(suite spec: String, tasks: String?, split: String? = nil,
                               imageSize: Int? = nil) throws -> (any BenchSuite, TaskSelection) {
        let parts = spec.split(separator: "/", maxSplits: 1).map(String.init)
        let suite = try named(parts.first ?? spec)
        let given = [parts.count == 2 ? parts[1] : nil, tasks, split].compactMap { $0 }
        if given.count > 1 {
            throw BenchUsageError("give the task set once: as --suite NAME/SET, --tasks or --split")
        }
        if split != nil, suite.name != "calvin-like" {
            throw BenchUsageError("--split is for calvin-like; suite '\(suite.name)' has none")
        }
        var selection = try suite.select(given.first ?? suite.defaultTasks)
        if let imageSize {
            guard selection.imageSize != nil else { throw BenchUsageError("suite '\(suite.name)' has no cameras; drop --image-size") }
            guard Render.standardImageSides.contains(imageSize) else {
                throw BenchUsageError("--image-size must be one of \(Render.standardImageSides.map(String.init).joined(separator: ", "))")
            }
            selection.imageSize = imageSize
        }
        return (suite, selection)
    }
}
