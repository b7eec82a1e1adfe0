/// Why a checkpoint could not be written, found or loaded (exit code 3 in the CLI; a spec
/// mismatch names `--allow-spec-change`).
public struct CheckpointError: Error, CustomStringConvertible, Equatable, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
