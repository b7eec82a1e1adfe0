/// Which stream of initial configurations (goals, initial states or chains) an episode draws from.
///
/// The two streams are seeded apart, so demos recorded in the training stream never start from a
/// configuration that evaluation uses (docs/bench.md, "Configurations").
public enum ConfigurationStream: String, Sendable, Codable, CaseIterable {
    /// Held-out configurations: evaluation episode k of a task uses configuration k, the same for
    /// everyone. The first 50 (calvin-like: CALVIN's 1000 chains) are the real benchmark's fixed set;
    /// episodes beyond them draw new ones from the same stream.
    case evaluation
    /// The configurations demos are recorded in.
    case training
}

/// One initial configuration of a task: its stream and its index in that stream.
public struct Configuration: Sendable, Hashable, Codable, CustomStringConvertible {
    public var stream: ConfigurationStream
    public var index: Int

    public init(stream: ConfigurationStream, index: Int) {
        self.stream = stream
        self.index = index
    }

    public static func evaluation(_ index: Int) -> Configuration { Configuration(stream: .evaluation, index: index) }
    public static func training(_ index: Int) -> Configuration { Configuration(stream: .training, index: index) }

    public var description: String { "\(stream.rawValue) \(index)" }

    /// The generator of this configuration's scene: `keys` name the task (and split); the
    /// evaluation stream mixes in only the index, the training stream a stream key first.
    public func random(_ keys: UInt64...) -> SimRandom {
        switch stream {
        case .evaluation: SimRandom(keyList: keys + [UInt64(index)])
        case .training: SimRandom(keyList: keys + [SimRandom.hash("training"), UInt64(index)])
        }
    }
}

/// The evaluation configurations a policy saw in training, per task (built from a demo dataset
/// recorded on evaluation configurations; see ``DemoGenerator``). Reports then count seen and
/// unseen episodes apart.
public struct SeenConfigurations: Sendable, Equatable {
    /// Evaluation configuration indices by evaluated task name.
    public var byTask: [String: Set<Int>]

    public init(byTask: [String: Set<Int>]) { self.byTask = byTask }

    /// Whether evaluation configuration `index` of `task` was seen in training.
    public func contains(task: String, index: Int) -> Bool { byTask[task]?.contains(index) ?? false }
}
