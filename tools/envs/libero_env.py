"""LIBERO as a polspec environment: `polspec bench --env "PYTHON tools/envs/libero_env.py [--images]"`.

Install (pinned; docs/env-protocol.md, "LIBERO"):

    apt-get install -y cmake libosmesa6          # cmake builds egl_probe; OSMesa renders headless
    python3 -m venv /work/venv-libero
    /work/venv-libero/bin/pip install "hf-libero==0.1.4"    # robosuite 1.4.0, mujoco 3.8.1, bddl 1.0.1
    python3 tools/envs/libero_assets.py LIBERO_GIT_DIR --out ~/libero-assets   # without Hub access

- Assets: hf-libero fetches the scene and object assets from the Hugging Face Hub on first use.
  `--assets DIR` (or `LIBERO_ASSETS`) points it at a folder instead (hf-libero's
  `libero.libero.get_assets_path()` returns its cache `_assets_path_cache`, which the adapter
  sets); a folder rebuilt by tools/envs/libero_assets.py names its substitutions in
  SUBSTITUTIONS.txt and the hello's `info.assets` says so. The adapter also writes LIBERO's
  config file (`LIBERO_CONFIG_PATH`, default a folder under the system's temporary directory)
  so that `import libero.libero` does not ask on stdin.
- Tasks: the 40 tasks of LIBERO-Spatial, -Object, -Goal and -10 (LIBERO's task order 0), named
  by their BDDL files; groups and sets `spatial`, `object`, `goal`, `long` (also `10`) and `all`.
  Instruction: the task's language (`task.language`, the BDDL file name in words, as every
  published evaluation feeds it).
- Episodes: episode k (seed k, 0-49) starts from the task's k-th fixed initial state
  (`benchmark.get_task_init_states`), after `env.seed(0)`, `env.reset()`,
  `env.set_init_state(...)` and 10 no-op steps (zero motion, gripper open) that let the objects
  settle, the protocol of OpenVLA, openpi and OpenVLA-OFT. Seeds 50 and up start from a new
  placement that LIBERO's own placement sampler draws from the task's BDDL regions
  (`env.seed(seed)`, `env.reset()`, then the same settling): evaluation beyond 50 episodes, and
  the training configurations of demos (polspec records them from seeds 1,000,000 up), which
  are thus never one of the 50 evaluation states. Steps after the settling: at most 220
  (spatial), 280 (object), 300 (goal), 520 (long); the hello's `max_steps` is 520 and the adapter
  ends shorter suites with `done`. Success: the env's `done` (`_check_success()`, all of the
  BDDL goal's predicates) at any step.
- Action: 7-D in [-1, 1] (clipped): robosuite OSC_POSE deltas (x, y, z, axis-angle) and the
  gripper (-1 open, +1 closed).
- Observations: `proprio` [8] = end-effector position (3), orientation as axis-angle (3, from
  robosuite's quaternion) and the two finger joint positions (2), the 8-D state of OpenVLA and
  openpi; `state` [STATE_DIM] (privileged) = every non-robot joint position of the MuJoCo model
  in model order (each object's free joint: position and quaternion w, x, y, z; each articulated
  fixture's hinge or slide: one value), zero-padded. With `--images`: `agentview_image` and
  `robot0_eye_in_hand_image`, uint8 [3, size, size] as LIBERO renders them (robosuite's OpenGL
  row order, i.e. upside down, like LIBERO's own datasets), through MuJoCo with `MUJOCO_GL`
  (default osmesa).
- Expert: LIBERO has human demonstrations, not scripted policies. For LIBERO-Spatial the adapter
  has one of its own (tools/envs/libero_expert.py: the bowl picked by its rim and set on the
  plate, from the true object positions); resets of other tasks that ask for the expert are
  refused.

`--speed N` steps directly in Python (random actions, no protocol) and prints steps per second.
"""

import argparse
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import libero_expert  # noqa: E402
import polspec_env  # noqa: E402

ADAPTER = "polspec-libero 1"
SUITES = [("spatial", "libero_spatial", 220), ("object", "libero_object", 280),
          ("goal", "libero_goal", 300), ("long", "libero_10", 520)]
SETTLE_STEPS = 10
INIT_STATES = 50
STATE_DIM = 96
NOOP = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -1.0]


def _versions():
    from importlib import metadata
    return {name: metadata.version(name) for name in ("hf-libero", "robosuite", "mujoco", "bddl", "numpy")}


