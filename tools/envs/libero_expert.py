"""A scripted expert for LIBERO-Spatial: pick up the goal's bowl by its rim and set it on the plate.

LIBERO ships human demonstrations, not scripted policies. Every LIBERO-Spatial task has the same
goal, `(On akita_black_bowl_1 plate_1)`; only where the bowl starts differs (on the cookie box,
in the top drawer, on the stove, ...). This expert reads the simulator's true object positions
(privileged, like Meta-World's scripted policies) and drives robosuite's OSC_POSE controller
through waypoints:

1. over the grasp point: the bowl's rim on the side (+y or -y, the hand's closing axis) with
   more room from the other objects, hand open, 12 cm above the bowl;
2. down until the fingers straddle the rim wall, then close;
3. up to a carrying height;
4. over the plate, placed so that the bowl's centre lands on the plate's centre;
5. down until the bowl is just above the plate, open, and back up.

The hand keeps its initial orientation (pointing down, closing along world y) throughout; the
orientation error is fed back through the controller's rotation inputs. Deterministic: the same
scene gives the same actions.
"""

BOWL = "akita_black_bowl_1"
PLATE = "plate_1"
RIM_RADIUS = 0.047      # bowl centre to the middle of its wall (m), from its collision boxes
GRASP_HEIGHT = 0.032    # end-effector site over the bowl's origin when grasping (wall 0.015-0.053)
CARRY_Z = 1.20          # travel height of the end-effector site (table top at 0.90) ...
LIFT = 0.08             # ... or this much over the grasp point, if higher
PLACE_HEIGHT = 0.05     # end-effector site over the plate's origin when letting go
GAIN = 20.0             # action per metre of position error (1 = 5 cm commanded per step)
ROTATION_GAIN = 2.0     # rotation action per radian of orientation error
FINGER_REACH = 0.045    # the open outer finger's distance past the rim's middle
FINGER_WIDTH = 0.012    # half a finger's width
GRASP_DIRECTIONS = 12   # rim points considered, evenly spaced around the bowl
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
        carry = max(CARRY_Z, grasp_z + LIFT)

        def clear(direction):  # can the open fingers come straight down around the rim on this side?
            across = np.array([-direction[1], direction[0]])
            points = [bowl[:2] + radius * direction + side * across
                      for radius in (RIM_RADIUS + FINGER_REACH - 0.01, RIM_RADIUS + FINGER_REACH + 0.01)
                      for side in (-FINGER_WIDTH, 0.0, FINGER_WIDTH)]
            return all(surface(x, y, carry) < grasp_z - 0.01 for x, y in points)

        def turn(direction):  # the hand's yaw change that lines its closing axis up with direction
            angle = np.arctan2(closing[0] * direction[1] - closing[1] * direction[0], closing @ direction)
            return (angle + np.pi / 2) % np.pi - np.pi / 2

        candidates = [np.array([np.cos(a), np.sin(a)]) for a in np.arange(GRASP_DIRECTIONS) * 2 * np.pi / GRASP_DIRECTIONS]
        usable = [d for d in candidates if clear(d)] or candidates
        direction = min(usable, key=lambda d: np.linalg.norm(bowl[:2] + RIM_RADIUS * d - base[:2]))
        yaw = turn(direction)
        self.orientation = np.array([[np.cos(yaw), -np.sin(yaw), 0.0], [np.sin(yaw), np.cos(yaw), 0.0], [0.0, 0.0, 1.0]]) @ self.orientation
        offset = np.append(RIM_RADIUS * direction, 0.0)
        grasp = bowl + offset + np.array([0.0, 0.0, GRASP_HEIGHT])
        place = plate + offset + np.array([0.0, 0.0, PLACE_HEIGHT])
        over_grasp, over_place = np.append(grasp[:2], carry), np.append(place[:2], carry)
        # (target, gripper, speed limit, steps to hold once reached or None to go on when reached)
        self.plan = [(over_grasp, -1.0, 1.0, None), (grasp, -1.0, 0.5, None), (grasp, 1.0, 0.5, 10),
                     (over_grasp, 1.0, 1.0, None), (over_place, 1.0, 1.0, None),
                     (place, 1.0, 0.5, None), (place, -1.0, 0.5, 8), (over_place, -1.0, 1.0, None)]
        self.stage, self.held = 0, 0

    def action(self, obs):
        """The expert's 7-D action for observation `obs` (robosuite's observation dict)."""
        np = self.np
        target, gripper, limit, hold = self.plan[self.stage]
        error = target - obs["robot0_eef_pos"]
        self.held += 1
        reached = self.held >= hold if hold is not None else (
            np.linalg.norm(error) < (0.01 if limit < 1.0 else 0.02) or self.held >= STAGE_STEPS)
        if reached and self.stage < len(self.plan) - 1:
            self.stage, self.held = self.stage + 1, 0
            target, gripper, limit, hold = self.plan[self.stage]
            error = target - obs["robot0_eef_pos"]
        turn = rotation_vector(self.orientation @ quat_matrix(obs["robot0_eef_quat"], np).T, np)
        result = np.zeros(7)
        result[:3] = np.clip(error * GAIN, -limit, limit)
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
