import Foundation

/// One step's command to the gripper, already in world units.
public struct SimAction: Sendable, Equatable {
    /// Displacement of the tool centre point this step, metres (clamped to the workspace).
    public var translation: Vec3
    /// Change of the gripper's yaw this step, radians.
    public var yawDelta: Double
    /// Finger effort in [-1, 1]: +1 closes, -1 opens, 0 keeps the fingers as they are.
    public var effort: Double

    public init(translation: Vec3, yawDelta: Double = 0, effort: Double) {
        self.translation = translation
        self.yawDelta = yawDelta
        self.effort = effort
    }
}

/// The constants of the simulator's rules (see docs/simulator.md).
public struct SimParameters: Sendable {
    /// Change of the finger gap per step at full effort, metres.
    public var fingerSpeed = 0.02
    /// How far a released or unsupported body falls per step, metres.
    public var fallSpeed = 0.02
    /// A body is graspable when its grasp point is within this distance of the tool centre point
    /// along the gripper's x (the fingers' width), metres; a held body whose grasp point slips
    /// farther than this falls.
    public var graspLateral = 0.01
    /// ... and within this height of it, metres (a held body slipping farther falls too).
    public var graspVertical = 0.015
    /// A held body whose grasp point is more than this far off the fingers' centre line (along the
    /// gripper's x) slips: every step the gripper moves, the excess grows by ``slipRate``.
    public var slipFree = 0.005
    /// The fraction by which an off-centre grip's excess offset grows per step of motion.
    public var slipRate = 0.3
    /// An off-centre push turns a free body by `pushTurn` x push distance x lever arm / r², r the
    /// half diagonal of its footprint (radians).
    public var pushTurn = 1.0
    /// A free body pushed sideways by at least ``toppleMinimum`` in a step, where the contact's
    /// mid-height is more than this many times its half width along the push above its bottom,
    /// topples over in the push direction.
    public var toppleHeight = 2.0
    /// The smallest push in one step that can topple a body, metres (a nudge does not).
    public var toppleMinimum = 0.003
    /// A push moves a joint only if the cosine between the push and the part's direction of
    /// motion is at least this (otherwise the part blocks like a wall).
    public var engageCosine = 0.25
    /// Lowest point anything can fall to (the room's floor), metres.
    public var floor = -0.5
    /// The position controller's lag in [0, 1): the move is lag x the last achieved move + (1 - lag) x the command.
    public var actuationLag = 0.0
    /// The controller's gain on each axis (1: it tracks the command exactly).
    public var actuationGain = Vec3(1, 1, 1)
    /// Stationary standard deviation of the controller's tracking error per axis, metres.
    public var trackingNoise = 0.0
    /// Step-to-step correlation of the tracking error.
    public static let trackingCorrelation = 0.8

    public init() {}
}

/// The whole simulated scene: the gripper, free bodies, jointed fixtures, static obstacles and
/// holes in the table. A value type: copying a world copies the scene; `step` is deterministic.
public struct World: Sendable {
    public var gripper: Gripper
    public var bodies: [Body]
    public var fixtures: [Fixture]
    public var obstacles: [Obstacle]
    public var holes: [Hole]
    /// Where the tool centre point may go.
    public var workspace: AABB
    public var parameters: SimParameters
    /// Steps taken since the scene was built.
    public private(set) var steps = 0
    /// The stream of the controller's tracking error (``SimParameters/trackingNoise``).
    public var actuationRandom = SimRandom(seed: 0)

    public init(gripper: Gripper, bodies: [Body] = [], fixtures: [Fixture] = [], obstacles: [Obstacle] = [],
                holes: [Hole] = [], workspace: AABB, parameters: SimParameters = SimParameters()) {
        self.gripper = gripper
        self.bodies = bodies
        self.fixtures = fixtures
        self.obstacles = obstacles
        self.holes = holes
        self.workspace = workspace
        self.parameters = parameters
    }

