/// The stochastic conditions of a run's episodes: per-episode initial-state noise, optional action
/// and observation noise, the position controller's actuation model, and the cameras' per-episode
/// pose randomisation. Every value is a
/// documented suite parameter (docs/bench.md, "Stochasticity"), recorded in demo manifests and
/// printed in every report's header. Each episode draws its noise from its own seed.
public struct SuiteConditions: Sendable, Equatable, Codable {
    /// Scale of the per-episode initial-state noise: 1 moves the hand start by up to
    /// ``handJitter`` per axis and every free body by up to ``bodyJitter`` in x and y (boxes also
    /// turn by up to ``yawJitter``); 0 turns it off.
    public var initialNoise: Double
    /// Standard deviation of Gaussian noise added to every executed action value, in action units
    /// (before clipping to [-1, 1]).
    public var actionNoise: Double
    /// Standard deviation of Gaussian noise added to the positions a policy observes (the
    /// metaworld-like state's positions, proprioceptive positions, libero-like keypoints, calvin-like
    /// block positions), metres. Experts see the clean values.
    public var observationNoise: Double
    /// The position controller's lag in [0, 1): the achieved move is `lag` times the last step's
    /// achieved move plus `1 - lag` times this step's command.
    public var actuationLag: Double
    /// The controller's per-episode gain error: each axis tracks its command times a gain drawn
    /// uniformly from 1 ± this.
    public var actuationGainError: Double
    /// Standard deviation of the controller's tracking error per step and axis, metres.
    public var trackingNoise: Double
    /// Scale of the per-episode camera pose jitter of the suites with cameras
    /// (``CameraRig/jittered(scale:_:)``): 1 moves the agentview eye by up to 5 cm and its target by
    /// up to 3 cm per axis and its field of view by up to 3 degrees, the wrist camera by up to 1 cm
    /// (eye) and 2 cm (target) in the gripper frame; 0 (the default) keeps them fixed.
    public var cameraRandomization: Double

    /// The hand start's noise per axis at ``initialNoise`` 1, metres.
    public static let handJitter = 0.01
    /// A free body's noise in x and y at ``initialNoise`` 1, metres.
    public static let bodyJitter = 0.005
    /// A box-shaped body's yaw noise at ``initialNoise`` 1, radians.
    public static let yawJitter = 0.05

    public init(initialNoise: Double = 1, actionNoise: Double = 0, observationNoise: Double = 0, actuationLag: Double = 0.3,
                actuationGainError: Double = 0.05, trackingNoise: Double = 0.0005, cameraRandomization: Double = 0) {
        self.initialNoise = initialNoise
        self.actionNoise = actionNoise
        self.observationNoise = observationNoise
        self.actuationLag = actuationLag
        self.actuationGainError = actuationGainError
        self.trackingNoise = trackingNoise
        self.cameraRandomization = cameraRandomization
    }

    /// The suites' defaults.
    public static let standard = SuiteConditions()
    /// No noise and an ideal controller: every episode of a configuration is the same.
    public static let ideal = SuiteConditions(initialNoise: 0, actuationLag: 0, actuationGainError: 0, trackingNoise: 0)

    /// Checks the ranges; the message names the command-line option.
    public func validate() throws {
        let checks: [(String, Double, ClosedRange<Double>)] = [
            ("--init-noise", initialNoise, 0...10), ("--action-noise", actionNoise, 0...10),
            ("--obs-noise", observationNoise, 0...1), ("--actuation-lag", actuationLag, 0...0.95),
            ("--actuation-gain-error", actuationGainError, 0...0.5), ("--tracking-noise", trackingNoise, 0...0.05),
            ("--camera-randomization", cameraRandomization, 0...2),
        ]
        for (option, value, range) in checks where !(value.isFinite && range.contains(value)) {
            throw BenchUsageError("\(option) must be a number in [\(range.lowerBound), \(range.upperBound)]; got \(value)")
        }
    }

    /// One line for report headers and logs.
    public var summary: String {
        func n(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }
        return "init noise \(n(initialNoise)) · action noise \(n(actionNoise)) · obs noise \(n(observationNoise)) m · "
            + "actuation lag \(n(actuationLag)), gain error ±\(n(actuationGainError)), tracking noise \(n(trackingNoise)) m · "
            + "camera randomization \(n(cameraRandomization))"
    }

    enum CodingKeys: String, CodingKey {
        case initialNoise = "initial_noise"
        case actionNoise = "action_noise"
        case observationNoise = "observation_noise"
        case actuationLag = "actuation_lag"
        case actuationGainError = "actuation_gain_error"
        case trackingNoise = "tracking_noise"
        case cameraRandomization = "camera_randomization"
    }

    /// Reads conditions; records made before camera randomisation existed had none (0).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        initialNoise = try c.decode(Double.self, forKey: .initialNoise)
        actionNoise = try c.decode(Double.self, forKey: .actionNoise)
        observationNoise = try c.decode(Double.self, forKey: .observationNoise)
        actuationLag = try c.decode(Double.self, forKey: .actuationLag)
        actuationGainError = try c.decode(Double.self, forKey: .actuationGainError)
        trackingNoise = try c.decode(Double.self, forKey: .trackingNoise)
        cameraRandomization = try c.decodeIfPresent(Double.self, forKey: .cameraRandomization) ?? 0
    }
}
