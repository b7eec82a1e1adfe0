"""Meta-World (v3) as a polspec environment: `polspec bench --env "PYTHON tools/envs/metaworld_env.py"`.

Install (pinned; docs/env-protocol.md, "Meta-World"):

    python3 -m venv /work/venv-mw
    /work/venv-mw/bin/pip install "metaworld==3.1.1" packaging      # mujoco 3.3.0, gymnasium 1.4

(`packaging` because gymnasium imports it without declaring it.) State only: no GL is needed.

- Tasks: the 50 v3 tasks by their names without `-v3`, in Meta-World's difficulty groups (easy 28,
  medium 11, hard 6, very-hard 5); sets mt10, mt25, mt50 (Meta-World's lists) and the groups.
- Observations: `state`, the 39-D Meta-World observation with the goal visible (privileged: it
  holds the objects' true poses), and `proprio`, its first 4 values (hand xyz and gripper
  opening). polspec adds `task_id` and `instruction`.
- Action: 4-D in [-1, 1] (clipped), Meta-World's dx, dy, dz, gripper effort.
- Episodes: at most 500 steps (`max_path_length`); success is `info["success"]` after a step.
- Seeded resets: Meta-World's `reset(seed=)` ignores the seed, so the adapter seeds each task's
  own generator with (task, seed) and lets Meta-World draw the object and goal placements from the
  task's random-reset space (redrawing where the task's own rules say so): the same (task, seed)
  gives the same scene on every run and machine. polspec resets evaluation episode k with seed k
  and demos with seeds from 1,000,000 on, so training and evaluation never share a placement.
- Expert: Meta-World's scripted policy of the task (`metaworld.policies`), for demos and
  `--policy expert`.

`--speed N` steps the environments directly in Python (random actions, no protocol) and prints
steps per second, the baseline the bridge's `polspec bench speed --env` is compared with.
"""

import argparse
import os
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import polspec_env  # noqa: E402

ADAPTER = "polspec-metaworld 1"

# name, difficulty group (Seo et al., as LeRobot's metaworld_config.json), polspec's instruction.
TASKS = [
    ("assembly", "hard", "pick up the nut and put it on the peg"),
    ("basketball", "medium", "dunk the basketball into the hoop"),
    ("bin-picking", "medium", "move the puck from one bin into the other"),
    ("box-close", "medium", "pick up the lid and close the box"),
    ("button-press-topdown", "easy", "press the button from the top"),
    ("button-press-topdown-wall", "easy", "press the button behind the wall from the top"),
    ("button-press", "easy", "press the button"),
    ("button-press-wall", "easy", "press the button behind the wall"),
    ("coffee-button", "easy", "push the button on the coffee machine"),
    ("coffee-pull", "medium", "pull the mug from the coffee machine"),
    ("coffee-push", "medium", "push the mug under the coffee machine"),
    ("dial-turn", "easy", "turn the dial"),
    ("disassemble", "very-hard", "pick the nut off the peg"),
    ("door-close", "easy", "close the door"),
    ("door-lock", "easy", "lock the door by turning the lock down"),
    ("door-open", "easy", "open the door"),
    ("door-unlock", "easy", "unlock the door by turning the lock up"),
    ("hand-insert", "hard", "insert the puck into the hole"),
    ("drawer-close", "easy", "close the drawer"),
    ("drawer-open", "easy", "open the drawer"),
    ("faucet-open", "easy", "turn the faucet handle to open it"),
    ("faucet-close", "easy", "turn the faucet handle to close it"),
    ("hammer", "medium", "hammer the nail into the wall"),
    ("handle-press-side", "easy", "press the handle down sideways"),
    ("handle-press", "easy", "press the handle down"),
    ("handle-pull-side", "easy", "pull the handle up sideways"),
    ("handle-pull", "easy", "pull the handle up"),
    ("lever-pull", "easy", "pull the lever up"),
    ("pick-place-wall", "very-hard", "pick up the puck and place it at the goal behind the wall"),
    ("pick-out-of-hole", "hard", "pick the puck out of the hole"),
    ("pick-place", "hard", "pick up the puck and place it at the goal"),
    ("plate-slide", "easy", "slide the plate into the goal slot"),
    ("plate-slide-side", "easy", "slide the plate sideways into the goal slot"),
    ("plate-slide-back", "easy", "slide the plate back out of the slot"),
    ("plate-slide-back-side", "easy", "slide the plate sideways back out of the slot"),
    ("peg-insert-side", "medium", "insert the peg into the hole from the side"),
    ("peg-unplug-side", "easy", "unplug the peg from the hole"),
    ("soccer", "medium", "kick the ball into the goal"),
    ("stick-push", "very-hard", "grasp the stick and push the thermos with it"),
    ("stick-pull", "very-hard", "grasp the stick and pull the thermos with it"),
    ("push", "hard", "push the puck to the goal"),
    ("push-wall", "medium", "push the puck around the wall to the goal"),
    ("push-back", "hard", "push the puck back to the goal"),
    ("reach", "easy", "reach the goal position"),
    ("reach-wall", "easy", "reach the goal position behind the wall"),
    ("shelf-place", "very-hard", "pick up the block and place it on the shelf"),
    ("sweep-into", "medium", "sweep the puck into the hole"),
    ("sweep", "medium", "sweep the puck off the table edge"),
    ("window-open", "easy", "slide the window open"),
    ("window-close", "easy", "slide the window closed"),
]
GROUPS = ["easy", "medium", "hard", "very-hard"]


