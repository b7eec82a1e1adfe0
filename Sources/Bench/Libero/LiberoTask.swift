/// A libero-like task: its LIBERO name (the BDDL file name), the benchmark suite it belongs to, the
/// instruction policies are given (the file name with `_` as spaces, scene prefix dropped), the
/// step cap of its suite, and the builder of its initial states.
public struct LiberoTask: Sendable {
    /// The four suites of the VLA protocol, with their step caps (OpenVLA/openpi `max_steps`), and
    /// our `memory` group of history-dependent tasks (not a LIBERO suite).
    public enum Family: String, Sendable, CaseIterable {
        case spatial, object, goal, long, memory

        /// LIBERO's four evaluation suites, the set `all`.
        public static let liberoSuites: [Family] = [.spatial, .object, .goal, .long]

        /// LIBERO's code name of the suite (nil for `memory`, which LIBERO does not have).
        public var codeName: String? {
            switch self {
            case .long: "libero_10"
            case .memory: nil
            default: "libero_\(rawValue)"
            }
        }

        /// Policy steps per episode after the 10 settle steps.
        public var maxSteps: Int {
            switch self {
            case .spatial: 220
            case .object: 280
            case .goal: 300
            case .long: 520
            case .memory: 300
            }
        }
    }

    public var name: String
    public var family: Family
    /// The position in its suite (LIBERO's task id, order 0).
    public var id: Int
    public var instruction: String
    /// Builds an initial state in a layout (its offset and every object's jitter).
    public var build: @Sendable (inout LiberoLayout) -> LiberoScene

    public var info: TaskInfo { TaskInfo(name: name, group: family.rawValue, instruction: instruction) }

    /// A task whose name is its instruction with `_` for spaces (and an optional scene prefix).
    init(_ family: Family, _ id: Int, scene: String? = nil, _ instruction: String, build: @escaping @Sendable (inout LiberoLayout) -> LiberoScene) {
        let words = instruction.replacingOccurrences(of: " ", with: "_")
        name = scene.map { "\($0)_\(words)" } ?? words
        self.family = family
        self.id = id
        self.instruction = instruction
        self.build = build
    }
}
