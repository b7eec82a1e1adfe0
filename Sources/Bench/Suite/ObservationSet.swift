/// Which of a suite's observation fields a policy may read in a run (`--observations`): all of
/// them, or only the camera images (`image-only`: `agentview`, `wrist` and, with `--depth`, their
/// depth images; no proprioception, keypoints, camera matrices, instruction or task id). The
/// environments still write every field (the scripted expert and the demos use them); a policy
/// that reads a withheld field is refused before its run starts.
public enum ObservationSet: String, Sendable, Codable, CaseIterable {
    case all
    case imageOnly = "image-only"

    /// Whether a policy may read `field`.
    public func permits(_ field: FieldSpec) -> Bool {
        switch self {
        case .all: true
        case .imageOnly: CameraRig.names.contains { field.name == $0 || field.name == "\($0)_depth" }
        }
    }

    /// Throws, naming them, unless every field in `read` is permitted (`read` nil: a policy that does
    /// not say which fields it reads, permitted only with `all`).
    public func check(read: Set<String>?, fields: [FieldSpec], suite: String) throws(BenchUsageError) {
        guard self != .all else { return }
        let allowed = fields.filter(permits).map(\.name)
        guard let read else {
            throw BenchUsageError("--observations \(rawValue) needs a policy that says which fields it reads; this one may read any")
        }
        let withheld = fields.map(\.name).filter { read.contains($0) && !allowed.contains($0) }
        guard withheld.isEmpty else {
            throw BenchUsageError("--observations \(rawValue) gives the policy only \(allowed.joined(separator: ", ")) of \(suite); "
                                  + "it reads \(withheld.joined(separator: ", ")) too")
        }
    }
}
