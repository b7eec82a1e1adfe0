/// "Press the button N times": a push button that springs back (``Fixture/returnSpeed``), so the
/// presses so far are not visible in the scene. A press is counted when the button goes down past
/// ``downAt`` of its travel after having come back up to ``upAt`` or less. The task is achieved once
/// exactly `count` presses have been counted and the button has then stayed up for ``confirmSteps``
/// steps; one press more fails the episode for good (it can no longer succeed).
public struct PressCountGoal: EpisodeGoal {
    /// The travel fractions of a press and of a release (hysteresis).
    public static let downAt = 0.8, upAt = 0.2
    /// Steps the button must stay up after the last press before the task counts as achieved.
    public static let confirmSteps = 25
    /// How high above the cap the expert lifts its fingers between presses, and waits at the end, metres.
    static let liftHeight = 0.04, restHeight = 0.08

    public let button: Int
    public let count: Int
    public private(set) var presses = 0
    public private(set) var isDown = false
    /// Steps since the button last came up.
    public private(set) var stepsUp = 0

    public init(button: Int, count: Int) {
        precondition(count > 0, "a press count goal needs at least one press")
        self.button = button
        self.count = count
    }

    /// Pressed more often than asked: the episode cannot succeed any more.
    public var overshot: Bool { presses > count }

    public mutating func begin(_ world: World) {
        presses = 0
        stepsUp = 0
        isDown = world.fixtures[button].openness >= Self.downAt
    }

    public mutating func update(_ world: World) -> Bool {
        let openness = world.fixtures[button].openness
        if !isDown, openness >= Self.downAt {
            isDown = true
            presses += 1
        } else if isDown, openness <= Self.upAt {
            isDown = false
            stepsUp = 0
        }
        if !isDown { stepsUp += 1 }
        return presses == count && !isDown && stepsUp >= Self.confirmSteps
    }

    /// Lift off while the button is down, press while presses are missing, then wait above it.
    public var plan: ExpertPlan {
        let button = button, never: @Sendable (World) -> Bool = { _ in false }
        let motion: @Sendable (World) -> Motion
        if isDown {
            motion = { Manipulator.liftOff($0, button: button, height: Self.liftHeight) }
        } else if presses < count {
            motion = { Manipulator.press($0, button: button) }
        } else {
            motion = { Manipulator.liftOff($0, button: button, height: Self.restHeight) }
        }
        return ExpertPlan([.custom(motion: motion, done: never)])
    }
}
