/// The suites `polspec bench --suite` knows.
public enum Suites {
    public static let all: [any BenchSuite] = [MetaWorldSuite()]

    public static var names: [String] { all.map(\.name) }

    /// The suite called `name`.
    public static func named(_ name: String) throws -> any BenchSuite {
        guard let suite = all.first(where: { $0.name == name }) else {
            throw BenchUsageError("unknown suite '\(name)'; suites: \(names.joined(separator: ", "))")
        }
        return suite
    }
}
