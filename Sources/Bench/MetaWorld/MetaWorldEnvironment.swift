/// One Meta-World-like episode: a scene, the 39-D observation with its one-step history, the 4-D
/// action (dx, dy, dz scaled to at most 1 cm, gripper effort with +1 = close) and the 500-step cap.
public final class MetaWorldEnvironment: ExpertEnvironment {
    /// Metres per unit of action (Meta-World's `action_scale`).
    public static let actionScale = 0.01
    /// Meta-World's `max_path_length`.
    public static let maxPathLength = 500
    /// Observation field numbers, in the order `MetaWorldSuite.observationFields` declares them.
    public static let stateField = 0, taskIDField = 1, instructionField = 2, proprioField = 3

    public private(set) var scene: MetaWorldScene
    public let instruction: String
    public let taskIndex: Int
    public let taskCount: Int
    public let goalVisible: Bool
    public let maxSteps = MetaWorldEnvironment.maxPathLength
    public private(set) var stepsTaken = 0
    public private(set) var succeeded = false
    /// The true 0:18 of the state now and one step ago (what experts read).
    private var current = [Double](repeating: 0, count: 18)
    private var previous = [Double](repeating: 0, count: 18)
    /// ... and as policies observe them, with the observation noise.
    private var observed = [Float](repeating: 0, count: 18)
    private var observedPrevious = [Float](repeating: 0, count: 18)
    private var noise: EpisodeNoise

    /// The task's scripted expert (reads the privileged observation).
    private let expert: @Sendable (MetaWorldObservation) -> SIMD4<Double>
    /// The episode's expert style (its detour, speed and pause; the gripper does not turn here).
    private var styled: StyledExpert
    public var expertStyle: ExpertStyle { styled.style }

    /// The positions in 0:18 that observation noise perturbs (hand, object 1, object 2).
    static let positionIndices = [0, 1, 2, 4, 5, 6, 11, 12, 13]

    public init(scene: MetaWorldScene, instruction: String, taskIndex: Int, taskCount: Int, goalVisible: Bool,
                expert: @escaping @Sendable (MetaWorldObservation) -> SIMD4<Double>,
                noise: EpisodeNoise = EpisodeNoise(conditions: .ideal, seed: 0, actionDimension: 4), style: ExpertStyle = .plain) {
        self.scene = scene
        self.expert = expert
        styled = StyledExpert(style: style, start: scene.world.gripper.position, workspace: scene.world.workspace)
        self.instruction = instruction
        self.taskIndex = taskIndex
        self.taskCount = taskCount
        self.goalVisible = goalVisible
        self.noise = noise
        measure()
        previous = current
        observedPrevious = observed
    }

    /// The simulated world now.
    public var world: World { scene.world }
    public var subtasksCompleted: Int { succeeded ? 1 : 0 }

    /// Writes the 39 state values as the policy observes them; `privileged` writes the true values
    /// (no observation noise) and shows the goal even when it is hidden.
    public func writeState(into out: UnsafeMutableBufferPointer<Float>, privileged: Bool = false) {
        for i in 0..<18 {
            out[i] = privileged ? Float(current[i]) : observed[i]
            out[18 + i] = privileged ? Float(previous[i]) : observedPrevious[i]
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
        if batch.isRequested(Self.proprioField) {
            batch.withFloatRow(field: Self.proprioField, row: row) { out in
                for i in 0..<4 { out[i] = privileged ? Float(current[i]) : observed[i] }
            }
        }
        if privileged, batch.expertDimension > 0 {
            let a = expertAction()
            batch.withExpertRow(row) { out in
                for i in 0..<4 { out[i] = a[i] }
            }
        }
    }

    public func step(_ action: UnsafeBufferPointer<Float>) -> StepOutcome {
        precondition(stepsTaken < maxSteps, "stepping a finished episode")
        func clamped(_ a: UnsafeBufferPointer<Float>, _ i: Int) -> Double {
            let v = Double(a[i])
            return v.isNaN ? 0 : min(max(v, -1), 1)
        }
        let command = noise.perturb(action) { a in
            SimAction(translation: Vec3(clamped(a, 0), clamped(a, 1), clamped(a, 2)) * Self.actionScale, effort: clamped(a, 3))
        }
        previous = current
        observedPrevious = observed
        scene.world.step(command)
        stepsTaken += 1
        measure()
        styled.update(hand: scene.world.gripper.position, step: stepsTaken)
        if scene.success.holds(in: scene.world, goal: scene.goal) { succeeded = true }
        return StepOutcome(success: succeeded, done: succeeded || stepsTaken >= maxSteps)
    }

    /// The styled expert's action now (read from the true state).
    public func expertAction() -> [Float] {
        let o = observation(privileged: true)
        let plain = expert(o)
        return styled.action(plain: (0..<4).map { Float(plain[$0]) }, step: stepsTaken, toward: { target in
            let a = ExpertKit.action(o.hand, to: target, grab: 0)
            return (0..<4).map { Float(a[$0]) }
        }, gripper: 3, moves: [0, 1, 2])
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
        for i in 0..<18 { observed[i] = Float(current[i]) }
        observed.withUnsafeMutableBufferPointer { noise.addObservationNoise(to: $0, indices: Self.positionIndices, step: stepsTaken) }
    }
}
