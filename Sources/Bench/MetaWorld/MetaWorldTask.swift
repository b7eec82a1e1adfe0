/// A difficulty group of Meta-World tasks (Seo et al.'s split, 28 / 11 / 6 / 5 tasks).
public enum DifficultyGroup: String, Sendable, CaseIterable, Codable {
    case easy
    case medium
    case hard
    case veryHard = "very-hard"
}

/// Something whose position (and orientation) fills a slot of the observation.
public enum ObjectRef: Sendable, Equatable {
    /// The slot holds zeros.
    case none
    /// The tool centre point.
    case hand
    /// A free body's centre and orientation.
    case body(Int)
    /// A point fixed on a free body (in its own frame), with the body's orientation.
    case bodyPoint(Int, Vec3)
    /// A point fixed on a fixture (given at q = 0), with the fixture's orientation.
    case fixturePoint(Int, Vec3)
    /// A free body's ring centre (a nut), with the body's orientation.
    case ring(Int)
}

extension World {
    /// The world position of `ref` (zero for `.none`).
    public func position(of ref: ObjectRef) -> Vec3 {
        switch ref {
        case .none: return .zero
        case .hand: return gripper.position
        case .body(let i): return bodies[i].position
        case .bodyPoint(let i, let p): return bodies[i].worldPoint(p)
        case .fixturePoint(let f, let p): return fixtures[f].worldPoint(p)
        case .ring(let i): return bodies[i].ringCenter
        }
    }

    /// The orientation quaternion (x, y, z, w) of `ref` (zero for `.none`).
    public func quaternion(of ref: ObjectRef) -> SIMD4<Double> {
        switch ref {
        case .none: return .zero
        case .hand: return SIMD4(0, 0, 0, 1)
        case .body(let i), .bodyPoint(let i, _), .ring(let i): return bodies[i].quaternion
        case .fixturePoint(let f, _): return fixtures[f].quaternion
        }
    }
}

/// One goal configuration of a task: the built world, the goal, what the observation reports as
/// objects 1 and 2, the success rule, and where the hand starts.
public struct MetaWorldScene: Sendable {
    public var world: World
    public var goal: Vec3
    public var object1: ObjectRef
    public var object2: ObjectRef
    public var success: SuccessRule

    public init(world: World, goal: Vec3, object1: ObjectRef, object2: ObjectRef = .none, success: SuccessRule) {
        self.world = world
        self.goal = goal
        self.object1 = object1
        self.object2 = object2
        self.success = success
    }
}

/// A Meta-World task: name, group, instruction, a goal sampler (a seeded scene builder) and a
/// scripted expert that reads only the 39-D observation.
public struct MetaWorldTask: Sendable {
    public var name: String
    public var group: DifficultyGroup
    public var instruction: String
    /// Draws one goal configuration; the suite retries until the scene does not start in success.
    public var sample: @Sendable (inout SimRandom) -> MetaWorldScene
    /// The scripted expert: 39-D observation in, 4-D action out.
    public var expert: @Sendable (MetaWorldObservation) -> SIMD4<Double>

    public init(name: String, group: DifficultyGroup, instruction: String,
                sample: @escaping @Sendable (inout SimRandom) -> MetaWorldScene,
                expert: @escaping @Sendable (MetaWorldObservation) -> SIMD4<Double>) {
        self.name = name
        self.group = group
        self.instruction = instruction
        self.sample = sample
        self.expert = expert
    }

    public var info: TaskInfo { TaskInfo(name: name, group: group.rawValue, instruction: instruction) }
}