def _versions():
    from importlib import metadata
    return {name: metadata.version(name) for name in ("metaworld", "mujoco", "gymnasium", "numpy")}


class MetaWorld:
    """The environment: one Meta-World env object per task, created on first use."""

    def __init__(self):
        import numpy as np
        import metaworld  # noqa: F401  (registers the environments)
        import metaworld.env_dict as env_dict
        import metaworld.policies as policies
        self.np = np
        self.env_dict = env_dict
        self.policies = policies
        self.envs = {}
        self.env = None
        self.policy = None
        self.obs = None
        self.expert = False

    def describe(self):
        versions = _versions()
        sets = [{"name": "mt10", "tasks": [k[:-3] for k in self.env_dict.MT10_V3]},
                {"name": "mt25", "tasks": [k[:-3] for k in self.env_dict.MT25_V3]},
                {"name": "mt50", "tasks": [k[:-3] for k in self.env_dict.MT50_V3]}]
        sets += [{"name": g, "tasks": [n for n, group, _ in TASKS if group == g]} for g in GROUPS]
        return {
            "env": {"name": "metaworld", "version": versions.pop("metaworld"), "adapter": ADAPTER, "info": versions},
            "tasks": [{"name": n, "group": g, "instruction": i} for n, g, i in TASKS],
            "groups": GROUPS,
            "task_sets": sets,
            "default_tasks": "mt10",
            "observation": [{"name": "state", "kind": "float32", "shape": [39], "privileged": True},
                            {"name": "proprio", "kind": "float32", "shape": [4], "privileged": False}],
            "action": {"dim": 4, "low": -1.0, "high": 1.0},
            "max_steps": 500,
            "expert": True,
        }

    def _env(self, task):
        if task not in self.envs:
            key = task + "-v3"
            if key not in self.env_dict.ALL_V3_ENVIRONMENTS:
                raise ValueError("unknown Meta-World task %r" % task)
            env = self.env_dict.ALL_V3_ENVIRONMENTS[key]()
            env._partially_observable = False   # MT: the goal is in obs[36:39] ...
            if "sawyer_observation_space" in env.__dict__:
                del env.sawyer_observation_space  # ... and the cached observation box (steps clip to it) must allow it
            env._set_task_called = True
            env._freeze_rand_vec = False        # draw placements at every reset ...
            env.seeded_rand_vec = True          # ... from env.np_random, which reset seeds
            self.envs[task] = (env, self.policies.ENV_POLICY_MAP[key]())
        return self.envs[task]

    @staticmethod
    def placement_seed(task, seed):
        """The seed of the task's placement generator for reset seed `seed`."""
        import numpy as np
        return int(np.random.SeedSequence([zlib.crc32(task.encode()), seed]).generate_state(1)[0])

    def reset(self, task, seed, expert):
        self.env, self.policy = self._env(task)
        self.env.seed(self.placement_seed(task, seed))
        self.obs, _ = self.env.reset()
        self.expert = expert
        return self._reply(instruction=dict((n, i) for n, _, i in TASKS)[task])

    def step(self, action):
        if self.env is None:
            raise ValueError("step before reset")
        action = self.np.clip(self.np.asarray(action, dtype=self.np.float64), -1.0, 1.0)
        self.obs, reward, _, truncated, info = self.env.step(action)
        done = bool(truncated) or self.env.curr_path_length >= self.env.max_path_length
        return self._reply(reward=float(reward), success=bool(info["success"] > 0), done=done)

    def _reply(self, **extra):
        obs = self.np.asarray(self.obs, dtype=self.np.float32)
        extra["obs"] = {"state": obs, "proprio": obs[:4]}
        if self.expert:
            extra["expert_action"] = self.np.clip(self.policy.get_action(self.obs), -1.0, 1.0).astype(self.np.float32)
        return extra


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--speed", type=int, metavar="N", help="step N times directly in Python and print steps/s")
    parser.add_argument("--tasks", default="mt10", help="with --speed: a set (mt10, mt50, ...) or comma-separated tasks")
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()
    if options.speed:
        world = MetaWorld()
        sets = {s["name"]: s["tasks"] for s in world.describe()["task_sets"]}
        tasks = sets.get(options.tasks) or options.tasks.split(",")
        rng = world.np.random.default_rng(0)

        def reset(task, index):
            world.reset(task, index, False)
            return 500

        rate = polspec_env.steps_per_second(reset, lambda: world.env.step(rng.uniform(-1, 1, 4)), tasks, options.speed,
                                            options.repeats)
        print("metaworld %s stepped directly in Python: %.0f steps/s (tasks %s, random actions, median of %d)"
              % (_versions()["metaworld"], rate, options.tasks, options.repeats))
        return
    polspec_env.serve(MetaWorld())


if __name__ == "__main__":
    main()
