"""A scripted expert for LIBERO-Spatial: pick up the goal's bowl by its rim and set it on the plate.

LIBERO ships human demonstrations, not scripted policies. Every LIBERO-Spatial task has the same
goal, `(On akita_black_bowl_1 plate_1)`; only where the bowl starts differs (on the cookie box,
in the top drawer, on the stove, ...). This expert reads the simulator's true object positions
(privileged, like Meta-World's scripted policies) and drives robosuite's OSC_POSE controller
through waypoints:

1. over the grasp point: a point of the bowl's rim where MuJoCo ray casts show the open fingers
   can come straight down (of those, the one needing the least turn of the hand, a point nearer
   the robot counting for some), the hand turned so that its fingers close across the rim wall;
2. down until the fingers straddle the rim wall, then close;
3. up to a travel height that clears everything under the way to the plate (ray casts);
4. over the plate, aimed with where the bowl now sits in the hand, so that its centre lands on
   the plate's centre;
5. down until the bowl is just above the plate, open, and back up.

The hand keeps that orientation (pointing down) throughout; the orientation error is fed back
through the controller's rotation inputs. A waypoint not reached within 40 steps is given up for
the next. Deterministic: the same scene gives the same actions.
"""

BOWL = "akita_black_bowl_1"
PLATE = "plate_1"
RIM_RADIUS = 0.047      # bowl centre to the middle of its wall (m), from its collision boxes
GRASP_HEIGHT = 0.032    # end-effector site over the bowl's origin when grasping (wall 0.015-0.053)
PROBE_TOP = 1.40        # ray casts start this high (m; table top at 0.90, cabinet top 1.13)
CLEAR = 0.08            # travel height of the end-effector site over the highest thing on the way ...
LIFT = 0.08             # ... and at least this much over the grasp and the place points
RELEASE_GAP = 0.018     # the bowl's origin over the plate's when the hand lets go
GAIN = 20.0             # action per metre of position error (1 = 5 cm commanded per step)
ROTATION_GAIN = 2.0     # rotation action per radian of orientation error
FINGER_REACH = 0.045    # the open outer finger's distance past the rim's middle
FINGER_WIDTH = 0.012    # half a finger's width
GRASP_DIRECTIONS = 12   # rim points considered, evenly spaced around the bowl
REACH_WEIGHT = 10.0     # radians of hand turn that a metre nearer the robot's base is worth
PLACING = 4             # the plan's first placing stage
STAGE_STEPS = 40        # a waypoint not reached within this many steps is given up for the next


