"""Spread polspec evaluations and sweeps over a Ray cluster (docs/cluster.md).

    # the shards of one evaluation on the cluster's workers, merged into one report
    python tools/ray/polspec_ray.py bench --shards 8 --out runs/mt10 -- \\
        --env "/work/venv-mw/bin/python tools/envs/metaworld_env.py" --tasks mt10 --checkpoint runs/bc

    # specs x seeds, each trained then evaluated (polspec bench --spec), and one comparison table
    python tools/ray/polspec_ray.py sweep --specs specs/a.yaml specs/b.yaml --seeds 0 1 2 --out runs/sweep -- \\
        --suite metaworld-like --tasks mt10 --demos 50

    # the same table from sweep report folders made elsewhere (e.g. a Slurm array); no Ray needed
    python tools/ray/polspec_ray.py table runs/sweep/reports/* --out runs/sweep/table.md

Ray schedules; polspec does the work: every task runs the polspec binary (`--polspec`, default
`polspec` on the workers' PATH) in the working folder (`--cwd`, default the launcher's), so the
binary, specs, checkpoints and environment commands must exist at those paths on every worker
(a shared file system, or the same image). Reports come back to the launcher as JSON through Ray,
so the output folder needs to be on the launcher's machine only.

- `bench`: task i runs `polspec bench ARGS --shard i/N --out DIR --quiet` in a temporary folder on its
  worker and returns report.json; the launcher writes OUT/shard-i-of-N/report.json and runs
  `polspec bench merge` into OUT/merged. Shards of one run give exactly the episodes of a single
  run, so the merged report equals a single-process run (`bench merge` refuses shards of different
  runs).
- `sweep`: the task of (spec, seed) runs `polspec bench --spec SPEC --set recipe.seed=SEED --seed
  SEED ARGS` (train, then evaluate) and returns its report; the launcher writes
  OUT/reports/<spec>-seed<seed>/report.json and the comparison table OUT/table.md (also printed):
  a row per (spec, seed) with the success per group and overall (95% Wilson intervals, from the
  reports) and a row per spec with the mean, minimum and maximum over its seeds.

`--address` is Ray's (`auto`: the running cluster, as `ray start` made it; `local`: a cluster of
this machine only). `--cpus-per-task` (default 1) is what Ray reserves per task: give polspec the
same number of threads (`--threads`, `--env-workers`) in ARGS. Exit status: 0 ok, 2 usage errors,
3 when a task or the merge failed (each failing task's command and stderr are printed).
"""

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile


def run_polspec(polspec, args, cwd):
    """Runs polspec; (exit status, stdout, stderr)."""
    done = subprocess.run([polspec] + args, cwd=cwd, capture_output=True, text=True)
    return done.returncode, done.stdout, done.stderr


def bench_task(polspec, args, cwd):
    """Runs `polspec bench ARGS --out TMP --quiet` on a worker; (status, report.json text or None, stderr, command)."""
    with tempfile.TemporaryDirectory(prefix="polspec-ray-") as tmp:
        out = os.path.join(tmp, "report")
        command = ["bench"] + args + ["--out", out, "--quiet"]
        status, _, stderr = run_polspec(polspec, command, cwd)
        report = None
        if status == 0:
            with open(os.path.join(out, "report.json")) as f:
                report = f.read()
        return status, report, stderr, " ".join(shlex.quote(a) for a in [polspec] + command)


def write_report(folder, text):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "report.json"), "w") as f:
        f.write(text)


def run_tasks(ray, jobs, cpus, polspec, cwd):
    """Runs (name, args) bench tasks on Ray; [(name, status, report, stderr, command)] in order."""
    remote = ray.remote(num_cpus=cpus)(bench_task)
    refs = [remote.remote(polspec, args, cwd) for _, args in jobs]
    return [(name,) + tuple(result) for (name, _), result in zip(jobs, ray.get(refs))]


def failures(results):
    bad = [r for r in results if r[1] != 0]
    for name, status, _, stderr, command in bad:
        print("error: task %s exited with status %d: %s\n%s" % (name, status, command, stderr.rstrip()), file=sys.stderr)
    return bad


def bench(ray, options, rest):
    if options.shards < 1:
        raise UsageError("--shards must be at least 1")
    if any(a == "--shard" or a.startswith("--shard=") or a == "--out" or a.startswith("--out=") for a in rest):
        raise UsageError("give neither --shard nor --out after --: the launcher sets them")
    n = options.shards
    jobs = [("shard-%d-of-%d" % (i, n), rest + ["--shard", "%d/%d" % (i, n)]) for i in range(1, n + 1)]
    results = run_tasks(ray, jobs, options.cpus_per_task, options.polspec, options.cwd)
    if failures(results):
        return 3
    folders = []
    for name, _, report, _, _ in results:
        folder = os.path.join(options.out, name)
        write_report(folder, report)
        folders.append(os.path.abspath(folder))
    merged = os.path.abspath(os.path.join(options.out, "merged"))
    status, stdout, stderr = run_polspec(options.polspec, ["bench", "merge"] + folders + ["--out", merged, "--force"], options.cwd)
    sys.stdout.write(stdout)
    sys.stderr.write(stderr)
    return 0 if status == 0 else 3


