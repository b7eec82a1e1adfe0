import Foundation

/// One libero-like episode: an initial state after 10 settle steps with the no-op action, the
/// 7-D delta end-effector action (gripper -1 open, +1 close), success when the goal holds at any
/// step (its ``EpisodeGoal`` sees the settled state and every step after it), and the suite's step cap.
public final class LiberoEnvironment: CameraEnvironment, ExpertEnvironment {
    /// How an action moves the gripper: up to 1.5 cm and 0.1 rad per step.
    public static let arm = ArmAction(positionScale: 0.015, yawScale: 0.1, closeSign: 1, binaryGripper: false)
    /// No-op steps before the policy acts (objects settle), as in the VLA evaluation scripts.
    public static let settleSteps = 10
    /// Field numbers in the order ``LiberoSuite/observationFields(for:)`` declares them.
    static let proprioField = CameraSensor.fieldCount, instructionField = CameraSensor.fieldCount + 1

    public private(set) var scene: LiberoScene
    public let task: LiberoTask
    public let instruction: String
    public let maxSteps: Int
    public private(set) var stepsTaken = 0
    public private(set) var succeeded = false
    private let sensor: CameraSensor

    private let depthField: Int?
    private var noise: EpisodeNoise
    private var styled: StyledExpert
    /// Which way the expert takes bodies (``ExpertStyle/graspYaw``).
    private let graspYaw: Int
    public var expertStyle: ExpertStyle { styled.style }

    public init(task: LiberoTask, scene: LiberoScene, imageSize: Int, depth: Bool = false,
                noise: EpisodeNoise = EpisodeNoise(conditions: .ideal, seed: 0, actionDimension: ArmAction.dimension),
                style: ExpertStyle = .plain) throws {
        depthField = depth ? Self.instructionField + 1 : nil
        self.task = task
        self.scene = scene
        graspYaw = style.graspYaw
        self.noise = noise
        styled = StyledExpert(style: style, start: scene.world.gripper.position, workspace: scene.world.workspace)
        instruction = task.instruction
        maxSteps = task.family.maxSteps
        sensor = try CameraSensor(rig: noise.cameras(LiberoSuite.cameras), stage: LiberoSuite.stage, side: imageSize)
        let noop: [Float] = [0, 0, 0, 0, 0, 0, -1]
        for _ in 0..<Self.settleSteps {
            noop.withUnsafeBufferPointer { self.scene.world.step(Self.arm.command($0)) }
        }
        self.scene.goal.begin(self.scene.world)
        // The detour starts where the hand is after settling.
        styled = StyledExpert(style: style, start: self.scene.world.gripper.position, workspace: self.scene.world.workspace)
    }

    public var world: World { scene.world }
    public var subtasksCompleted: Int { succeeded ? 1 : 0 }

    /// The 8-D proprioception: end-effector position, its orientation as an axis-angle vector (a
    /// gripper pointing down turned by yaw psi is a half turn about (cos psi/2, sin psi/2, 0)), and the
    /// two finger joint positions (+gap/2, -gap/2).
    public func writeProprio(into out: UnsafeMutableBufferPointer<Float>) {
        let g = scene.world.gripper
        out[0] = Float(g.position.x); out[1] = Float(g.position.y); out[2] = Float(g.position.z)
        out[3] = Float(Double.pi * cos(g.yaw / 2)); out[4] = Float(Double.pi * sin(g.yaw / 2)); out[5] = 0
        out[6] = Float(g.gap / 2); out[7] = Float(-g.gap / 2)
    }

    public func writeObservation(into batch: inout ObservationBatch, row: Int, privileged: Bool) {
        let w = scene.world
        sensor.write(into: &batch, row: row, base: 0, depthBase: depthField, world: w, step: w.steps) {
            privileged ? scene.keypoints() : noise.perturbed(scene.keypoints(), step: stepsTaken, stream: 1)
        }
        if batch.isRequested(Self.proprioField) {
            batch.withFloatRow(field: Self.proprioField, row: row) { out in
                writeProprio(into: out)
                if !privileged { noise.addObservationNoise(to: out, indices: 0..<3, step: stepsTaken) }
            }
        }
        batch.setText(field: Self.instructionField, row: row, instruction)
        if privileged, batch.expertDimension > 0 {
            var plan = scene.goal.plan
            plan.graspYawChoice = graspYaw
            let action = styled.action(for: plan, world: w, arm: Self.arm, step: stepsTaken)
            batch.withExpertRow(row) { out in for i in 0..<ArmAction.dimension { out[i] = action[i] } }
        }
    }

    public func step(_ action: UnsafeBufferPointer<Float>) -> StepOutcome {
        precondition(stepsTaken < maxSteps, "stepping a finished episode")
        let command = noise.perturb(action) { Self.arm.command($0) }
        scene.world.step(command)
        scene.refreshIndicators()
        stepsTaken += 1
        styled.update(hand: scene.world.gripper.position, step: stepsTaken)
        if scene.goal.update(scene.world) { succeeded = true }
        return StepOutcome(success: succeeded, done: succeeded || stepsTaken >= maxSteps)
    }

    public func snapshot() -> Render.RGBImage { sensor.snapshot(world: scene.world, step: scene.world.steps) }

    public func prepareCameras(for batch: ObservationBatch) {
        sensor.prepare(for: batch, base: 0, depthBase: depthField, world: scene.world, step: scene.world.steps)
    }
}
