"""A fake environment for polspec's bridge tests: a point that moves on a plane toward a goal.

It speaks the environment protocol through tools/envs/polspec_env.py (stdlib only). Tasks:
`reach` and `push` (group easy / hard), and tasks that break the protocol on purpose to test
how polspec copes:
  crash        the process exits with status 3 at step 3
  hang         the process stops answering at step 2
  garbage      a reply that is not the protocol at step 2
  error        the environment reports an error at the reset
  slow-start   (with --slow-start S) the hello comes after S seconds

Options: --image N adds a uint8 [3, N, N] camera field; --encoding json|binary limits what it
accepts; --version V changes its version (a different hello); --max-steps N (default 40).
The state is [x, y, gx, gy] (privileged), proprio [x, y]; the action [dx, dy] moves by 0.1 x it;
success when the point is within 0.05 of the goal. Placements come from random.Random(task, seed).
"""

import argparse
import os
import random
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tools", "envs"))
import polspec_env  # noqa: E402

TASKS = [("reach", "easy", "reach the goal"), ("push", "hard", "push the point to the goal"),
         ("crash", "faulty", "crash"), ("hang", "faulty", "hang"), ("garbage", "faulty", "garbage"), ("error", "faulty", "error")]


class FakeEnv:
    def __init__(self, options):
        self.options = options
        self.state = None
        self.task = None
        self.steps = 0
        self.pattern = None

    def describe(self):
        fields = [{"name": "state", "kind": "float32", "shape": [4], "privileged": True},
                  {"name": "proprio", "kind": "float32", "shape": [2]}]
        if self.options.image:
            fields.append({"name": "camera", "kind": "uint8", "shape": [3, self.options.image, self.options.image]})
        return {
            "env": {"name": "fake", "version": self.options.version, "adapter": "fake_env.py 1", "info": {"python": sys.version.split()[0]}},
            "tasks": [{"name": n, "group": g, "instruction": i} for n, g, i in TASKS],
            "groups": ["easy", "hard", "faulty"],
            "task_sets": [{"name": "all", "tasks": ["reach", "push"]}, {"name": "faulty", "tasks": ["crash", "hang", "garbage", "error"]}],
            "default_tasks": "all",
            "observation": fields,
            "action": {"dim": 2, "low": -1, "high": 1},
            "max_steps": self.options.max_steps,
            "expert": True,
        }

    def reset(self, task, seed, expert):
        if task == "error":
            raise RuntimeError("cannot reset task 'error' (on purpose)")
        rng = random.Random("%s:%d" % (task, seed))
        self.state = [rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1)]
        self.task, self.steps = task, 0
        return self._reply(expert, instruction=dict((n, i) for n, _, i in TASKS)[task] + " (seed %d)" % seed)

    def step(self, action):
        self.steps += 1
        if self.task == "crash" and self.steps == 3:
            os._exit(3)
        if self.task == "hang" and self.steps == 2:
            time.sleep(3600)
        if self.task == "garbage" and self.steps == 2:
            os.write(self.options.protocol_fd, b"this is not the protocol\n" * 3)
        x, y, gx, gy = self.state
        x += 0.1 * max(-1.0, min(1.0, action[0]))
        y += 0.1 * max(-1.0, min(1.0, action[1]))
        self.state = [x, y, gx, gy]
        success = (x - gx) ** 2 + (y - gy) ** 2 <= 0.05 ** 2
        return self._reply(True, reward=-((x - gx) ** 2 + (y - gy) ** 2) ** 0.5, success=success,
                           done=self.steps >= self.options.max_steps)

    def _reply(self, expert, **extra):
        x, y, gx, gy = self.state
        obs = {"state": list(self.state), "proprio": [x, y]}
        if self.options.image:
            # Byte i is (7 i + step) mod 256, made at C speed (bytes.translate) so that timings
            # through the protocol measure the protocol rather than this loop.
            if self.pattern is None:
                self.pattern = bytes((i * 7) % 256 for i in range(3 * self.options.image ** 2))
            obs["camera"] = self.pattern.translate(bytes((b + self.steps) % 256 for b in range(256)))
        extra["obs"] = obs
        if expert:
            extra["expert_action"] = [max(-1.0, min(1.0, (gx - x) / 0.1)), max(-1.0, min(1.0, (gy - y) / 0.1))]
        return extra


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--image", type=int, default=0)
    parser.add_argument("--encoding", choices=["json", "binary"])
    parser.add_argument("--version", default="1.0")
    parser.add_argument("--max-steps", type=int, default=40)
    parser.add_argument("--slow-start", type=float, default=0)
    options = parser.parse_args()
    if options.encoding:
        polspec_env.ENCODINGS = (options.encoding,)
    time.sleep(options.slow_start)
    options.protocol_fd = os.dup(1)
    polspec_env.serve(FakeEnv(options))


if __name__ == "__main__":
    main()