def sweep(ray, options, rest):
    if not options.specs or not options.seeds:
        raise UsageError("give --specs and --seeds")
    if any(a in ("--spec", "--checkpoint", "--policy", "--out") or a.split("=")[0] in ("--spec", "--checkpoint", "--policy", "--out")
           for a in rest):
        raise UsageError("give no --spec, --checkpoint, --policy or --out after --: the launcher sets them")
    jobs, keys = [], []
    for spec in options.specs:
        stem = os.path.splitext(os.path.basename(spec))[0]
        for seed in options.seeds:
            jobs.append(("%s-seed%d" % (stem, seed), ["--spec", spec, "--set", "recipe.seed=%d" % seed, "--seed", str(seed)] + rest))
            keys.append((stem, seed))
    results = run_tasks(ray, jobs, options.cpus_per_task, options.polspec, options.cwd)
    bad = failures(results)
    rows = []
    for (name, status, report, _, _), (spec, seed) in zip(results, keys):
        if status == 0:
            write_report(os.path.join(options.out, "reports", name), report)
            rows.append((spec, seed, json.loads(report)))
    if not rows:
        return 3
    table = comparison_table(rows)
    with open(os.path.join(options.out, "table.md"), "w") as f:
        f.write(table)
    sys.stdout.write(table)
    return 3 if bad else 0


def table(options):
    """`table DIR...`: the comparison table of sweep report folders (OUT/reports/<spec>-seed<seed>)."""
    rows = []
    for folder in options.folders:
        spec, cut, seed = os.path.basename(os.path.normpath(folder)).rpartition("-seed")
        try:
            with open(os.path.join(folder, "report.json")) as f:
                rows.append((spec, int(seed), json.load(f)))
        except (OSError, ValueError) as error:
            print("error: %s is not a sweep report folder <spec>-seed<seed> with a report.json: %s" % (folder, error),
                  file=sys.stderr)
            return 2 if not cut or not seed.isdigit() else 3
    try:
        text = comparison_table(rows)
    except (KeyError, TypeError) as error:
        print("error: a report.json lacks what a polspec bench report holds: %r" % error, file=sys.stderr)
        return 3
    if options.out:
        with open(options.out, "w") as f:
            f.write(text)
    sys.stdout.write(text)
    return 0


def comparison_table(rows):
    """The sweep's markdown table from [(spec, seed, report)]: success per group and overall, per seed and per spec."""
    groups = []
    for _, _, report in rows:
        groups += [g["name"] for g in report["groups"] if g["name"] not in groups]

    def cell(entry):
        if entry is None:
            return ""
        return "%.1f%% [%.1f, %.1f]" % (100 * entry["success_rate"], 100 * entry["wilson_low"], 100 * entry["wilson_high"])

    lines = ["| spec | seed | " + " | ".join(groups) + " | overall (95% CI) | mean over tasks | episodes |",
             "|---|---:|" + "---:|" * (len(groups) + 3)]
    for spec, seed, report in rows:
        by_name = {g["name"]: g for g in report["groups"]}
        lines.append("| %s | %d | %s | %s | %.1f%% | %d |" % (
            spec, seed, " | ".join(cell(by_name.get(g)) for g in groups), cell(report["overall"]),
            100 * report["overall_success_rate"], report["overall"]["episodes"]))
    for spec in sorted(set(r[0] for r in rows), key=[r[0] for r in rows].index):
        rates = [100 * r[2]["overall_success_rate"] for r in rows if r[0] == spec]
        lines.append("| %s | mean of %d | %s | | %.1f%% (%.1f-%.1f) | |" % (
            spec, len(rates), " | ".join("" for _ in groups), sum(rates) / len(rates), min(rates), max(rates)))
    return "\n".join(lines) + "\n"


class UsageError(Exception):
    pass


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    rest = []
    if "--" in argv:
        cut = argv.index("--")
        argv, rest = argv[:cut], argv[cut + 1:]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--address", default="auto", help="Ray cluster address (auto: the running cluster; local: this machine only)")
    parser.add_argument("--polspec", default="polspec", help="the polspec binary on the workers")
    parser.add_argument("--cwd", default=os.getcwd(), help="the folder the workers run polspec in (default: this one)")
    parser.add_argument("--cpus-per-task", type=float, default=1, help="CPUs Ray reserves for each task")
    commands = parser.add_subparsers(dest="command", required=True)
    b = commands.add_parser("bench", help="shards of one evaluation, merged")
    b.add_argument("--shards", type=int, required=True)
    b.add_argument("--out", required=True)
    s = commands.add_parser("sweep", help="specs x seeds, trained and evaluated, one table")
    s.add_argument("--specs", nargs="+", default=[])
    s.add_argument("--seeds", nargs="+", type=int, default=[])
    s.add_argument("--out", required=True)
    t = commands.add_parser("table", help="the sweep table of report folders named <spec>-seed<seed> (no Ray needed)")
    t.add_argument("folders", nargs="+")
    t.add_argument("--out", help="also write the table to this file")
    options = parser.parse_args(argv)
    if options.command == "table":
        return table(options)
    try:
        import ray
    except ImportError:
        print("error: the launcher needs Ray: pip install 'ray>=2'", file=sys.stderr)
        return 2
    try:
        if options.address == "local":
            ray.init(include_dashboard=False, log_to_driver=False)
        else:
            ray.init(address=options.address, include_dashboard=False, log_to_driver=False)
        return (bench if options.command == "bench" else sweep)(ray, options, rest)
    except UsageError as error:
        print("error: %s" % error, file=sys.stderr)
        return 2
    finally:
        if ray.is_initialized():
            ray.shutdown()


if __name__ == "__main__":
    sys.exit(main())
