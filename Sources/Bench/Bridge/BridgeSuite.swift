import Foundation

/// An environment in child processes (`polspec bench --env CMD`) as a bench suite: its tasks,
/// task sets, groups and observation fields come from its hello; polspec adds `task_id` (a
/// one-hot over the run's tasks, as metaworld-like has) and `instruction` (from the reset).
///
/// Episodes run through ``BridgeEnvironment``; the standard evaluator, demo recorder and reports
/// work on it as on the built-in suites. Evaluation episode k of a task is reset with seed k,
/// demos (training configuration a) with seed 1,000,000 + a (``EnvProtocol/seed(of:)``).
public struct BridgeSuite: ExpertSuite {
    public let pool: EnvWorkerPool
    /// Ask for the scripted expert's action with every observation (for `--policy expert` and demos).
    public var expertActions: Bool

    public init(pool: EnvWorkerPool, expertActions: Bool) {
        self.pool = pool
        self.expertActions = expertActions
    }

    public var hello: EnvHello { pool.hello }
    public var environment: EnvironmentIdentity { hello.identity }
    public var name: String { hello.identity.name }
    public var tasks: [TaskInfo] { hello.tasks }
    public var groups: [String] { hello.groups }
    public var setNames: [String] { hello.taskSets.map(\.name) }
    public var actionDimension: Int { hello.actionDimension }
    public var fixedConfigurations: Int { 50 }
    public var defaultTasks: String { hello.defaultTasks }

    /// Most episodes per task: evaluation seeds stay below the training seeds.
    public static let maximumEpisodesPerTask = EnvProtocol.trainingSeedBase

    /// Refuses more than ``maximumEpisodesPerTask`` evaluation episodes per task.
    public func checkEpisodesPerTask(_ episodes: Int) throws {
        guard episodes <= Self.maximumEpisodesPerTask else {
            throw BenchUsageError("with --env, --episodes is at most \(Self.maximumEpisodesPerTask) (the seeds above are the demos')")
        }
    }

    public func select(_ spec: String) throws -> TaskSelection {
        let key = spec.trimmingCharacters(in: .whitespaces)
        if let set = hello.taskSets.first(where: { $0.name == key.lowercased() }) {
            return TaskSelection(name: set.name, tasks: set.tasks.map { task in tasks.first { $0.name == task }! }, goalSplit: "train", goalVisible: true)
        }
        var chosen: [TaskInfo] = []
        for raw in key.split(separator: ",") {
            let name = raw.trimmingCharacters(in: .whitespaces)
            guard let task = tasks.first(where: { $0.name == name }) else {
                let sets = setNames.isEmpty ? "" : "; sets: \(setNames.joined(separator: ", "))"
                throw BenchUsageError("environment '\(self.name)' has no task or task set '\(name)'\(sets); tasks: \(tasks.prefix(12).map(\.name).joined(separator: ", "))\(tasks.count > 12 ? ", ..." : "")")
            }
            guard !chosen.contains(task) else { throw BenchUsageError("task '\(name)' is listed twice") }
            chosen.append(task)
        }
        guard !chosen.isEmpty else { throw BenchUsageError("no tasks given") }
        return TaskSelection(name: chosen.map(\.name).joined(separator: ","), tasks: chosen, goalSplit: "train", goalVisible: true)
    }

    public func observationFields(for selection: TaskSelection) -> [FieldSpec] {
        hello.observation + [FieldSpec(name: "task_id", kind: .float32, shape: [selection.tasks.count]),
                             FieldSpec(name: "instruction", kind: .text, shape: [])]
    }

    public func makeEnvironment(selection: TaskSelection, taskIndex: Int, configuration: Configuration, seed: UInt64) -> any BenchEnvironment {
        BridgeEnvironment(suite: self, selection: selection, taskIndex: taskIndex, seed: EnvProtocol.seed(of: configuration))
    }
}