    /// Advances the world by one step under `action`: fingers (grasp and release), yaw, the
    /// collision-checked translation with pushes, hooks, then support (falling and riding).
    public mutating func step(_ action: SimAction) {
        rememberPoses()
        let tipBefore = heldTip
        updateFingers(effort: min(max(action.effort, -1), 1))
        if action.yawDelta != 0, heldBody != nil || gripper.held == .nothing {
            gripper.yaw += action.yawDelta
            syncHeldBody()
        }
        let start = gripper.position
        let target = (start + actuated(action.translation)).clamped(lowerBound: workspace.min, upperBound: workspace.max)
        let delta = target - start
        if case .fixture(let f, _) = gripper.held {
            moveAlongJoint(fixture: f, delta: delta)
        } else {
            for axis in 0..<3 where delta[axis] != 0 {
                move(axis: axis, by: delta[axis])
            }
        }
        gripper.velocity = gripper.position - start
        if gripper.velocity != .zero { slipOffCentreGrip() }
        if let tipBefore { dragHooked(tipBefore: tipBefore) }
        springBack()
        settleBodies()
        steps += 1
    }

    /// The displacement the position controller achieves for a commanded one: the command times
    /// the axis gains, lagged by the last achieved move, plus the change of the correlated tracking error.
    private mutating func actuated(_ command: Vec3) -> Vec3 {
        var move = command * parameters.actuationGain
        let lag = parameters.actuationLag
        if lag > 0 { move = gripper.velocity * lag + move * (1 - lag) }
        let sigma = parameters.trackingNoise
        if sigma > 0 {
            let rho = SimParameters.trackingCorrelation, innovation = sigma * (1 - rho * rho).squareRoot()
            let next = gripper.trackingError * rho
                + Vec3(actuationRandom.normal(), actuationRandom.normal(), actuationRandom.normal()) * innovation
            move += next - gripper.trackingError
            gripper.trackingError = next
        }
        return move
    }

    /// An off-centre grip slips as the gripper moves: the grasp point's offset along the gripper's x
    /// beyond ``SimParameters/slipFree`` grows by ``SimParameters/slipRate`` of itself; past the grasp
    /// window the body falls.
    private mutating func slipOffCentreGrip() {
        guard let i = heldBody else { return }
        let across = Geometry.rotateZ(bodies[i].graspPoint - gripper.position, -gripper.yaw).x
        let excess = abs(across) - parameters.slipFree
        guard excess > 0 else { return }
        let shift = (across > 0 ? 1.0 : -1.0) * excess * parameters.slipRate
        gripper.heldOffset.x += shift
        syncHeldBody()
        if abs(across + shift) > parameters.graspLateral { release() }
    }

    /// Fixtures with a return speed (push buttons) move back toward their lower limit in every step
    /// in which nothing moved them, unless a finger resting on them is in the way (a finger held
    /// still on a button keeps it down).
    private mutating func springBack() {
        for f in fixtures.indices where fixtures[f].returnSpeed > 0 && fixtures[f].q > fixtures[f].lower
            && fixtures[f].q == fixtures[f].previousQ {
            if case .fixture(f, _) = gripper.held { continue }
            let next = max(fixtures[f].lower, fixtures[f].q - fixtures[f].returnSpeed)
            let left = gripper.fingerBounds(-1, at: gripper.position), right = gripper.fingerBounds(1, at: gripper.position)
            let blocked = fixtures[f].parts.indices.contains { p in
                let box = fixtures[f].partBounds(p, at: next)
                return left.overlaps(box) || right.overlaps(box)
            }
            if !blocked { fixtures[f].q = next }
        }
    }

    /// Lets unsupported bodies come to rest without moving the gripper (used after building a scene).
    public mutating func settle(steps count: Int = 50) {
        for _ in 0..<count {
            rememberPoses()
            settleBodies()
        }
    }

    /// Records where everything is at the start of a step, so that riders can follow their support.
    private mutating func rememberPoses() {
        for i in bodies.indices { bodies[i].previousPosition = bodies[i].position }
        for f in fixtures.indices { fixtures[f].previousQ = fixtures[f].q }
    }

