import Foundation

/// One calvin-like episode: a chain of subtasks played without resetting the scene (CALVIN's
/// long-horizon protocol: at most 360 steps per subtask, the next instruction as soon as the oracle
/// says the current one is done, the first failure ends the chain), or — for demonstrations — a
/// single subtask reached by letting the expert play the chain's earlier subtasks unrecorded.
///
/// Observations: `agentview` (the static camera) and `wrist` images with their camera fields,
/// `proprio` (CALVIN's 15-D `robot_obs`), `scene_obs` (its 24-D privileged scene state) and the
/// current `instruction`. Action: 7-D relative, up to 2 cm and 0.05 rad per step, gripper binarised
/// with -1 close, +1 open.
public final class CalvinEnvironment: CameraEnvironment, ExpertEnvironment {
    /// CALVIN's `rel_actions`: position x 50 and Euler x 20 clipped to [-1, 1], gripper -1 close / +1 open.
    public static let arm = ArmAction(positionScale: 0.02, yawScale: 0.05, closeSign: -1, binaryGripper: true)
    /// Steps per subtask (CALVIN's EP_LEN).
    public static let stepsPerSubtask = 360
    /// Field numbers in the order ``CalvinSuite/observationFields(for:)`` declares them.
    static let proprioField = CameraSensor.fieldCount, sceneField = CameraSensor.fieldCount + 1
    static let instructionField = CameraSensor.fieldCount + 2

    public private(set) var scene: CalvinScene
    /// The subtasks this episode plays, in order.
    public let subtasks: [String]
    public private(set) var completed = 0
    public private(set) var stepsTaken = 0
    public private(set) var stepsInSubtask = 0
    public let maxSteps: Int
    private var start: CalvinScene
    private var expert: ExpertPlan
    private var lastGripper: Float = 1
    private let sensor: CameraSensor
    /// The robot base of the arm whose joint angles `robot_obs` reports.
    static let arm7 = PandaLikeArm(base: Vec3(0, -0.05, 0))

    /// An episode in `variant` from the symbolic `state`, playing `chain[skip...]` after the expert
    /// played `chain[..<skip]` unrecorded (nil if the expert failed there).
    private let depthField: Int?
    private var noise: EpisodeNoise
    private var styled: StyledExpert
    public var expertStyle: ExpertStyle { styled.style }
    /// The positions in `scene_obs` that observation noise perturbs (the three blocks').
    static let blockPositionIndices = [6, 7, 8, 12, 13, 14, 18, 19, 20]

    public init?(variant: CalvinVariant, state: [String: String], yaws: [Double], chain: [String], skip: Int = 0, imageSize: Int,
                 depth: Bool = false, noise: EpisodeNoise = EpisodeNoise(conditions: .ideal, seed: 0, actionDimension: ArmAction.dimension),
                 style: ExpertStyle = .plain) {
        depthField = depth ? Self.instructionField + 1 : nil
        self.noise = noise
        scene = CalvinScene(variant: variant, state: state, yaws: yaws)
        noise.prepare(&scene.world)
        styled = StyledExpert(style: style.withoutGraspYaw, start: scene.world.gripper.position, workspace: scene.world.workspace)
        subtasks = Array(chain[skip...])
        maxSteps = subtasks.count * Self.stepsPerSubtask
        // The stage and camera sizes are fixed and valid (the camera jitter's scale is validated).
        sensor = try! CameraSensor(rig: noise.cameras(CalvinSuite.cameras), stage: scene.stage, side: imageSize)
        start = scene
        expert = CalvinExperts.plan(chain[0], start: scene)
        for task in chain[..<skip] {
            start = scene
            expert = CalvinExperts.plan(task, start: scene)
            var done = false
            for _ in 0..<Self.stepsPerSubtask where !done {
                let action = Self.arm.action(for: expert.motion(scene.world), gripper: scene.world.gripper)
                action.withUnsafeBufferPointer { apply($0) }
                done = CalvinOracle.success(task, start: start, now: scene)
            }
            guard done else { return nil }
        }
        start = scene
        expert = CalvinExperts.plan(subtasks[0], start: scene)
        // The detour starts where the hand is when the recorded part begins.
        styled = StyledExpert(style: style.withoutGraspYaw, start: scene.world.gripper.position, workspace: scene.world.workspace)
        sensor.invalidate()
    }

