/// A scripted expert as an ordered list of stages, each with the test that says it is done. Every
/// step the expert works on the first stage that is not done, so it needs no memory and resumes
/// from any state (a stage undone by accident is simply done again).
public struct ExpertPlan: Sendable {
    /// One stage of a plan.
    public enum Stage: Sendable {
        /// Put body `body` so that it rests at the spot `at` gives (its centre just above its resting place).
        case place(body: Int, at: @Sendable (World) -> Vec3, done: @Sendable (World) -> Bool)
        /// Drive fixture `fixture` by handle part `handle` to joint value `to`, fingers at `yaw`.
        case operate(fixture: Int, handle: Int, to: Double, yaw: Double, done: @Sendable (World) -> Bool)
        /// Push body `body` along the table to `to` with the fingers at height `z`.
        case push(body: Int, to: Vec3, z: Double, done: @Sendable (World) -> Bool)
        /// Any other skill: the motion for the world now.
        case custom(motion: @Sendable (World) -> Motion, done: @Sendable (World) -> Bool)

        var done: @Sendable (World) -> Bool {
            switch self {
            case .place(_, _, let d), .operate(_, _, _, _, let d), .push(_, _, _, let d), .custom(_, let d): d
            }
        }
    }

    public var stages: [Stage]
    /// The finger gap opened around handles (nil: fully open, for grippers that only open or close).
    public var handleGap: Double?
    /// Which way `place` stages take their bodies (``ExpertStyle/graspYaw``).
    public var graspYawChoice = 0

    public init(_ stages: [Stage], handleGap: Double? = Manipulator.handleGap) {
        self.stages = stages
        self.handleGap = handleGap
    }

    /// The motion for the world now: the first unfinished stage's, or holding still when all are done.
    public func motion(_ w: World) -> Motion {
        for stage in stages where !stage.done(w) {
            switch stage {
            case .place(let body, let at, _):
                return Manipulator.place(w, body, at: at(w), yawChoice: graspYawChoice)
            case .operate(let f, let handle, let q, let yaw, _):
                if let m = Manipulator.operate(w, fixture: f, handle: handle, to: q, yaw: yaw, gap: handleGap) { return m }
            case .push(let body, let to, let z, _):
                return Manipulator.push(w, body, to: to, z: z)
            case .custom(let motion, _):
                return motion(w)
            }
        }
        return Motion(target: w.gripper.position, grip: w.gripper.held == .nothing ? -1 : 1)
    }
}
