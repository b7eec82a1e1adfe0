/// One Meta-World-like episode: a scene, the 39-D observation with its one-step history, the 4-D
/// action (dx, dy, dz scaled to at most 1 cm, gripper effort with +1 = close) and the 500-step cap.
public final class MetaWorldEnvironment: BenchEnvironment {
    /// Metres per unit of action (Meta-World's `action_scale`).
    public static let actionScale = 0.01
    /// Meta-World's `max_path_length`.
    public static let maxPathLength = 500
    /// Observation field numbers, in the order `MetaWorldSuite.observationFields` declares them.
    public static let stateField = 0, taskIDField = 1, instructionField = 2

    public private(set) var scene: MetaWorldScene
    public let instruction: String
    public let taskIndex: Int
    public let taskCount: Int
    public let goalVisible: Bool
    public let maxSteps = MetaWorldEnvironment.maxPathLength
    public private(set) var stepsTaken = 0
    public private(set) var succeeded = false
    private var current = [Double](repeating: 0, count: 18)
    private var previous = [Double](repeating: 0, count: 18)

    /// The task's scripted expert (reads the privileged observation).
    private let expert: @Sendable (MetaWorldObservation) -> SIMD4<Double>

    public init(scene: MetaWorldScene, instruction: String, taskIndex: Int, taskCount: Int, goalVisible: Bool,
                expert: @escaping @Sendable (MetaWorldObservation) -> SIMD4<Double>) {
        self.scene = scene
        self.expert = expert
        self.instruction = instruction
        self.taskIndex = taskIndex
        self.taskCount = taskCount
        self.goalVisible = goalVisible
        measure()
        previous = current
    }

    /// The simulated world now.
    public var world: World { scene.world }
    public var subtasksCompleted: Int { succeeded ? 1 : 0 }

    /// Writes the 39 state values; with `privileged` the goal is shown even when hidden.
    public func writeState(into out: UnsafeMutableBufferPointer<Float>, privileged: Bool = false) {
        for i in 0..<18 {
            out[i] = Float(current[i])
            out[18 + i] = Float(previous[i])
        }
        let show = goalVisible || privileged
        for i in 0..<3 { out[36 + i] = show ? Float(scene.goal[i]) : 0 }
    }

    /// The 39 state values as doubles (for experts and tests).
    public func observation(privileged: Bool = false) -> MetaWorldObservation {
        var floats = [Float](repeating: 0, count: MetaWorldObservation.count)
        floats.withUnsafeMutableBufferPointer { writeState(into: $0, privileged: privileged) }
        return MetaWorldObservation(floats)
    }

    public func writeObservation(into batch: inout ObservationBatch, row: Int, privileged: Bool) {
        batch.withFloatRow(field: Self.stateField, row: row) { writeState(into: $0, privileged: privileged) }
        batch.withFloatRow(field: Self.taskIDField, row: row) { out in
            for i in 0..<out.count { out[i] = i == taskIndex ? 1 : 0 }
        }
        batch.setText(field: Self.instructionField, row: row, instruction)
        if privileged, batch.expertDimension > 0 {
            let a = expert(observation(privileged: true))
            batch.withExpertRow(row) { out in
                for i in 0..<4 { out[i] = Float(a[i]) }
            }
        }
    }

    public func step(_ action: UnsafeBufferPointer<Float>) -> StepOutcome {
        precondition(stepsTaken < maxSteps, "stepping a finished episode")
        func clamped(_ i: Int) -> Double {
            let v = Double(action[i])
            return v.isNaN ? 0 : min(max(v, -1), 1)
        }
        let move = Vec3(clamped(0), clamped(1), clamped(2)) * Self.actionScale
        previous = current
        scene.world.step(SimAction(translation: move, effort: clamped(3)))
        stepsTaken += 1
        measure()
        if scene.success.holds(in: scene.world, goal: scene.goal) { succeeded = true }
        return StepOutcome(success: succeeded, done: succeeded || stepsTaken >= maxSteps)
    }

    /// Whether the task is solved in the current state.
    public var isSuccess: Bool { scene.success.holds(in: scene.world, goal: scene.goal) }

    private func measure() {
        let w = scene.world
        let hand = w.gripper.position
        let p1 = w.position(of: scene.object1), q1 = w.quaternion(of: scene.object1)
        let p2 = w.position(of: scene.object2), q2 = w.quaternion(of: scene.object2)
        current[0] = hand.x; current[1] = hand.y; current[2] = hand.z
        current[3] = w.gripper.opening
        current[4] = p1.x; current[5] = p1.y; current[6] = p1.z
        current[7] = q1.x; current[8] = q1.y; current[9] = q1.z; current[10] = q1.w
        current[11] = p2.x; current[12] = p2.y; current[13] = p2.z
        current[14] = q2.x; current[15] = q2.y; current[16] = q2.z; current[17] = q2.w
    }
}