    /// The index of the held body, if the gripper holds one.
    public var heldBody: Int? {
        if case .body(let i) = gripper.held { return i }
        return nil
    }

    private var heldTip: Vec3? {
        guard let i = heldBody, bodies[i].tipOffset != .zero else { return nil }
        return bodies[i].tipPoint
    }

    // MARK: - Fingers

    private mutating func updateFingers(effort e: Double) {
        if e < 0 {
            if gripper.held != .nothing { release() }
            gripper.gap = min(Gripper.maxGap, gripper.gap - e * parameters.fingerSpeed)
        } else if e > 0, gripper.held == .nothing {
            let closed = max(0, gripper.gap - e * parameters.fingerSpeed)
            if let candidate = graspCandidate(), closed <= candidate.width {
                gripper.gap = candidate.width
                hold(candidate.held)
            } else {
                gripper.gap = closed
            }
        }
    }

    /// The nearest body or fixture handle that fits between the open fingers and lies in the grasp zone.
    private func graspCandidate() -> (held: Held, width: Double)? {
        let tcp = gripper.position
        var best: (held: Held, width: Double, distance: Double)?
        func consider(_ point: Vec3, width: Double, _ held: Held) {
            let local = Geometry.rotateZ(point - tcp, -gripper.yaw)
            guard abs(local.x) <= parameters.graspLateral, abs(local.z) <= parameters.graspVertical,
                  abs(local.y) + width / 2 <= gripper.gap / 2 + 0.003 else { return }
            let d = Geometry.length(local)
            if best == nil || d < best!.distance { best = (held, width, d) }
        }
        for (i, b) in bodies.enumerated() where b.graspable && !b.toppled {
            let width = b.gripWidth ?? (b.isRound ? 2 * b.half.y : 2 * Geometry.rotatedHalf(b.half, yaw: b.yaw - gripper.yaw).y)
            consider(b.graspPoint, width: width, .body(i))
        }
        let axis = gripper.fingerAxis
        for (f, fixture) in fixtures.enumerated() {
            for (p, part) in fixture.parts.enumerated() where part.role == .handle {
                let box = fixture.partBounds(p)
                let width = 2 * (abs(axis.x) * box.half.x + abs(axis.y) * box.half.y)
                consider(box.center, width: width, .fixture(f, part: p))
            }
        }
        return best.map { ($0.held, $0.width) }
    }

    private mutating func hold(_ held: Held) {
        gripper.held = held
        switch held {
        case .body(let i):
            // Closing fingers centre the body between them.
            let across = (gripper.fingerAxis * (bodies[i].graspPoint - gripper.position)).sum()
            bodies[i].position -= gripper.fingerAxis * across
            gripper.heldOffset = Geometry.rotateZ(bodies[i].position - gripper.position, -gripper.yaw)
            gripper.heldYawOffset = bodies[i].yaw - gripper.yaw
            bodies[i].support = .none
        case .fixture(let f, _):
            gripper.heldOffset = fixtures[f].inverseTransform(gripper.position, at: fixtures[f].q)
        case .nothing:
            break
        }
    }

    private mutating func release() {
        gripper.held = .nothing
    }

    private mutating func syncHeldBody() {
        guard let i = heldBody else { return }
        bodies[i].position = gripper.position + Geometry.rotateZ(gripper.heldOffset, gripper.yaw)
        bodies[i].yaw = gripper.yaw + gripper.heldYawOffset
    }

    // MARK: - Motion

