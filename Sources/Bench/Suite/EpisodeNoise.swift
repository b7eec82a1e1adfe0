/// One episode's noise under a run's ``SuiteConditions``: every stream is derived from the
/// episode's seed (and, for observations, the step), so an episode plays the same whatever the
/// batch, thread or shard that runs it.
public struct EpisodeNoise: Sendable {
    public let conditions: SuiteConditions
    public let seed: UInt64
    private var actions: SimRandom
    /// Scratch space for a perturbed action (no allocation per step).
    private var scratch: [Float]

    public init(conditions: SuiteConditions, seed: UInt64, actionDimension: Int) {
        self.conditions = conditions
        self.seed = seed
        actions = SimRandom(keys: seed, SimRandom.hash("action"))
        scratch = [Float](repeating: 0, count: actionDimension)
    }

    /// A generator for anything else the episode draws (`purpose` names the stream, e.g. `expert`).
    public func random(_ purpose: String) -> SimRandom { SimRandom(keys: seed, SimRandom.hash(purpose)) }

    /// Moves a freshly built world's hand start and free bodies by the initial-state noise, gives it
    /// the episode's actuation model, and lets it settle. Bodies that rest on something that is not
    /// the table, an obstacle or a fixture part move with it; a body that would then overlap
    /// something keeps its place.
    public func prepare(_ world: inout World) {
        var rng = random("initial")
        let scale = conditions.initialNoise
        if scale > 0 {
            let j = SuiteConditions.handJitter * scale
            let hand = world.gripper.position + Vec3(rng.uniform(-j, j), rng.uniform(-j, j), rng.uniform(-j, j))
            world.gripper.position = hand.clamped(lowerBound: world.workspace.min, upperBound: world.workspace.max)
            world.jitterBodies(by: SuiteConditions.bodyJitter * scale, yaw: SuiteConditions.yawJitter * scale, &rng)
        }
        var actuation = random("actuation")
        let e = conditions.actuationGainError
        world.parameters.actuationLag = conditions.actuationLag
        world.parameters.actuationGain = Vec3(1 + actuation.uniform(-e, e), 1 + actuation.uniform(-e, e), 1 + actuation.uniform(-e, e))
        world.parameters.trackingNoise = conditions.trackingNoise
        world.actuationRandom = actuation
        world.settle()
    }

    /// The episode's cameras: `rig` jittered by the camera randomisation (``SuiteConditions/cameraRandomization``).
    public func cameras(_ rig: CameraRig) -> CameraRig {
        var rng = random("camera")
        return rig.jittered(scale: conditions.cameraRandomization, &rng)
    }

    /// Calls `body` with `action` plus the action noise (clipped to [-1, 1]; NaN stays NaN), or
    /// with `action` itself when there is none.
    public mutating func perturb<R>(_ action: UnsafeBufferPointer<Float>, _ body: (UnsafeBufferPointer<Float>) -> R) -> R {
        let sigma = conditions.actionNoise
        guard sigma > 0 else { return body(action) }
        for i in 0..<min(action.count, scratch.count) {
            scratch[i] = Float(min(max(Double(action[i]) + sigma * actions.normal(), -1), 1))
            if action[i].isNaN { scratch[i] = .nan }
        }
        return scratch.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[0..<min(action.count, scratch.count)])) }
    }

    /// Adds the observation noise of step `step` to `values[i]` for every `i` in `indices`.
    public func addObservationNoise(to values: UnsafeMutableBufferPointer<Float>, indices: some Sequence<Int>, step: Int, stream: UInt64 = 0) {
        let sigma = conditions.observationNoise
        guard sigma > 0 else { return }
        var rng = SimRandom(keys: seed, SimRandom.hash("observation"), stream, UInt64(step))
        for i in indices { values[i] += Float(sigma * rng.normal()) }
    }

    /// `points` with the observation noise of step `step` (drawn from stream `stream`).
    public func perturbed(_ points: [Vec3], step: Int, stream: UInt64) -> [Vec3] {
        let sigma = conditions.observationNoise
        guard sigma > 0 else { return points }
        var rng = SimRandom(keys: seed, SimRandom.hash("observation"), stream, UInt64(step))
        return points.map { $0 + Vec3(rng.normal(), rng.normal(), rng.normal()) * sigma }
    }
}

extension World {
    /// Moves every free body resting on the table, an obstacle or a fixture part by up to `distance`
    /// in x and y (box-shaped bodies also turn by up to `yaw`), carrying what rests on it; a body
    /// that would then overlap another body or an obstacle stays where it was.
    mutating func jitterBodies(by distance: Double, yaw turn: Double, _ rng: inout SimRandom) {
        for i in bodies.indices {
            switch bodies[i].support {
            case .table, .obstacle, .fixturePart: break
            case .none, .body: continue
            }
            let offset = Vec3(rng.uniform(-distance, distance), rng.uniform(-distance, distance), 0)
            let dyaw = bodies[i].shape == .box ? rng.uniform(-turn, turn) : 0
            var moved = bodies[i]
            moved.position += offset
            moved.yaw += dyaw
            let box = moved.bounds
            let clear = !obstacles.contains { $0.box.overlaps(box) }
                && !bodies.indices.contains { j in j != i && bodies[j].support != .body(i) && bodies[j].bounds.overlaps(box) }
            guard clear else { continue }
            bodies[i] = moved
            for j in bodies.indices where bodies[j].support == .body(i) { bodies[j].position += offset }
        }
    }
}
