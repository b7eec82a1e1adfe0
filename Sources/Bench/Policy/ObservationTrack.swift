/// What a policy observed, the way papers report it: the "state" track when it read any privileged
/// field (ground-truth simulator state; see ``FieldSpec/privileged``), the "vision" track when it read
/// sensors only (camera images, proprioception, the instruction, the task id). Every report says which.
public struct ObservationTrack: Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Track: String, Sendable, Codable {
        case state, vision
    }

    public var track: Track
    /// The fields the policy read, in the suite's order.
    public var fields: [String]
    /// Those of them that are privileged.
    public var privileged: [String]

    /// The track of a policy that reads `read` (nil: every field) of `fields`; an oracle reads the
    /// simulator's full state.
    public init(fields: [FieldSpec], read: Set<String>?, oracle: Bool) {
        let used = fields.filter { read?.contains($0.name) ?? true }
        self.fields = used.map(\.name)
        privileged = oracle ? ["simulator state"] : used.filter(\.privileged).map(\.name)
        track = privileged.isEmpty ? .vision : .state
    }

    /// `state (reads keypoints; also proprio, instruction)` or `vision (sensors only: agentview, wrist, proprio)`.
    public var description: String {
        let sensors = fields.filter { !privileged.contains($0) }
        switch track {
        case .state:
            return "state (privileged: \(privileged.joined(separator: ", "))"
                + (sensors.isEmpty ? ")" : "; sensors: \(sensors.joined(separator: ", ")))")
        case .vision:
            return "vision (sensors only: \(sensors.isEmpty ? "none read" : sensors.joined(separator: ", ")))"
        }
    }
}