    /// Moves the gripper (and what it holds) along one world axis, stopping at static obstacles and
    /// the table, pushing free bodies and jointed parts that are in the way. A held body driven into
    /// a static obstacle or the table stops there and slips in the grip (unless the motion is across
    /// the fingers, which it then blocks); slipped out of the grasp window, it falls.
    private mutating func move(axis k: Int, by amount: Double) {
        let dir: Double = amount > 0 ? 1 : -1
        let held = heldBody
        let fingers = (gripper.fingerBounds(-1, at: gripper.position), gripper.fingerBounds(1, at: gripper.position))
        var limit = abs(amount)
        // Statics.
        limit = min(limit, staticClearance(fingers.0, axis: k, dir: dir, ring: nil))
        limit = min(limit, staticClearance(fingers.1, axis: k, dir: dir, ring: nil))
        var heldBox: AABB?, slipAt: Double?
        if let h = held {
            let clearance = staticClearance(bodies[h].bounds, axis: k, dir: dir, ring: ringOf(h))
            let acrossFingers = abs(gripper.fingerAxis[k]) > 0.7
            if clearance < limit - 1e-9, !acrossFingers {
                slipAt = clearance
            } else {
                limit = min(limit, clearance)
                heldBox = bodies[h].bounds
            }
        }
        let movers = (fingers.0, fingers.1, heldBox)
        // Pushables: first find how far the movers can go, then push by what they need.
        for pass in 0..<2 {
            for j in bodies.indices where j != held {
                let box = bodies[j].bounds
                // Going up or down, turned footprints meet only where the turned rectangles overlap.
                if k == 2, !footprintsMeet(body: j) { continue }
                guard let (c, mover) = contact(movers, box, axis: k, dir: dir), c < limit else { continue }
                if pass == 0 {
                    let capacity = k == 2 ? 0 : pushCapacity(j, axis: k, dir: dir, within: limit - c, depth: World.pushChainDepth)
                    limit = min(limit, c + capacity)
                } else {
                    pushChain(body: j, by: limit - c, axis: k, dir: dir, from: mover, depth: World.pushChainDepth)
                }
            }
            for f in fixtures.indices {
                var dq = 0.0
                for p in fixtures[f].parts.indices {
                    let box = fixtures[f].partBounds(p)
                    guard let (c, mover) = contact(movers, box, axis: k, dir: dir), c < limit else { continue }
                    // The part moves at the contact: where the mover's centre line meets the part.
                    var at = mover.center
                    at[k] = dir > 0 ? box.min[k] : box.max[k]
                    let v = fixtures[f].velocity(at: at)
                    let speed = Geometry.length(v)
                    let along = v[k] * dir
                    guard speed > 0, abs(v[k]) / speed >= parameters.engageCosine else {
                        if pass == 0 { limit = min(limit, c) }
                        continue
                    }
                    let room = along > 0 ? fixtures[f].upper - fixtures[f].q : fixtures[f].q - fixtures[f].lower
                    if pass == 0 {
                        limit = min(limit, c + max(0, room) * abs(v[k]))
                    } else {
                        let need = (limit - c) / abs(v[k])
                        dq = along > 0 ? max(dq, need) : min(dq, -need)
                    }
                }
                if pass == 1, dq != 0 {
                    fixtures[f].q = min(max(fixtures[f].q + dq, fixtures[f].lower), fixtures[f].upper)
                }
            }
        }
        gripper.position[k] += dir * limit
        if let h = held, let clearance = slipAt {
            bodies[h].position[k] += dir * min(clearance, limit)
            gripper.heldOffset = Geometry.rotateZ(bodies[h].position - gripper.position, -gripper.yaw)
            let grasp = Geometry.rotateZ(bodies[h].graspPoint - gripper.position, -gripper.yaw)
            if abs(grasp.x) > parameters.graspLateral || abs(grasp.z) > parameters.graspVertical { release() }
        }
        syncHeldBody()
    }

    /// How many free bodies a push passes on: a pushed body pushes the bodies it runs into, and they
    /// theirs, this many deep.
    static let pushChainDepth = 3

    /// The free bodies that body `j` runs into when it moves by up to `distance` along axis `k`, with
    /// their gaps (not the held body, not what `j` rests on or what rests on `j`, which move with it).
    private func bodiesAhead(of j: Int, axis k: Int, dir: Double, within distance: Double) -> [(body: Int, gap: Double)] {
        let box = bodies[j].bounds
        var out: [(body: Int, gap: Double)] = []
        for m in bodies.indices where m != j && m != heldBody && bodies[m].support != .body(j) && bodies[j].support != .body(m) {
            let other = bodies[m].bounds
            guard box.overlapsAcross(other, axis: k) else { continue }
            let gap = dir > 0 ? other.min[k] - box.max[k] : box.min[k] - other.max[k]
            if gap >= -World.contactSlop, gap < distance { out.append((m, max(0, gap))) }
        }
        return out
    }

