/// What happened in one environment step.
public struct StepOutcome: Sendable, Equatable {
    /// The task (or the chain's current subtask) is achieved now.
    public var success: Bool
    /// The episode is over (success ends it, and so does the step cap).
    public var done: Bool
    /// A new subtask (instruction) begins with the next observation (chained suites).
    public var subtaskStarted: Bool

    public init(success: Bool, done: Bool, subtaskStarted: Bool = false) {
        self.success = success
        self.done = done
        self.subtaskStarted = subtaskStarted
    }
}

/// One running episode of a suite. Environments are independent of each other, so the evaluator
/// steps many of them on several threads at once.
public protocol BenchEnvironment: AnyObject {
    /// The episode's step cap.
    var maxSteps: Int { get }
    /// Steps taken so far.
    var stepsTaken: Int { get }
    /// Subtasks completed so far (1 for a successful single-task episode).
    var subtasksCompleted: Int { get }
    /// The instruction in force now.
    var instruction: String { get }
    /// In a chained suite, the name of the subtask in force now (nil for single-task episodes).
    var subtask: String? { get }
    /// In a chained suite, the names of the episode's subtasks in order (nil for single-task episodes).
    var chain: [String]? { get }
    /// Why the episode ended without being played out (an environment process that crashed, hung
    /// or broke the protocol; see docs/env-protocol.md); nil for episodes that ran normally.
    var failure: String? { get }
    /// Writes the current observation into row `row` of `batch` (fields as the suite declared).
    func writeObservation(into batch: inout ObservationBatch, row: Int, privileged: Bool)
    /// Applies one action (`actionDimension` values, clamped to the action box).
    func step(_ action: UnsafeBufferPointer<Float>) -> StepOutcome
}

extension BenchEnvironment {
    public var subtask: String? { nil }
    public var chain: [String]? { nil }
    public var failure: String? { nil }
}
