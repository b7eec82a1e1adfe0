/// The environment protocol (docs/env-protocol.md): how polspec talks to an environment that runs
/// in a child process, over the child's stdin and stdout.
public enum EnvProtocol {
    /// The protocol version this polspec speaks; the hello of both sides names it.
    public static let version = 1

    /// How messages after the hello are framed.
    public enum Encoding: String, Sendable, Codable, CaseIterable {
        /// Length-prefixed frames: a JSON header and the arrays as raw little-endian bytes.
        case binary
        /// One JSON object per line; arrays as JSON numbers, byte fields as base64.
        case json
    }

    /// The largest JSON header (or JSON line) accepted from an environment.
    static let maximumHeaderBytes = 256 << 20

    /// Reset seeds of training configurations start here: evaluation configuration k is reset with
    /// seed k, training configuration a with seed `trainingSeedBase + a`, so that demos and
    /// evaluation never share a seed.
    public static let trainingSeedBase = 1_000_000

    /// The reset seed of a configuration (evaluation k: k; training a: 1,000,000 + a).
    public static func seed(of configuration: Configuration) -> Int {
        configuration.stream == .evaluation ? configuration.index : trainingSeedBase + configuration.index
    }
}

/// Which environment a report's episodes ran in (`run.environment` in report.json): what its
/// hello said. Shards of one run must agree on it.
public struct EnvironmentIdentity: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The environment's name, e.g. `metaworld`.
    public var name: String
    /// The environment package's version, e.g. `3.1.1`.
    public var version: String
    /// The adapter that serves it, with its own version, e.g. `polspec-metaworld 1`.
    public var adapter: String?
    /// Further versions that shape results (e.g. `mujoco`).
    public var info: [String: String]?
    /// The protocol version spoken.
    public var protocolVersion: Int

    public init(name: String, version: String, adapter: String? = nil, info: [String: String]? = nil,
                protocolVersion: Int = EnvProtocol.version) {
        self.name = name
        self.version = version
        self.adapter = adapter
        self.info = info
        self.protocolVersion = protocolVersion
    }

    enum CodingKeys: String, CodingKey {
        case name, version, adapter, info
        case protocolVersion = "protocol"
    }

    /// `metaworld 3.1.1 (polspec-metaworld 1; mujoco 3.3.0; protocol 1)`.
    public var description: String {
        let details = [adapter].compactMap { $0 } + (info ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            + ["protocol \(protocolVersion)"]
        return "\(name) \(version) (\(details.joined(separator: "; ")))"
    }
}

/// The environment's answer to polspec's hello: who it is, its tasks, observations and action.
public struct EnvHello: Sendable, Equatable {
    public var identity: EnvironmentIdentity
    public var encoding: EnvProtocol.Encoding
    public var tasks: [TaskInfo]
    /// Group names in display order.
    public var groups: [String]
    /// Named task sets, e.g. `mt10`.
    public var taskSets: [(name: String, tasks: [String])]
    /// The set (or list) run when `--tasks` is not given.
    public var defaultTasks: String
    /// The observation fields the environment sends (float32 and uint8).
    public var observation: [FieldSpec]
    public var actionDimension: Int
    public var actionLow: Float
    public var actionHigh: Float
    /// The episode's step cap.
    public var maxSteps: Int
    /// Whether resets may ask for the scripted expert's action with every observation.
    public var expert: Bool

    public static func == (a: EnvHello, b: EnvHello) -> Bool {
        a.identity == b.identity && a.encoding == b.encoding && a.tasks == b.tasks && a.groups == b.groups
            && a.taskSets.map(\.name) == b.taskSets.map(\.name) && a.taskSets.map(\.tasks) == b.taskSets.map(\.tasks)
            && a.defaultTasks == b.defaultTasks && a.observation == b.observation && a.actionDimension == b.actionDimension
            && a.actionLow == b.actionLow && a.actionHigh == b.actionHigh && a.maxSteps == b.maxSteps && a.expert == b.expert
    }

    /// Bytes of the observation fields of one message (the binary payload without the expert action).
    var observationBytes: Int { observation.reduce(0) { $0 + $1.rowCount * ($1.kind == .float32 ? 4 : 1) } }
}

/// One observation an environment sent (after a reset or a step).
struct EnvObservation {
    /// Values of each float field (nil for byte fields), in the hello's field order.
    var floats: [[Float]?]
    /// Values of each byte field (nil for float fields).
    var bytes: [[UInt8]?]
    var instruction: String?
    var reward: Double?
    var success: Bool
    var done: Bool
    var expertAction: [Float]?
}