    /// How far body `j` can be pushed along axis `k` (up to `distance`): until it, or a body it
    /// pushes on (`depth` deep), meets a static obstacle or the table.
    private func pushCapacity(_ j: Int, axis k: Int, dir: Double, within distance: Double, depth: Int) -> Double {
        var capacity = staticClearance(bodies[j].bounds, axis: k, dir: dir, ring: ringOf(j))
        guard depth > 0, distance > 0 else { return capacity }
        for (m, gap) in bodiesAhead(of: j, axis: k, dir: dir, within: min(distance, capacity)) {
            capacity = min(capacity, gap + pushCapacity(m, axis: k, dir: dir, within: distance - gap, depth: depth - 1))
        }
        return capacity
    }

    /// Pushes body `j` by `distance` and, in turn, the free bodies it runs into by what they are
    /// still in its way (`depth` deep).
    private mutating func pushChain(body j: Int, by distance: Double, axis k: Int, dir: Double, from mover: AABB, depth: Int) {
        let ahead = depth > 0 && k < 2 ? bodiesAhead(of: j, axis: k, dir: dir, within: distance) : []
        push(body: j, by: distance, axis: k, dir: dir, from: mover)
        let pusher = bodies[j].bounds
        for (m, gap) in ahead where distance - gap > 0 {
            pushChain(body: m, by: distance - gap, axis: k, dir: dir, from: pusher, depth: depth - 1)
        }
    }

    /// Pushes free body `j` by `distance` along axis `k` (direction `dir`) from the mover box `mover`:
    /// sideways, an off-centre push also turns it, and a push high enough on a tall body topples it.
    private mutating func push(body j: Int, by distance: Double, axis k: Int, dir: Double, from mover: AABB) {
        bodies[j].position[k] += dir * distance
        guard k < 2, distance > 0, !bodies[j].toppled else { return }
        let box = bodies[j].bounds
        let halfAlong = box.half[k]
        let contactHeight = (max(mover.min.z, box.min.z) + min(mover.max.z, box.max.z)) / 2 - box.min.z
        if distance >= parameters.toppleMinimum, contactHeight > parameters.toppleHeight * halfAlong {
            topple(j, axis: k, dir: dir)
            return
        }
        // Torque about z of a push along axis k applied on the mover's centre line.
        let r = mover.center - bodies[j].position
        let lever = k == 0 ? -r.y * dir : r.x * dir
        let e = bodies[j].extent
        bodies[j].yaw += parameters.pushTurn * distance * lever / (e.x * e.x + e.y * e.y)
    }

    /// Knocks body `j` over in the push direction: it pivots about its bottom edge on the far side
    /// and lies with its height along the push.
    private mutating func topple(_ j: Int, axis k: Int, dir: Double) {
        let before = bodies[j].bounds
        bodies[j].toppled = true
        bodies[j].yaw = k == 0 ? (dir > 0 ? 0 : Double.pi) : (dir > 0 ? Double.pi / 2 : -Double.pi / 2)
        var centre = bodies[j].position
        centre[k] = (dir > 0 ? before.max[k] : before.min[k]) + dir * bodies[j].half.z
        centre.z = before.min.z + bodies[j].half.x
        bodies[j].position = centre
        bodies[j].support = .none
    }

