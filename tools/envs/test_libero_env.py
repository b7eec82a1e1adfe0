"""Checks tools/envs/libero_env.py against an installed LIBERO; run by hand (skipped without LIBERO):

    LIBERO_ASSETS=DIR MUJOCO_GL=osmesa /work/venv-libero/bin/python -m unittest tools/envs/test_libero_env.py

It speaks the protocol to the adapter in a child process (JSON lines), as polspec does.
"""

import base64
import importlib.util
import json
import os
import subprocess
import sys
import unittest

ADAPTER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "libero_env.py")
TASK = "pick_up_the_black_bowl_on_the_cookie_box_and_place_it_on_the_plate"
INSTALLED = importlib.util.find_spec("libero") is not None and importlib.util.find_spec("robosuite") is not None


@unittest.skipUnless(INSTALLED and os.environ.get("LIBERO_ASSETS"), "needs hf-libero and LIBERO_ASSETS")
class LiberoAdapterTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.process = subprocess.Popen([sys.executable, ADAPTER, "--images", "--size", "64"], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        cls.hello = cls.request({"type": "hello", "protocol": 1, "encodings": ["json"]})

    @classmethod
    def tearDownClass(cls):
        cls.process.stdin.close()
        cls.process.wait(timeout=30)

    @classmethod
    def request(cls, message):
        cls.process.stdin.write(json.dumps(message).encode() + b"\n")
        cls.process.stdin.flush()
        return json.loads(cls.process.stdout.readline())

    def test_hello_names_libero_and_its_fields(self):
        self.assertEqual(self.hello["env"]["name"], "libero")
        self.assertEqual(self.hello["env"]["adapter"], "polspec-libero 1")
        self.assertEqual(self.hello["action"]["dim"], 7)
        self.assertEqual([(f["name"], f["shape"]) for f in self.hello["observation"]],
                         [("proprio", [8]), ("state", [96]), ("agentview_image", [3, 64, 64]),
                          ("robot0_eye_in_hand_image", [3, 64, 64])])
        sets = {s["name"]: len(s["tasks"]) for s in self.hello["task_sets"]}
        self.assertEqual(sets, {"spatial": 10, "object": 10, "goal": 10, "long": 10, "10": 10, "all": 40})

    def test_reset_to_an_initial_state_is_reproducible(self):
        first = self.request({"type": "reset", "task": TASK, "seed": 3})
        other = self.request({"type": "reset", "task": TASK, "seed": 4})
        again = self.request({"type": "reset", "task": TASK, "seed": 3})
        self.assertEqual(first["instruction"], "pick up the black bowl on the cookie box and place it on the plate")
        self.assertNotEqual(first["obs"]["state"], other["obs"]["state"])
        self.assertEqual(first["obs"]["state"], again["obs"]["state"])
        self.assertEqual(first["obs"]["proprio"], again["obs"]["proprio"])

    def test_step_returns_the_documented_fields(self):
        self.request({"type": "reset", "task": TASK, "seed": 0})
        reply = self.request({"type": "step", "action": [0, 0, 0.5, 0, 0, 0, -1]})
        self.assertEqual(reply["type"], "step")
        self.assertEqual((reply["success"], reply["done"]), (False, False))
        self.assertEqual(len(reply["obs"]["proprio"]), 8)
        self.assertEqual(len(base64.b64decode(reply["obs"]["agentview_image"])), 3 * 64 * 64)

    def test_seeds_beyond_the_fixed_initial_states_draw_new_placements(self):
        fixed = [self.request({"type": "reset", "task": TASK, "seed": k})["obs"]["state"] for k in range(3)]
        drawn = self.request({"type": "reset", "task": TASK, "seed": 1000000})["obs"]["state"]
        other = self.request({"type": "reset", "task": TASK, "seed": 1000001})["obs"]["state"]
        again = self.request({"type": "reset", "task": TASK, "seed": 1000000})["obs"]["state"]
        self.assertEqual(drawn, again)
        self.assertNotEqual(drawn, other)
        self.assertNotIn(drawn, fixed)

    def test_the_spatial_expert_puts_the_bowl_on_the_plate(self):
        reply = self.request({"type": "reset", "task": TASK, "seed": 1000000, "expert": True})
        for _ in range(220):
            reply = self.request({"type": "step", "action": reply["expert_action"]})
            if reply["success"]:
                break
        self.assertTrue(reply["success"])

    def test_the_expert_is_refused_outside_spatial(self):
        task = next(t["name"] for t in self.hello["tasks"] if t["group"] == "object")
        reply = self.request({"type": "reset", "task": task, "seed": 0, "expert": True})
        self.assertEqual(reply["type"], "error")
        self.assertIn("LIBERO-Spatial tasks only", reply["message"])


if __name__ == "__main__":
    unittest.main()