def configure(assets, config_dir):
    """Writes LIBERO's config file and points hf-libero at `assets`; returns libero.libero."""
    import importlib.util
    import yaml
    os.environ["LIBERO_CONFIG_PATH"] = config_dir
    os.makedirs(config_dir, exist_ok=True)
    package = os.path.join(os.path.dirname(importlib.util.find_spec("libero").origin), "libero")
    paths = {"benchmark_root": package, "bddl_files": os.path.join(package, "bddl_files"),
             "init_states": os.path.join(package, "init_files"), "datasets": os.path.join(config_dir, "datasets"),
             "assets": assets}
    with open(os.path.join(config_dir, "config.yaml"), "w") as handle:
        yaml.dump(paths, handle)
    import libero.libero as libero
    if assets:
        if not os.path.isdir(assets):
            raise SystemExit("LIBERO assets folder %s does not exist" % assets)
        libero._assets_path_cache = assets
    return libero


def quat_to_axis_angle(quat, np):
    """robosuite's (x, y, z, w) quaternion as an axis-angle vector (robosuite.utils.transform_utils)."""
    x, y, z, w = (float(q) for q in quat)
    w = min(max(w, -1.0), 1.0)
    den = np.sqrt(1.0 - w * w)
    if den < 1e-9:
        return np.zeros(3)
    return np.array([x, y, z]) * 2.0 * np.arccos(w) / den


