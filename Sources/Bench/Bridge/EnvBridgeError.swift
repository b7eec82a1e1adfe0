/// Why talking to an environment process failed: it could not start, did not answer in time,
/// ended, answered something that is not the protocol, or reported an error itself. During an
/// evaluation such a failure ends only the episode (recorded as failed with this reason); before
/// it (the first handshake) it stops the command (exit code 3 in the CLI).
public struct EnvBridgeError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
