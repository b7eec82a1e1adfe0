"""Tests of tools/ray/polspec_ray.py on a local Ray cluster, with the bridge tests' fake environment.

    /work/venv-ray/bin/python -m unittest tools/ray/test_polspec_ray.py

Skipped when Ray is not installed or no polspec binary is found ($POLSPEC, else
.build/release/polspec or .build/debug/polspec). CI does not run it.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LAUNCHER = os.path.join(HERE, "polspec_ray.py")
FAKE = "python3 %s" % os.path.join(ROOT, "Tests", "Fixtures", "bridge", "fake_env.py")
SPEC = os.path.join(ROOT, "Tests", "Fixtures", "bridge", "fake-bc.yaml")

try:
    import ray  # noqa: F401
    HAVE_RAY = True
except ImportError:
    HAVE_RAY = False


def find_polspec():
    candidates = [os.environ.get("POLSPEC")] + [os.path.join(ROOT, ".build", b, "polspec") for b in ("release", "debug")]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


POLSPEC = find_polspec()
# What says how a run was executed rather than what it found.
EXECUTION_KEYS = {"created_at", "wall_time_seconds", "shards"}


def results(report):
    out = {k: v for k, v in report.items() if k not in EXECUTION_KEYS}
    out["run"] = {k: v for k, v in report["run"].items() if k != "shard_count"}
    return out


@unittest.skipUnless(HAVE_RAY, "ray is not installed (pip install 'ray>=2')")
@unittest.skipUnless(POLSPEC, "no polspec binary (set POLSPEC or swift build)")
class LauncherTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="polspec-ray-test-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def launch(self, *args):
        command = [sys.executable, LAUNCHER, "--address", "local", "--polspec", POLSPEC, "--cwd", ROOT] + list(args)
        return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=600)

    def test_merged_shards_equal_a_single_process_run(self):
        bench = ["--env", FAKE, "--env-workers", "1", "--policy", "random", "--tasks", "all", "--episodes", "7", "--seed", "4"]
        single = os.path.join(self.tmp, "single")
        done = subprocess.run([POLSPEC, "bench"] + bench + ["--out", single, "--quiet"], capture_output=True, text=True, cwd=ROOT)
        self.assertEqual(done.returncode, 0, done.stderr)
        out = os.path.join(self.tmp, "ray")
        launched = self.launch("bench", "--shards", "3", "--out", out, "--", *bench)
        self.assertEqual(launched.returncode, 0, launched.stderr)
        with open(os.path.join(single, "report.json")) as f:
            whole = json.load(f)
        with open(os.path.join(out, "merged", "report.json")) as f:
            merged = json.load(f)
        self.assertEqual(merged["shards"], [1, 2, 3])
        self.assertEqual(len(merged["episodes"]), 14)
        self.assertEqual(results(merged), results(whole))
        for i in (1, 2, 3):
            self.assertTrue(os.path.exists(os.path.join(out, "shard-%d-of-3" % i, "report.json")))

    def test_a_failing_task_is_reported(self):
        launched = self.launch("bench", "--shards", "2", "--out", os.path.join(self.tmp, "bad"), "--",
                               "--env", FAKE, "--policy", "random", "--tasks", "nope")
        self.assertEqual(launched.returncode, 3)
        self.assertIn("task shard-1-of-2 exited with status 2", launched.stderr)
        self.assertIn("no task or task set 'nope'", launched.stderr)

    def test_launcher_options_are_checked(self):
        launched = self.launch("bench", "--shards", "2", "--out", self.tmp, "--", "--shard", "1/2")
        self.assertEqual(launched.returncode, 2)
        self.assertIn("the launcher sets them", launched.stderr)

    def test_a_sweep_trains_evaluates_and_tabulates(self):
        out = os.path.join(self.tmp, "sweep")
        launched = self.launch("sweep", "--specs", SPEC, "--seeds", "0", "1", "--out", out, "--",
                               "--env", FAKE, "--env-workers", "1", "--threads", "1", "--tasks", "reach", "--episodes", "4",
                               "--demos", "4", "--data", os.path.join(self.tmp, "demos"))
        for seed in (0, 1):
            path = os.path.join(out, "reports", "fake-bc-seed%d" % seed, "report.json")
            self.assertTrue(os.path.exists(path), launched.stderr)
            with open(path) as f:
                report = json.load(f)
            self.assertEqual(report["run"]["environment"]["name"], "fake")
            self.assertEqual(report["seed"], seed)
        self.assertEqual(launched.returncode, 0, launched.stderr)
        with open(os.path.join(out, "table.md")) as f:
            table = f.read()
        self.assertEqual(table, launched.stdout)
        lines = table.splitlines()
        self.assertTrue(lines[0].startswith("| spec | seed | easy | overall (95% CI) |"), lines[0])
        rates = []
        for seed in (0, 1):
            with open(os.path.join(out, "reports", "fake-bc-seed%d" % seed, "report.json")) as f:
                report = json.load(f)
            rates.append(100 * report["overall_success_rate"])
            overall = report["overall"]
            self.assertIn("| fake-bc | %d | " % seed, table)
            self.assertIn("%.1f%% [%.1f, %.1f]" % (100 * overall["success_rate"], 100 * overall["wilson_low"],
                                                   100 * overall["wilson_high"]), table)
        self.assertIn("| fake-bc | mean of 2 |", lines[-1])
        self.assertIn("%.1f%% (%.1f-%.1f)" % (sum(rates) / 2, min(rates), max(rates)), lines[-1])
        # The same table from the report folders, without Ray.
        folders = [os.path.join(out, "reports", "fake-bc-seed%d" % seed) for seed in (0, 1)]
        again = subprocess.run([sys.executable, LAUNCHER, "table"] + folders, capture_output=True, text=True)
        self.assertEqual((again.returncode, again.stdout), (0, table), again.stderr)
        wrong = subprocess.run([sys.executable, LAUNCHER, "table", out], capture_output=True, text=True)
        self.assertEqual(wrong.returncode, 2, wrong.stderr)
        self.assertIn("is not a sweep report folder", wrong.stderr)


if __name__ == "__main__":
    unittest.main()
