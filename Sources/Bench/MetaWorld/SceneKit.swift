/// Shared pieces of the Meta-World-like scenes: the Sawyer's workspace, the hand's start, and the
/// common objects. Sizes and sampling ranges are ours, laid out like Meta-World's (robot at y < 0.4,
/// objects on the table at y 0.5-0.95); see docs/bench.md.
enum SceneKit {
    /// Meta-World's mocap bounds for the hand.
    static let workspace = AABB(min: Vec3(-0.525, 0.348, -0.0525), max: Vec3(0.525, 1.025, 0.7))
    /// Meta-World's usual `hand_init_pos`.
    static let handStart = Vec3(0, 0.6, 0.2)
    /// Half size of the puck (a cylinder 4 cm across and 4 cm high).
    static let puckHalf = 0.02

    static let red = SIMD3<Float>(0.8, 0.15, 0.15)
    static let blue = SIMD3<Float>(0.15, 0.3, 0.8)
    static let wood = SIMD3<Float>(0.55, 0.4, 0.25)
    static let grey = SIMD3<Float>(0.5, 0.5, 0.5)
    static let dark = SIMD3<Float>(0.15, 0.15, 0.15)

    /// A world with the hand at `hand`, fingers open, everything settled on its support.
    static func world(hand: Vec3 = handStart, bodies: [Body] = [], fixtures: [Fixture] = [],
                      obstacles: [Obstacle] = [], holes: [Hole] = []) -> World {
        var w = World(gripper: Gripper(position: hand), bodies: bodies, fixtures: fixtures,
                      obstacles: obstacles, holes: holes, workspace: workspace)
        w.settle()
        return w
    }

    /// The puck resting on the table (or at height `z` for its centre).
    static func puck(at p: Vec3, name: String = "puck") -> Body {
        Body(name: name, shape: .cylinder, half: Vec3(repeating: puckHalf), position: p, color: red)
    }

    /// A static box from `min` to `max`.
    static func block(_ name: String, _ min: Vec3, _ max: Vec3, color: SIMD3<Float> = wood) -> Obstacle {
        Obstacle(name: name, box: AABB(min: min, max: max), color: color)
    }

    /// A point uniformly drawn from the box [lo, hi).
    static func draw(_ rng: inout SimRandom, _ lo: Vec3, _ hi: Vec3) -> Vec3 { rng.uniform(lo, hi) }
}
