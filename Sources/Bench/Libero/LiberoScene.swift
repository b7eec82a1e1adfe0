/// One initial state of a libero-like task: the built world, the goal over the episode (the BDDL
/// goal's predicates, all of which must hold, or a history goal of the memory tasks) with its
/// scripted expert, and what the cameras' keypoints follow.
public struct LiberoScene: Sendable {
    public var world: World
    public var goal: any EpisodeGoal
    /// Bodies whose centres are keypoints 1... (keypoint 0 is the tool centre point), in an order
    /// fixed per scene that does not depend on the task: distractors included, the target not first.
    public var keypointBodies: [Int]
    /// Stoves whose burners glow while their knob is on.
    public var stoves: [Furniture.Stove]

    /// A scene whose keypoints follow `keypointBodies`, by default every body in the order the scene
    /// builder added them (each builder adds a scene's objects in the same order for every task).
    public init(world: World, goal: any EpisodeGoal, keypointBodies: [Int]? = nil, stoves: [Furniture.Stove] = []) {
        self.world = world
        self.goal = goal
        self.keypointBodies = keypointBodies ?? Array(world.bodies.indices)
        self.stoves = stoves
    }

    /// A scene whose goal is a predicate on the world now (every goal predicate holds), with one expert plan.
    public init(world: World, goal: @escaping @Sendable (World) -> Bool, expert: ExpertPlan, keypointBodies: [Int]? = nil,
                stoves: [Furniture.Stove]) {
        self.init(world: world, goal: StateGoal(goal, plan: expert), keypointBodies: keypointBodies, stoves: stoves)
    }

    /// Keypoints per observation (the tool centre point and up to 7 objects).
    public static let keypointCount = 8

    /// The burner colours of an off and a lit stove.
    static let burnerOff = Props.Palette.black, burnerOn = SIMD3<Float>(0.95, 0.25, 0.05)

    /// Updates what the state shows but the rules do not move: burners glow while their knob is on.
    mutating func refreshIndicators() {
        for s in stoves {
            world.obstacles[s.burner].color = world.fixtures[s.knob].q >= Furniture.Stove.onAngle ? Self.burnerOn : Self.burnerOff
        }
    }

    /// The keypoints' world positions now (padded with (0, 0, -1) when the scene has fewer objects).
    func keypoints() -> [Vec3] {
        var out = [world.gripper.position]
        for i in keypointBodies.prefix(Self.keypointCount - 1) { out.append(world.bodies[i].position) }
        while out.count < Self.keypointCount { out.append(Vec3(0, 0, -1)) }
        return out
    }
}

/// Goal predicates of the libero-like tasks, named as in LIBERO's BDDL files.
enum LiberoPredicates {
    /// On(a, b) for a body b: a rests on b (or inside it, for an open container) with its centre
    /// within ``onCentreDistance`` of b's in x and y, as LIBERO's `check_ontop` requires.
    static func on(_ a: Int, body b: Int) -> @Sendable (World) -> Bool {
        { w in
            let d = w.bodies[a].position - w.bodies[b].position
            return w.isOn(a, .body(b)) && (d.x * d.x + d.y * d.y).squareRoot() < onCentreDistance
        }
    }

    /// LIBERO's On(a, b) between two objects holds only while their centres are less than 3 cm apart
    /// in x and y (`ObjectState.check_ontop`, besides contact and a above b): touching the plate's rim
    /// is not being on the plate.
    static let onCentreDistance = 0.03

    /// On(a, obstacle): a rests on the obstacle's top.
    static func on(_ a: Int, obstacle o: Int) -> @Sendable (World) -> Bool { { $0.isOn(a, .obstacle(o)) } }

    /// On(a, stove cook region): a rests on the stove (its burner or top) within its footprint.
    static func on(_ a: Int, stove s: Furniture.Stove) -> @Sendable (World) -> Bool {
        { w in w.isOn(a, .obstacle(s.burner)) || w.isOn(a, .obstacle(s.body)) }
    }

    /// In(a, container body): a rests in the container, directly or on something in it.
    static func inside(_ a: Int, body c: Int) -> @Sendable (World) -> Bool { { $0.isInside(a, body: c) } }

    /// In(a, drawer region): a rests in the drawer.
    static func inside(_ a: Int, fixture f: Int) -> @Sendable (World) -> Bool { { $0.isInside(a, fixture: f) } }

    /// In(a, region) / On(a, table region): a's centre lies in the region, a not held and at rest.
    static func within(_ a: Int, _ region: AABB) -> @Sendable (World) -> Bool {
        { w in w.isIn(a, region) && w.bodies[a].support != .none }
    }

    /// Open(drawer): at least half way out.
    static func open(_ f: Int) -> @Sendable (World) -> Bool { { $0.isOpen(f, fraction: 0.5) } }

    /// Close(f): within 5% of the closed end.
    static func closed(_ f: Int) -> @Sendable (World) -> Bool { { $0.isClosed(f, fraction: 0.05) } }

    /// Turnon(stove): the knob turned past the on angle.
    static func turnedOn(_ s: Furniture.Stove) -> @Sendable (World) -> Bool { { $0.fixtures[s.knob].q >= Furniture.Stove.onAngle } }

    /// Every predicate holds.
    static func all(_ ps: [@Sendable (World) -> Bool]) -> @Sendable (World) -> Bool { { w in ps.allSatisfy { $0(w) } } }
}
