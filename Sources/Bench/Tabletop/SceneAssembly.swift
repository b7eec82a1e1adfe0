/// A scene being put together: bodies, fixtures, obstacles and holes, each added with the index
/// it gets in the world, so that tasks can refer to things by index.
public struct SceneAssembly: Sendable {
    public var bodies: [Body] = []
    public var fixtures: [Fixture] = []
    public var obstacles: [Obstacle] = []
    public var holes: [Hole] = []

    public init() {}

    @discardableResult public mutating func add(_ body: Body) -> Int {
        bodies.append(body)
        return bodies.count - 1
    }

    @discardableResult public mutating func add(_ fixture: Fixture) -> Int {
        fixtures.append(fixture)
        return fixtures.count - 1
    }

    @discardableResult public mutating func add(_ obstacle: Obstacle) -> Int {
        obstacles.append(obstacle)
        return obstacles.count - 1
    }

    /// The world: the gripper at `gripper` with open fingers, everything settled on its support.
    public func world(gripper: Gripper, workspace: AABB) -> World {
        var w = World(gripper: gripper, bodies: bodies, fixtures: fixtures, obstacles: obstacles, holes: holes, workspace: workspace)
        w.settle()
        return w
    }
}