    public var world: World { scene.world }
    public var subtasksCompleted: Int { completed }
    public var subtask: String? { subtasks[min(completed, subtasks.count - 1)] }
    public var chain: [String]? { subtasks }
    public var instruction: String { CalvinTask.named(subtask!)!.instruction }

    /// CALVIN's 15-D `robot_obs`: tool centre point position, its Euler angles (roll pi: pointing
    /// down, pitch 0, yaw), the gripper opening width, the 7 arm joint angles and the last gripper action.
    public func writeProprio(into out: UnsafeMutableBufferPointer<Float>) {
        let g = scene.world.gripper
        out[0] = Float(g.position.x); out[1] = Float(g.position.y); out[2] = Float(g.position.z)
        out[3] = Float(Double.pi); out[4] = 0; out[5] = Float(ArmAction.angleDifference(g.yaw, 0))
        out[6] = Float(g.gap)
        let joints = Self.arm7.joints(tcp: g.position, yaw: g.yaw)
        for k in 0..<7 { out[7 + k] = Float(joints[k]) }
        out[14] = lastGripper
    }

    public func writeObservation(into batch: inout ObservationBatch, row: Int, privileged: Bool) {
        let w = scene.world
        sensor.write(into: &batch, row: row, base: 0, depthBase: depthField, world: w, step: w.steps) {
            [w.gripper.position] + scene.blocks.map { w.bodies[$0].position }
                + [w.fixtures[scene.drawer].partBounds(1).center, w.fixtures[scene.door].partBounds(1).center,
                   w.fixtures[scene.button].partBounds(0).center, w.fixtures[scene.lightSwitch].partBounds(0).center]
        }
        if batch.isRequested(Self.proprioField) {
            batch.withFloatRow(field: Self.proprioField, row: row) { out in
                writeProprio(into: out)
                if !privileged { noise.addObservationNoise(to: out, indices: 0..<3, step: stepsTaken) }
            }
        }
        if batch.isRequested(Self.sceneField) {
            batch.withFloatRow(field: Self.sceneField, row: row) { out in
                scene.writeSceneObservation(into: out)
                if !privileged { noise.addObservationNoise(to: out, indices: Self.blockPositionIndices, step: stepsTaken, stream: 1) }
            }
        }
        batch.setText(field: Self.instructionField, row: row, instruction)
        if privileged, batch.expertDimension > 0 {
            let action = styled.action(for: expert, world: w, arm: Self.arm, step: stepsTaken)
            batch.withExpertRow(row) { out in for i in 0..<ArmAction.dimension { out[i] = action[i] } }
        }
    }

    private func apply(_ action: UnsafeBufferPointer<Float>) {
        scene.world.step(Self.arm.command(action))
        scene.update()
        lastGripper = action[6].isNaN || action[6] >= 0 ? 1 : -1
    }

    public func step(_ action: UnsafeBufferPointer<Float>) -> StepOutcome {
        precondition(completed < subtasks.count && stepsInSubtask < Self.stepsPerSubtask, "stepping a finished episode")
        noise.perturb(action) { apply($0) }
        stepsTaken += 1
        stepsInSubtask += 1
        styled.update(hand: scene.world.gripper.position, step: stepsTaken)
        if CalvinOracle.success(subtasks[completed], start: start, now: scene) {
            completed += 1
            if completed == subtasks.count { return StepOutcome(success: true, done: true) }
            start = scene
            stepsInSubtask = 0
            expert = CalvinExperts.plan(subtasks[completed], start: scene)
            return StepOutcome(success: false, done: false, subtaskStarted: true)
        }
        return StepOutcome(success: false, done: stepsInSubtask >= Self.stepsPerSubtask)
    }

    public func snapshot() -> Render.RGBImage { sensor.snapshot(world: scene.world, step: scene.world.steps) }

    public func prepareCameras(for batch: ObservationBatch) {
        sensor.prepare(for: batch, base: 0, depthBase: depthField, world: scene.world, step: scene.world.steps)
    }
}