def quat_matrix(quat, np):
    """robosuite's (x, y, z, w) quaternion as a rotation matrix."""
    x, y, z, w = (float(q) for q in quat)
    return np.array([[1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
                     [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
                     [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)]])


def rotation_vector(matrix, np):
    """The axis-angle vector of a rotation matrix."""
    angle = np.arccos(np.clip((np.trace(matrix) - 1.0) / 2.0, -1.0, 1.0))
    if angle < 1e-6:
        return np.zeros(3)
    axis = np.array([matrix[2, 1] - matrix[1, 2], matrix[0, 2] - matrix[2, 0], matrix[1, 0] - matrix[0, 1]])
    return axis * angle / (2.0 * np.sin(angle))


class SpatialExpert:
    """One episode's expert: `start(obs, others)` at reset, then `action(obs)` every step."""

    def __init__(self, np):
        self.np = np

    def start(self, obs, surface, base):
        """Plans the episode from the first observation. `surface(x, y, top)` is the height of the
        first thing below (x, y, top) other than the robot and the bowl (`surface_probe`); `base`
        is the robot base's position."""
        np = self.np
        bowl, plate = obs[BOWL + "_pos"].copy(), obs[PLATE + "_pos"].copy()
        self.orientation = quat_matrix(obs["robot0_eef_quat"], np)
        closing = self.orientation[:2, 1] / np.linalg.norm(self.orientation[:2, 1])
        grasp_z = bowl[2] + GRASP_HEIGHT

        def clear(direction):  # can the open fingers come straight down around the rim on this side?
            across = np.array([-direction[1], direction[0]])
            points = [bowl[:2] + radius * direction + side * across
                      for radius in (RIM_RADIUS + FINGER_REACH - 0.01, RIM_RADIUS + FINGER_REACH + 0.01)
                      for side in (-FINGER_WIDTH, 0.0, FINGER_WIDTH)]
            return all(surface(x, y, PROBE_TOP) < grasp_z - 0.01 for x, y in points)

        def turn(direction):  # the hand's yaw change that lines its closing axis up with direction
            angle = np.arctan2(closing[0] * direction[1] - closing[1] * direction[0], closing @ direction)
            return (angle + np.pi / 2) % np.pi - np.pi / 2

        candidates = [np.array([np.cos(a), np.sin(a)]) for a in np.arange(GRASP_DIRECTIONS) * 2 * np.pi / GRASP_DIRECTIONS]
        usable = [d for d in candidates if clear(d)] or candidates
        # Least turn of the hand, a rim point nearer the robot's base counting for some.
        direction = min(usable, key=lambda d: abs(turn(d)) + REACH_WEIGHT * (np.linalg.norm(bowl[:2] + RIM_RADIUS * d - base[:2])
                                                                             - np.linalg.norm(bowl[:2] - base[:2])))
        yaw = turn(direction)
        self.orientation = np.array([[np.cos(yaw), -np.sin(yaw), 0.0], [np.sin(yaw), np.cos(yaw), 0.0], [0.0, 0.0, 1.0]]) @ self.orientation
        grasp = bowl + np.append(RIM_RADIUS * direction, GRASP_HEIGHT)
        place = self.place_point(plate, grasp - bowl)
        # Travel high enough to clear everything under the hand's way there and the bowl's way on.
        way = [a + f * (b - a) for a, b in ((obs["robot0_eef_pos"][:2], grasp[:2]), (grasp[:2], place[:2]))
               for f in np.linspace(0.0, 1.0, 16)]
        highest = max(surface(x, y, PROBE_TOP) for x, y in way)
        self.carry = max(highest + CLEAR, grasp[2] + LIFT, place[2] + LIFT)
        self.plate = plate
        over_grasp = np.append(grasp[:2], self.carry)
        # (target, gripper, how near counts as reached (m), steps to hold there instead, or None);
        # the last four are aimed again once the bowl is held (`aim_at_plate`).
        self.plan = [(over_grasp, -1.0, 0.02, None), (grasp, -1.0, 0.01, None), (grasp, 1.0, 0.01, 10),
                     (over_grasp, 1.0, 0.02, None)] + self.placing(place)
        self.stage, self.held = 0, 0

    def place_point(self, plate, hand_from_bowl):
        """Where the hand lets go: the bowl's centre over the plate's, its base just above it."""
        return plate + hand_from_bowl + self.np.array([0.0, 0.0, RELEASE_GAP])

    def placing(self, place):
        """The last stages: over the place point, down, open, up."""
        over_place = self.np.append(place[:2], self.carry)
        return [(over_place, 1.0, 0.02, None), (place, 1.0, 0.01, None), (place, -1.0, 0.01, 8), (over_place, -1.0, 0.02, None)]

    def aim_at_plate(self, obs):
        """Aims the placing stages with where the bowl sits in the hand now (the grasp may have
        moved it off the planned point)."""
        held = obs["robot0_eef_pos"] - obs[BOWL + "_pos"]
        self.plan[PLACING:] = self.placing(self.place_point(self.plate, held))

    def action(self, obs):
        """The expert's 7-D action for observation `obs` (robosuite's observation dict)."""
        np = self.np
        target, gripper, near, hold = self.plan[self.stage]
        error = target - obs["robot0_eef_pos"]
        self.held += 1
        reached = self.held >= hold if hold is not None else (np.linalg.norm(error) < near or self.held >= STAGE_STEPS)
        if reached and self.stage < len(self.plan) - 1:
            self.stage, self.held = self.stage + 1, 0
            if self.stage == PLACING:
                self.aim_at_plate(obs)
            target, gripper, near, hold = self.plan[self.stage]
            error = target - obs["robot0_eef_pos"]
        turn = rotation_vector(self.orientation @ quat_matrix(obs["robot0_eef_quat"], np).T, np)
        result = np.zeros(7)
        result[:3] = np.clip(error * GAIN, -1.0, 1.0)
        result[3:6] = np.clip(turn * ROTATION_GAIN, -0.5, 0.5)
        result[6] = gripper
        return result


def surface_probe(sim, np):
    """`surface(x, y, top)`: the height of the first collision geom below (x, y, top) that is not
    the robot's or the bowl's (MuJoCo ray casts; -inf where there is none)."""
    import mujoco
    model, data = sim.model._model, sim.data._data
    bowl = sim.model.body_name2id(BOWL + "_main")
    robot = {b for b in range(model.nbody) if sim.model.body_id2name(b).startswith(("robot0_", "gripper0_", "mount0_"))}
    collision = np.array([1, 0, 0, 0, 0, 0], dtype=np.uint8)
    down = np.array([0.0, 0.0, -1.0])

    def surface(x, y, top):
        z, hit = top, np.zeros(1, dtype=np.int32)
        while True:
            distance = mujoco.mj_ray(model, data, np.array([x, y, z]), down, collision, 1, bowl, hit)
            if distance < 0:
                return -np.inf
            z -= distance
            if int(model.geom_bodyid[hit[0]]) not in robot:
                return z
            z -= 1e-4
    return surface
