/// Why training data could not be prepared or fed to a spec: an observation the suite does not
/// provide, a shape that does not fit a port, an empty dataset (exit code 3 in the CLI).
public struct TrainingDataError: Error, CustomStringConvertible, Equatable, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
