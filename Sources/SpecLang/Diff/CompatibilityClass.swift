/// What a difference between two specs breaks, most severe first (the classes of
/// `polspec diff`, as `buf breaking` classes API changes).
public enum CompatibilityClass: String, Sendable, Hashable, CaseIterable, Comparable {
    /// An observation or the action changes: a deployment feeds the policy something else or
    /// gets something else back.
    case interface
    /// Parameter tensors are added, removed, renamed or change shape: a checkpoint of one spec
    /// does not load into the other.
    case checkpoint
    /// The weights still load (every tensor has its name and shape), but the policy computes
    /// something else with them: an activation, a sampler, a number of denoising steps.
    case computation
    /// Only how the weights are trained changes; the weights of either spec fit the other.
    case recipe
    /// Nothing a policy or its training sees: the spec's name, its description, a stage's name.
    case cosmetic

    /// How reports name the class.
    public var title: String {
        switch self {
        case .interface: return "breaks the deployment interface"
        case .checkpoint: return "breaks checkpoint loading"
        case .computation: return "changes what the policy computes (weights still load)"
        case .recipe: return "recipe only (weights stay compatible)"
        case .cosmetic: return "cosmetic"
        }
    }

    public static func < (a: CompatibilityClass, b: CompatibilityClass) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
