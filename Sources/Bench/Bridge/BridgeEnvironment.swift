/// One episode in an environment process (``BridgeSuite``): reset when made, stepped through the
/// protocol. A failure of the process (no reply in time, a crash, a malformed reply, the
/// environment's own error) ends the episode as failed with the reason in ``failure``; the
/// process goes back to the pool when the episode ends (replaced if it broke).
final class BridgeEnvironment: BenchEnvironment {
    let maxSteps: Int
    private(set) var stepsTaken = 0
    private(set) var subtasksCompleted = 0
    private(set) var instruction: String
    private(set) var failure: String?
    private let pool: EnvWorkerPool
    private var connection: EnvConnection?
    private var current: EnvObservation?
    private let taskIndex: Int
    private let taskCount: Int
    private let expert: Bool

    init(suite: BridgeSuite, selection: TaskSelection, taskIndex: Int, seed: Int) {
        let task = selection.tasks[taskIndex]
        pool = suite.pool
        maxSteps = suite.hello.maxSteps
        instruction = task.instruction
        self.taskIndex = taskIndex
        taskCount = selection.tasks.count
        expert = suite.expertActions
        do {
            guard !expert || suite.hello.expert else { throw EnvBridgeError("environment '\(suite.name)' has no scripted expert") }
            let connection = try pool.lease()
            self.connection = connection
            let reply = try connection.reset(task: task.name, seed: seed, expert: expert)
            if expert && reply.expertAction == nil { throw EnvBridgeError("the reset reply has no expert_action although polspec asked for it") }
            current = reply
            instruction = reply.instruction ?? instruction
        } catch {
            end(failure: "reset of \(task.name) seed \(seed): \(error)")
        }
    }

    deinit { if let connection { pool.giveBack(connection) } }

    func writeObservation(into batch: inout ObservationBatch, row: Int, privileged: Bool) {
        for (i, field) in batch.fields.enumerated() where batch.isRequested(i) {
            switch field.name {
            case "task_id":
                batch.withFloatRow(field: i, row: row) { out in
                    for k in out.indices { out[k] = k == taskIndex ? 1 : 0 }
                }
            case "instruction":
                batch.setText(field: i, row: row, instruction)
            default:
                guard let index = pool.hello.observation.firstIndex(where: { $0.name == field.name }) else { continue }
                if field.kind == .float32 {
                    batch.withFloatRow(field: i, row: row) { out in
                        guard let values = current?.floats[index] else { return out.update(repeating: 0) }
                        for k in out.indices { out[k] = values[k] }
                    }
                } else {
                    batch.withByteRow(field: i, row: row) { out in
                        guard let values = current?.bytes[index] else { return out.update(repeating: 0) }
                        for k in out.indices { out[k] = values[k] }
                    }
                }
            }
        }
        if privileged {
            batch.withExpertRow(row) { out in
                guard let values = current?.expertAction, values.count == out.count else { return out.update(repeating: 0) }
                for k in out.indices { out[k] = values[k] }
            }
        }
    }

    func step(_ action: UnsafeBufferPointer<Float>) -> StepOutcome {
        guard let connection, failure == nil else { return StepOutcome(success: false, done: true) }
        do {
            let reply = try connection.step(action)
            if expert && reply.expertAction == nil { throw EnvBridgeError("the step reply has no expert_action although polspec asked for it") }
            stepsTaken += 1
            current = reply
            if let text = reply.instruction { instruction = text }
            let done = reply.success || reply.done || stepsTaken >= maxSteps
            if reply.success { subtasksCompleted = 1 }
            if done { end(failure: nil) }
            return StepOutcome(success: reply.success, done: done)
        } catch {
            end(failure: "step \(stepsTaken + 1): \(error)")
            return StepOutcome(success: false, done: true)
        }
    }

    /// Ends the episode: the process goes back to the pool (replaced there if it broke).
    private func end(failure: String?) {
        self.failure = failure
        if let connection { pool.giveBack(connection) }
        connection = nil
    }
}
