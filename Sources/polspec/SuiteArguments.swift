import ArgumentParser
import Bench

/// The suite options of `polspec bench` (run, sanity, speed), `demos` and `train`: the suite,
/// its tasks or split, the cameras and the episodes' conditions. An option not given takes the
/// value a recorded run used (`polspec train RUN/spec.yaml`), else the suite's default.
struct SuiteArguments: ParsableArguments {
    @Option(help: "Suite: \(Suites.names.joined(separator: ", ")); a task set may follow a slash, e.g. libero-like/spatial (default: metaworld-like, or a recorded run's).")
    var suite: String?

    @Option(help: "A task set (metaworld-like: mt10, mt25, mt50, ml10-train, ..., easy, medium, hard, very-hard; libero-like: spatial, object, goal, long, all, memory) or a comma-separated list of task names (default: the suite's full set; calvin-like demos: its 34 single tasks).")
    var tasks: String?

    @Option(help: "calvin-like only: the split, d-d or abc-d. Evaluation is always in scene D; demos come from the split's training scenes (default: d-d for evaluation, abc-d for demos).")
    var split: String?

    @Option(name: .customLong("image-size"), help: "Camera image side for suites with cameras: 64, 128 or 256 (default 64).")
    var imageSize: Int?

    @Flag(help: "Suites with cameras: add the depth images agentview_depth and wrist_depth to the observations.")
    var depth = false

    @Option(help: "Suites with cameras: the fields a policy may read, all or image-only (the camera images, with --depth their depth images; no proprio, keypoints, camera matrices or instruction). Default: all, or a recorded run's.")
    var observations: String?

    @OptionGroup var conditions: SuiteConditionArguments

    /// The built-in suites' options as (option, given), for `--env` to refuse those given.
    func builtInOptions() throws -> [(String, Bool)] {
        [("--suite", suite != nil), ("--split", split != nil), ("--image-size", imageSize != nil), ("--depth", depth),
         ("--observations", observations != nil),
         ("the condition options", try conditions.conditions() != .standard)]
    }

    /// The suite named, else the recorded one, else metaworld-like.
    func suiteName(recorded: [String: String] = [:]) -> String {
        suite ?? recorded["suite"] ?? "metaworld-like"
    }

    /// The task set: `--tasks`, else (with no `--suite`) the recorded one, else `fallback`.
    func taskSet(recorded: [String: String] = [:], fallback: String? = nil) -> String? {
        tasks ?? (suite == nil ? recorded["tasks"] : nil) ?? (suite?.contains("/") == true || split != nil ? nil : fallback)
    }

    /// The evaluated suite and tasks (``Suites/resolve(suite:tasks:split:imageSize:depth:conditions:observations:)``);
    /// `fallbackTasks` stands in for `--tasks` when neither it nor a set after the suite is given.
    func evaluated(fallbackTasks: String? = nil) throws -> (any BenchSuite, TaskSelection) {
        try Suites.resolve(suite: suiteName(), tasks: taskSet(fallback: fallbackTasks), split: split, imageSize: imageSize, depth: depth,
                           conditions: try conditions.conditions(), observations: try observationSet())
    }

    /// `--observations`, else the recorded one, else all.
    func observationSet(recorded: [String: String] = [:]) throws -> ObservationSet {
        guard let name = observations ?? recorded["observations"] else { return .all }
        guard let set = ObservationSet(rawValue: name) else {
            throw UsageError("--observations must be one of \(ObservationSet.allCases.map(\.rawValue).joined(separator: ", ")); got '\(name)'")
        }
        return set
    }

    /// The suite and the tasks its experts demonstrate (``Suites/resolveDemos(suite:tasks:split:imageSize:depth:conditions:observations:)``),
    /// each option falling back to `recorded` (a run record's options).
    func demonstrated(recorded: [String: String] = [:]) throws -> (any BenchSuite, TaskSelection) {
        try Suites.resolveDemos(suite: suiteName(recorded: recorded), tasks: taskSet(recorded: recorded),
                                split: split ?? (suite == nil ? recorded["split"] : nil),
                                imageSize: imageSize ?? recorded["image-size"].flatMap(Int.init), depth: depth || recorded["depth"] == "true",
                                conditions: try conditions.conditions(recorded: recorded),
                                observations: try observationSet(recorded: recorded))
    }
}