class Libero:
    """The environment: one LIBERO env, rebuilt when the task changes. LIBERO is imported by
    `load()` (called by `describe`), after `polspec_env.serve` has moved stray prints off stdout."""

    def __init__(self, assets, images=False, size=128):
        self.assets, self.images, self.size = assets, images, size
        self.tasks = None

    def load(self):
        if self.tasks is not None:
            return
        import numpy as np
        self.np = np
        assets = self.assets
        self.libero = configure(assets, os.path.join(tempfile.gettempdir(), "polspec-libero-config"))
        from libero.libero import benchmark
        from libero.libero.envs.env_wrapper import ControlEnv, OffScreenRenderEnv
        self.control_env, self.render_env = ControlEnv, OffScreenRenderEnv
        tasks = {}  # name -> (suite short name, benchmark, index, language, max steps)
        for short, suite, max_steps in SUITES:
            bench = benchmark.get_benchmark_dict()[suite]()
            for index in range(bench.n_tasks):
                task = bench.get_task(index)
                if task.name in tasks:
                    raise RuntimeError("task %s is in two suites" % task.name)
                tasks[task.name] = (short, bench, index, task.language, max_steps)
        self.task = None
        self.env = None
        self.state_addresses = None
        self.steps = 0
        self.max_steps = 0
        self.obs = None
        self.expert = None  # the episode's SpatialExpert, when the reset asked for it
        self.tasks = tasks

    def describe(self):
        self.load()
        versions = _versions()
        version = versions.pop("hf-libero")
        substitutions = os.path.join(self.assets or "", "SUBSTITUTIONS.txt")
        info = dict(versions, assets=("rebuilt by tools/envs/libero_assets.py, some visuals substituted (SUBSTITUTIONS.txt)"
                                      if os.path.exists(substitutions) else (self.assets or "hf-libero's own")))
        observation = [{"name": "proprio", "kind": "float32", "shape": [8], "privileged": False},
                       {"name": "state", "kind": "float32", "shape": [STATE_DIM], "privileged": True}]
        if self.images:
            observation += [{"name": name, "kind": "uint8", "shape": [3, self.size, self.size], "privileged": False}
                            for name in ("agentview_image", "robot0_eye_in_hand_image")]
        sets = [{"name": short, "tasks": [n for n, t in self.tasks.items() if t[0] == short]} for short, _, _ in SUITES]
        sets += [{"name": "10", "tasks": sets[-1]["tasks"]}, {"name": "all", "tasks": list(self.tasks)}]
        return {
            "env": {"name": "libero", "version": version, "adapter": ADAPTER, "info": info},
            "tasks": [{"name": n, "group": t[0], "instruction": t[3]} for n, t in self.tasks.items()],
            "groups": [short for short, _, _ in SUITES],
            "task_sets": sets,
            "default_tasks": "spatial",
            "observation": observation,
            "action": {"dim": 7, "low": -1.0, "high": 1.0},
            "max_steps": max(m for _, _, m in SUITES),
            "expert": True,
        }

    def _build(self, name):
        if self.env is not None:
            self.env.close()
            self.env = None
        _, bench, index, _, _ = self.tasks[name]
        task = bench.get_task(index)
        bddl = os.path.join(self.libero.get_libero_path("bddl_files"), task.problem_folder, task.bddl_file)
        if self.images:
            self.env = self.render_env(bddl_file_name=bddl, camera_heights=self.size, camera_widths=self.size)
        else:
            self.env = self.control_env(bddl_file_name=bddl, has_offscreen_renderer=False, use_camera_obs=False)
        self.init_states = bench.get_task_init_states(index)
        self.task = name
        model = self.env.sim.model
        robot = set(self.env.robots[0].robot_joints) | set(self.env.robots[0].gripper_joints)
        addresses = []
        for j in range(model.njnt):
            if model.joint_id2name(j) in robot:
                continue
            width = {0: 7, 1: 4}.get(int(model.jnt_type[j]), 1)
            start = int(model.jnt_qposadr[j])
            addresses.extend(range(start, start + width))
        if len(addresses) > STATE_DIM:
            raise RuntimeError("task %s has %d object coordinates, more than state's %d" % (name, len(addresses), STATE_DIM))
        self.state_addresses = self.np.array(addresses, dtype=int)

    def reset(self, task, seed, expert):
        if task not in self.tasks:
            raise ValueError("unknown LIBERO task %r" % task)
        if expert and self.tasks[task][0] != "spatial":
            raise ValueError("the scripted expert covers the LIBERO-Spatial tasks only, not %s" % task)
        if not 0 <= seed < 1 << 32:
            raise ValueError("seed %d is outside 0-%d" % (seed, (1 << 32) - 1))
        if task != self.task:
            self._build(task)
        if seed < INIT_STATES:
            self.env.seed(0)
            self.env.reset()
            self.obs = self.env.set_init_state(self.init_states[seed])
        else:
            self.env.seed(seed)
            self.obs = self.env.reset()
        for _ in range(SETTLE_STEPS):
            self.obs, _, _, _ = self.env.step(self.np.array(NOOP))
        self.steps = 0
        self.max_steps = self.tasks[task][4]
        self.expert = None
        reply = {"obs": self._observation(), "instruction": self.tasks[task][3]}
        if expert:
            sim = self.env.sim
            self.expert = libero_expert.SpatialExpert(self.np)
            self.expert.start(self.obs, libero_expert.surface_probe(sim, self.np),
                              sim.data.body_xpos[sim.model.body_name2id("robot0_base")])
            reply["expert_action"] = self.expert.action(self.obs)
        return reply

    def step(self, action):
        if self.env is None:
            raise ValueError("step before reset")
        action = self.np.clip(self.np.asarray(action, dtype=self.np.float64), -1.0, 1.0)
        self.obs, reward, done, _ = self.env.step(action)
        self.steps += 1
        reply = {"obs": self._observation(), "reward": float(reward), "success": bool(done),
                 "done": self.steps >= self.max_steps}
        if self.expert is not None:
            reply["expert_action"] = self.expert.action(self.obs)
        return reply

    def _observation(self):
        np, obs = self.np, self.obs
        proprio = np.concatenate([obs["robot0_eef_pos"], quat_to_axis_angle(obs["robot0_eef_quat"], np),
                                  obs["robot0_gripper_qpos"]]).astype(np.float32)
        state = np.zeros(STATE_DIM, dtype=np.float32)
        qpos = self.env.sim.data.qpos
        state[:len(self.state_addresses)] = qpos[self.state_addresses]
        result = {"proprio": proprio, "state": state}
        if self.images:
            for name in ("agentview_image", "robot0_eye_in_hand_image"):
                result[name] = np.ascontiguousarray(obs[name].transpose(2, 0, 1))
        return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assets", default=os.environ.get("LIBERO_ASSETS"),
                        help="LIBERO's assets folder (default $LIBERO_ASSETS; else hf-libero's own, from the Hub)")
    parser.add_argument("--images", action="store_true", help="add the agentview and wrist camera images")
    parser.add_argument("--size", type=int, default=128, help="image height and width (default 128)")
    parser.add_argument("--speed", type=int, metavar="N", help="step N times directly in Python and print steps/s")
    parser.add_argument("--tasks", default="spatial", help="with --speed: a set (spatial, object, ...) or comma-separated tasks")
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()
    if not 16 <= options.size <= 1024:
        parser.error("--size must be 16-1024")
    os.environ.setdefault("MUJOCO_GL", "osmesa")
    world = Libero(options.assets, options.images, options.size)
    if options.speed:
        world.load()
        sets = {s["name"]: s["tasks"] for s in world.describe()["task_sets"]}
        tasks = sets.get(options.tasks) or options.tasks.split(",")
        rng = world.np.random.default_rng(0)

        def reset(task, index):
            world.reset(task, index % INIT_STATES, False)
            return world.max_steps

        rate = polspec_env.steps_per_second(reset, lambda: world.step(rng.uniform(-1, 1, 7)), tasks, options.speed,
                                            options.repeats)
        print("libero %s stepped directly in Python: %.1f steps/s (tasks %s, %s, random actions, median of %d)"
              % (_versions()["hf-libero"], rate, options.tasks, "images %d" % options.size if options.images else "state only",
                 options.repeats))
        return
    polspec_env.serve(world)


if __name__ == "__main__":
    main()