    /// Whether the turned footprint (a rectangle in the xy plane) of a finger or of the held body
    /// overlaps body `j`'s turned footprint.
    private func footprintsMeet(body j: Int) -> Bool {
        let other = Footprint(bodies[j])
        for side in [-1.0, 1.0] {
            let offset = Vec3(0, side * (gripper.gap / 2 + Gripper.fingerHalf.y), Gripper.fingerLift)
            let finger = Footprint(center: gripper.position + Geometry.rotateZ(offset, gripper.yaw),
                                   half: SIMD2(Gripper.fingerHalf.x, Gripper.fingerHalf.y), yaw: gripper.yaw)
            if finger.overlaps(other) { return true }
        }
        if let h = heldBody, Footprint(bodies[h]).overlaps(other) { return true }
        return false
    }

    /// Boxes that already overlap by more than this (metres) along the motion do not block or push
    /// each other, so that things caught inside one another can separate; shallower overlaps count
    /// as contact.
    public static let contactSlop = 0.005

    /// The smallest gap along `axis` between any mover and `box` that lies ahead of it, and the box
    /// of the movers at that gap (both fingers together when both touch); nil when none is in the way.
    @inline(__always)
    private func contact(_ movers: (AABB, AABB, AABB?), _ box: AABB, axis k: Int, dir: Double) -> (gap: Double, mover: AABB)? {
        var best: (gap: Double, mover: AABB)?
        func check(_ m: AABB) {
            guard m.overlapsAcross(box, axis: k) else { return }
            let gap = dir > 0 ? box.min[k] - m.max[k] : m.min[k] - box.max[k]
            guard gap >= -World.contactSlop else { return }
            let c = max(0, gap)
            if let b = best, abs(c - b.gap) < 1e-9 {
                best = (b.gap, AABB(min: b.mover.min.replacing(with: m.min, where: m.min .< b.mover.min),
                                   max: b.mover.max.replacing(with: m.max, where: m.max .> b.mover.max)))
            } else if best == nil || c < best!.gap {
                best = (c, m)
            }
        }
        check(movers.0)
        check(movers.1)
        if let h = movers.2 { check(h) }
        return best
    }

    private func ringOf(_ i: Int) -> (center: Vec3, inner: Double)? {
        bodies[i].ringInnerRadius > 0 ? (bodies[i].ringCenter, bodies[i].ringInnerRadius) : nil
    }

    @inline(__always)
    private func threads(_ ring: (center: Vec3, inner: Double)?, _ o: Obstacle) -> Bool {
        guard let ring, let r = o.postRadius else { return false }
        let c = o.box.center
        let dx = ring.center.x - c.x, dy = ring.center.y - c.y
        return (dx * dx + dy * dy).squareRoot() + r <= ring.inner + 1e-3
    }

    /// How far `box` can move along `axis` before it meets a static obstacle or the table.
    private func staticClearance(_ box: AABB, axis k: Int, dir: Double, ring: (center: Vec3, inner: Double)?) -> Double {
        var best = Double.infinity
        for o in obstacles where !threads(ring, o) && box.overlapsAcross(o.box, axis: k) {
            let c = dir > 0 ? o.box.min[k] - box.max[k] : box.min[k] - o.box.max[k]
            if c >= -World.contactSlop { best = min(best, max(0, c)) }
        }
        let hole = holes.first { $0.contains(footprintOf: box) }
        if k == 2 {
            if dir < 0 {
                let floor = hole?.bottom ?? 0
                let c = box.min.z - floor
                if c >= -1e-7 { best = min(best, max(0, c)) }
            }
        } else if box.min.z < -1e-7, let hole {
            let c = dir > 0 ? hole.maxXY[k] - box.max[k] : box.min[k] - hole.minXY[k]
            best = min(best, max(0, c))
        }
        return best
    }

    /// With a fixture handle held, the gripper moves only along the fixture's joint.
    private mutating func moveAlongJoint(fixture f: Int, delta: Vec3) {
        let anchor = gripper.heldOffset
        let here = fixtures[f].transform(anchor, at: fixtures[f].q)
        let v = fixtures[f].velocity(at: here)
        let vv = (v * v).sum()
        guard vv > 0 else { return }
        let dq = (delta * v).sum() / vv
        fixtures[f].q = min(max(fixtures[f].q + dq, fixtures[f].lower), fixtures[f].upper)
        gripper.position = fixtures[f].transform(anchor, at: fixtures[f].q)
    }

