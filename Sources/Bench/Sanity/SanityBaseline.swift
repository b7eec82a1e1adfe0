/// The five baselines of `polspec bench sanity`: policies that should fail everywhere in an honest
/// suite (docs/bench.md, "Sanity baselines").
public enum SanityBaseline: String, CaseIterable, Sendable, Codable {
    /// All-zero actions.
    case noop
    /// Uniform random actions.
    case random
    /// Per task, the mean demonstrated action, every step.
    case constant
    /// Behaviour cloning on proprioception only: no images, no instruction, no task id.
    case blind
    /// Behaviour cloning on the instruction only.
    case instruction

    /// The observation field a trained baseline reads (nil for the untrained ones).
    public var reads: String? {
        switch self {
        case .blind: "proprio"
        case .instruction: "instruction"
        case .noop, .random, .constant: nil
        }
    }
}

/// What the real benchmarks give the sanity baselines, where it was measured.
///
/// Meta-World: the constant baseline (shared reference, benchmarks.md §3.9: the mean scripted-expert
/// action of 10 seeded demos per task replayed for 50 episodes, metaworld 3.1.1). Tasks it does not
/// list scored 0%. The same figures bound the instruction-only and the blind baselines from below on
/// each task: with one instruction per task the first can output that task's constant, and the
/// second, one policy for all tasks, can output a task's constant action on every task (drawer-close's
/// push solves drawer-close whatever the policy reads), so the real benchmark lets them do at least
/// as well there.
///
/// LIBERO: one fixed motion that reads nothing but the hand's own pose, run in real LIBERO on a
/// task's 50 fixed initial states (`tools/envs/libero_sweep.py --blind`, docs/env-protocol.md,
/// "Fidelity"). It bounds the blind baseline from below in the same way: one proprio-only policy
/// for all tasks can play that motion on every task. Only the tasks measured are listed; elsewhere
/// no real figure is known.
public enum RealBaselineFigures {
    /// The §3.9 figures of the tasks with a non-zero success.
    public static let metaWorldConstant: [String: Double] = [
        "door-close": 1.0, "drawer-close": 1.0, "handle-press": 0.9, "coffee-button": 0.64, "button-press-wall": 0.54,
        "button-press": 0.5, "sweep-into": 0.28, "reach-wall": 0.26, "faucet-close": 0.22, "handle-press-side": 0.22,
        "reach": 0.2, "door-unlock": 0.06, "lever-pull": 0.02, "soccer": 0.02,
    ]

    /// Real LIBERO (hf-libero 0.1.4, LIBERO's 50 fixed initial states): the closed hand swept at
    /// the cookie box's top edge toward the plate, aimed once for every state at the mean bowl and
    /// plate positions of 50 training placements, puts the bowl on the plate in 15 of 50 states.
    public static let liberoBlindMotion: [String: Double] = [
        "pick_up_the_black_bowl_on_the_cookie_box_and_place_it_on_the_plate": 0.30,
    ]

    /// The real benchmark's success of `baseline` on `task` of `suite`, when measured.
    public static func success(suite: String, baseline: SanityBaseline, task: String) -> Double? {
        switch suite {
        case "metaworld-like":
            guard [.constant, .instruction, .blind].contains(baseline), MetaWorldTasks.named(task) != nil else { return nil }
            return metaWorldConstant[task] ?? 0
        case "libero-like":
            return baseline == .blind ? liberoBlindMotion[task] : nil
        default:
            return nil
        }
    }
}
