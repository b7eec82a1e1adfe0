import Foundation

/// Why training stopped before the end of its recipe: a non-finite loss or gradient, or a
/// failure of the backend (exit code 3 in the CLI). The message names the stage and step.
public struct TrainingError: Error, CustomStringConvertible, Sendable {
    public var description: String
    /// The newest checkpoint on disk when training stopped (nil when none was written yet).
    public var lastCheckpoint: URL?

    public init(_ description: String, lastCheckpoint: URL? = nil) {
        self.description = description
        self.lastCheckpoint = lastCheckpoint
    }
}