    // MARK: - Hooks and support

    private mutating func dragHooked(tipBefore: Vec3) {
        guard let h = heldBody else { return }
        let shift = bodies[h].tipPoint - tipBefore
        for j in bodies.indices where j != h {
            guard let hook = bodies[j].hook else { continue }
            if hook.box.translated(by: bodies[j].position).containsXY(tipBefore),
               tipBefore.z >= bodies[j].position.z + hook.box.min.z, tipBefore.z <= bodies[j].position.z + hook.box.max.z {
                bodies[j].position.x += shift.x
                bodies[j].position.y += shift.y
            }
        }
    }

    private mutating func settleBodies() {
        let held = heldBody
        for j in bodies.indices where j != held {
            switch bodies[j].support {
            case .body(let i):
                bodies[j].position += bodies[i].position - bodies[i].previousPosition
            case .fixturePart(let f, let p):
                let fixture = fixtures[f]
                if fixture.q != fixture.previousQ {
                    bodies[j].position += fixture.partBounds(p).center - fixture.partBounds(p, at: fixture.previousQ).center
                }
            case .none, .table, .obstacle:
                break
            }
            let (top, support) = supportBelow(j)
            let bottom = bodies[j].bounds.min.z
            if bottom > top + 1e-9 {
                let fall = min(parameters.fallSpeed, bottom - top)
                bodies[j].position.z -= fall
                bodies[j].support = fall == bottom - top ? support : .none
            } else {
                bodies[j].position.z += top - bottom
                bodies[j].support = support
            }
        }
    }

    /// The highest surface not above body `j`'s bottom that can hold it, and what it is: the table
    /// (or a hole's bottom) under any part of its footprint, a raised top (an obstacle's, a fixture
    /// part's, another body's, by its turned footprint) only under its centre — a body whose centre
    /// is past a top's edge tips off it — and an open container's inner floor when the footprint lies
    /// wholly within it.
    private func supportBelow(_ j: Int) -> (Double, Support) {
        let box = bodies[j].bounds
        let centre = bodies[j].position
        let reach = box.min.z + 0.005
        var best = parameters.floor
        var what = Support.table
        if let hole = holes.first(where: { $0.contains(footprintOf: box) }) {
            if hole.bottom > best { best = hole.bottom }
        } else if box.min.z >= -0.005 {
            best = 0
        }
        let ring = ringOf(j)
        for (i, o) in obstacles.enumerated() where o.box.max.z <= reach && o.box.max.z > best && o.box.containsXY(centre) {
            if threads(ring, o) { continue }
            best = o.box.max.z
            what = .obstacle(i)
        }
        for f in fixtures.indices {
            for p in fixtures[f].parts.indices {
                let part = fixtures[f].partBounds(p)
                if part.max.z <= reach, part.max.z > best, part.containsXY(centre) {
                    best = part.max.z
                    what = .fixturePart(fixture: f, part: p)
                }
            }
        }
        for (i, b) in bodies.enumerated() where i != j && i != heldBody {
            let other = b.bounds
            if let inner = b.innerFloor, inner.containsXY(box.min), inner.containsXY(box.max) {
                // Within an open container's rim: on its floor, not on its rim.
                if inner.max.z <= reach, inner.max.z > best {
                    best = inner.max.z
                    what = .body(i)
                }
            } else if other.max.z <= reach, other.max.z > best, other.containsXY(centre), Footprint(b).contains(centre) {
                best = other.max.z
                what = .body(i)
            }
        }
        return (best, what)
    }
}

extension Fixture {
    /// The q = 0 position of a point that is at `p` when the joint is at `q`.
    public func inverseTransform(_ p: Vec3, at q: Double) -> Vec3 {
        switch joint {
        case .slide(let axis): return p - axis * q
        case .hinge(let axis, let pivot): return pivot + Geometry.rotate(p - pivot, about: axis, angle: -q)
        }
    }
}
