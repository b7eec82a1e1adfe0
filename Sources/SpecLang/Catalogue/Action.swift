/// The `action:` section: what the policy outputs per call.
public struct ActionSpec: SpecBlock, Hashable {
    /// Action dimensions per step (7 for end-effector delta + gripper, 4 for Meta-World).
    public var dim = 7
    /// Steps predicted per policy call (the action chunk).
    public var chunk = 1
    /// Steps of the chunk executed before the policy is called again (nil: the whole chunk).
    public var execute: Int?
    /// Bounds of normalised actions, `[low, high]`.
    public var range: [Double] = [-1, 1]
    /// How demonstrated actions are mapped onto `range`.
    public var normalize = ActionNormalization.minmax

    public init() {}

    /// Steps executed per call.
    public var executedSteps: Int { execute ?? chunk }

    public static let blockTitle = "action"
    public static let blockSummary = "The top-level `action:` section: what the policy outputs per call (a chunk of `chunk` steps of `dim` values in `range`), how many steps run before the next call, and how demonstrated actions are normalised onto `range`. Part of the deployment interface."
    public static let parameters: [Parameter<ActionSpec>] = [
        Parameter("dim", \.dim, .int(1...1024), required: true, "action dimensions per step"),
        Parameter("chunk", \.chunk, .int(1...1024), "steps predicted per policy call (action chunk length)"),
        Parameter("execute", \.execute, .int(1...1024),
                  "steps of each chunk executed before the next call (default: the whole chunk)"),
        Parameter("range", \.range, .list(.anyNumber, 2...2), "bounds [low, high] of normalised actions"),
        Parameter("normalize", \.normalize, .enumeration(ActionNormalization.self),
                  "map each action dimension onto range by its [min, max] (minmax) or its empirical distribution (quantile)"),
    ]
}

/// How demonstrated actions are mapped onto `action.range` (statistics from the training data,
/// stored with every checkpoint).
public enum ActionNormalization: String, SpecEnum, Sendable {
    /// Affinely, the data's [min, max] onto the range.
    case minmax
    /// Through each dimension's empirical CDF (1024 quantile intervals, piecewise linear): equal
    /// intervals of the range hold equal shares of the data, so uniform bins on the range are
    /// quantile bins of the data (Discrete Diffusion VLA's quantile normalisation).
    case quantile
}
