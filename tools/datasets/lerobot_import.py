"""Import a LeRobotDataset v3.0 folder into polspec's demo dataset format (docs/datasets.md).

    python tools/datasets/lerobot_import.py LEROBOT_DIR --out demos/NAME [--force]

Needs pyarrow (`pip install pyarrow`; numpy is not needed). What is read:

- meta/info.json: `codebase_version` must be v3.0; `features` (dtype, shape); `data_path`;
- meta/tasks.parquet: task strings and their `task_index`;
- meta/episodes/chunk-*/file-*.parquet: each episode's `episode_index`, `length`, its data file
  (`data/chunk_index`, `data/file_index`) and its rows (`dataset_from_index`, `dataset_to_index`);
- data/chunk-*/file-*.parquet: the frames: `index`, `episode_index`, `frame_index`, `task_index`,
  `action` and every float feature.

What is written: one `<task>.safetensors` per LeRobot task (the task of an episode's first frame)
and `manifest.json`. Every float `observation.*` feature becomes an observation field named after the feature without its `observation.` prefix, dots as
underscores (`observation.state` -> `state`, `observation.environment_state` ->
`environment_state`); `environment_state` is marked privileged (the simulator's ground truth),
the others are sensors. polspec adds `task_id` (a one-hot over the tasks) as its own suites do.
`action` is both the label and the executed action; `success` is whether `next.success` was ever
true (1 when the dataset has no `next.success`). Other features (rewards, video and image features:
camera frames are not read) are listed on stderr as not imported. Frames must be in order within each episode
(`frame_index` 0, 1, ...); anything else is an error naming the episode.
"""

import argparse
import json
import math
import os
import re
import struct
import sys
import tempfile

FORMAT, VERSION = "polspec-demos", 2
BOOKKEEPING = {"timestamp", "frame_index", "episode_index", "index", "task_index"}
FLOAT_TYPES = {"float32", "float64", "float16"}
PRIVILEGED = {"environment_state"}


class ImportError_(Exception):
    pass


def fail(message):
    raise ImportError_(message)


def read_info(root):
    path = os.path.join(root, "meta", "info.json")
    try:
        with open(path) as f:
            info = json.load(f)
    except (OSError, ValueError) as error:
        fail("%s: %s" % (path, error))
    if info.get("codebase_version") != "v3.0":
        fail("%s: codebase_version is %r; this importer reads LeRobotDataset v3.0 (convert older ones with lerobot's "
             "convert_dataset_v21_to_v30)" % (path, info.get("codebase_version")))
    if not isinstance(info.get("features"), dict) or "action" not in info["features"]:
        fail("%s: no 'features' with an 'action'" % path)
    return info


def field_name(feature):
    name = feature[len("observation."):] if feature.startswith("observation.") else feature
    return name.replace(".", "_")


def slug(text, taken):
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-") or "task"
    name, n = base, 2
    while name in taken:
        name, n = "%s-%d" % (base, n), n + 1
    taken.add(name)
    return name


def read_table(pq, path, columns=None):
    try:
        return pq.read_table(path, columns=columns)
    except Exception as error:  # pyarrow raises several kinds
        fail("%s: %s" % (path, error))


def parquet_files(root, folder):
    found = []
    base = os.path.join(root, folder)
    for chunk in sorted(os.listdir(base)) if os.path.isdir(base) else []:
        directory = os.path.join(base, chunk)
        if chunk.startswith("chunk-") and os.path.isdir(directory):
            found += [os.path.join(directory, f) for f in sorted(os.listdir(directory)) if f.endswith(".parquet")]
    if not found:
        fail("%s has no chunk-*/file-*.parquet" % base)
    return found


def load(root):
    """The dataset as (info, tasks by index, episodes [(index, task_index, {column: rows})], field specs)."""
    import pyarrow.parquet as pq
    info = read_info(root)
    features = info["features"]
    fields, skipped = [], []
    for key, feature in features.items():
        if key in BOOKKEEPING or key == "action":
            continue
        dtype, shape = feature.get("dtype"), feature.get("shape") or [1]
        if key.startswith("observation.") and dtype in FLOAT_TYPES:
            fields.append({"feature": key, "name": field_name(key), "kind": "float32", "shape": [int(s) for s in shape],
                           "privileged": field_name(key) in PRIVILEGED})
        else:
            skipped.append("%s (%s)" % (key, "camera frames are not read" if dtype in ("video", "image") else dtype))
    if features["action"].get("dtype") not in FLOAT_TYPES:
        fail("'action' is %s, not a float feature" % features["action"].get("dtype"))
    action_dim = int(math.prod(features["action"].get("shape") or [1]))

    tasks_table = read_table(pq, os.path.join(root, "meta", "tasks.parquet")).to_pydict()
    if "task_index" not in tasks_table:
        fail("meta/tasks.parquet has no task_index column")
    texts = tasks_table.get("task") or tasks_table.get("__index_level_0__")
    if texts is None:
        fail("meta/tasks.parquet has no task column (the task strings are its index)")
    tasks = dict(zip(tasks_table["task_index"], texts))

    episodes_meta = []
    for path in parquet_files(root, os.path.join("meta", "episodes")):
        table = read_table(pq, path).to_pydict()
        for column in ("episode_index", "length", "data/chunk_index", "data/file_index", "dataset_from_index", "dataset_to_index"):
            if column not in table:
                fail("%s has no %s column" % (path, column))
        for i in range(len(table["episode_index"])):
            episodes_meta.append({c: table[c][i] for c in ("episode_index", "length", "data/chunk_index", "data/file_index",
                                                              "dataset_from_index", "dataset_to_index")})
    episodes_meta.sort(key=lambda e: e["episode_index"])

    columns = ["index", "episode_index", "frame_index", "task_index", "action"] + [f["feature"] for f in fields]
    if "next.success" in features:
        columns.append("next.success")
    data_files = {}
    episodes = []
    for meta in episodes_meta:
        key = (meta["data/chunk_index"], meta["data/file_index"])
        if key not in data_files:
            relative = info.get("data_path", "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet")
            path = os.path.join(root, relative.format(chunk_index=key[0], file_index=key[1]))
            table = read_table(pq, path, columns).to_pydict()
            data_files[key] = (path, table, {g: r for r, g in enumerate(table["index"])})
        path, table, row_of = data_files[key]
        index = meta["episode_index"]
        lo, hi, length = meta["dataset_from_index"], meta["dataset_to_index"], meta["length"]
        if hi - lo != length or length < 1:
            fail("episode %d: dataset_from_index..dataset_to_index (%d..%d) does not hold its length %d" % (index, lo, hi, length))
        rows = [row_of.get(g) for g in range(lo, hi)]
        if None in rows:
            fail("episode %d: frames %d..%d are not all in %s" % (index, lo, hi, path))
        if [table["episode_index"][r] for r in rows] != [index] * length or [table["frame_index"][r] for r in rows] != list(range(length)):
            fail("episode %d: its rows in %s are not its frames 0..%d in order" % (index, path, length - 1))
        episode = {"index": index, "task_index": table["task_index"][rows[0]], "length": length,
                   "action": [table["action"][r] for r in rows],
                   "success": any(table["next.success"][r] for r in rows) if "next.success" in table else True}
        for f in fields:
            episode[f["name"]] = [table[f["feature"]][r] for r in rows]
        episodes.append(episode)
    if not episodes:
        fail("the dataset has no episodes")
    return info, tasks, episodes, fields, action_dim, skipped


def flat(rows, width, what):
    out = []
    for row in rows:
        values = row if isinstance(row, (list, tuple)) else [row]
        if isinstance(values, (list, tuple)) and values and isinstance(values[0], (list, tuple)):
            values = [v for inner in values for v in inner]
        if len(values) != width:
            fail("%s: a row of %d values where the features say %d" % (what, len(values), width))
        out += [float(v) for v in values]
    if not all(math.isfinite(v) for v in out):
        fail("%s holds NaN or infinite values" % what)
    return out


def write_safetensors(path, tensors, metadata):
    """tensors: [(name, dtype 'F32'|'I32'|'U8', shape, values)], written in name order (as polspec writes)."""
    codes = {"F32": "<%df", "I32": "<%di", "U8": "%dB"}
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name, dtype, shape, values in sorted(tensors, key=lambda t: t[0]):
        blob = struct.pack(codes[dtype] % len(values), *values)
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    encoded = json.dumps(header, separators=(",", ":"), sort_keys=True).encode()
    encoded += b" " * (-len(encoded) % 8)
    write_atomically(path, struct.pack("<Q", len(encoded)) + encoded + b"".join(blobs))


def write_atomically(path, data):
    directory = os.path.dirname(path) or "."
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=".tmp-")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(temporary, path)


def convert(root, out, name):
    info, tasks, episodes, fields, action_dim, skipped = load(root)
    taken, task_names = set(), {}
    order = sorted({e["task_index"] for e in episodes})
    for t in order:
        if t not in tasks:
            fail("task_index %d is not in meta/tasks.parquet" % t)
        task_names[t] = slug(tasks[t], taken)
    os.makedirs(out, exist_ok=True)
    all_fields = fields + [{"name": "task_id", "kind": "float32", "shape": [len(order)], "privileged": False}]
    files = []
    for position, t in enumerate(order):
        mine = [e for e in episodes if e["task_index"] == t]
        total = sum(e["length"] for e in mine)
        offsets = [0]
        for e in mine:
            offsets.append(offsets[-1] + e["length"])
        actions = []
        for e in mine:
            actions += flat(e["action"], action_dim, "episode %d action" % e["index"])
        tensors = [("action", "F32", [total, action_dim], actions), ("executed_action", "F32", [total, action_dim], actions),
                   ("episode_offsets", "I32", [len(offsets)], offsets),
                   ("goal_index", "I32", [len(mine)], [e["index"] for e in mine]),
                   ("attempt", "I32", [len(mine)], [e["index"] for e in mine]),
                   ("expert_mode", "I32", [len(mine), 4], [0] * (4 * len(mine))),
                   ("success", "U8", [len(mine)], [1 if e["success"] else 0 for e in mine])]
        for f in fields:
            width = int(math.prod(f["shape"]))
            values = []
            for e in mine:
                values += flat(e[f["name"]], width, "episode %d %s" % (e["index"], f["feature"]))
            tensors.append(("obs." + f["name"], "F32", [total] + f["shape"], values))
        tensors.append(("obs.task_id", "F32", [total, len(order)], [1.0 if k == position else 0.0 for _ in range(total) for k in range(len(order))]))
        file = task_names[t] + ".safetensors"
        write_safetensors(os.path.join(out, file), tensors, {
            "format": FORMAT, "version": str(VERSION), "suite": name, "task": task_names[t], "task_index": str(position),
            "task_count": str(len(order)), "instruction": tasks[t], "noise": "0.0", "seed": "0", "configurations": "training",
            "expert_mode_columns": "approach,grasp_yaw,slow,pause", "polspec_version": "lerobot-import",
            "source": "LeRobotDataset v3.0", "fps": str(info.get("fps", "")), "robot_type": str(info.get("robot_type", "")),
        })
        files.append({"task": task_names[t], "file": file, "episodes": len(mine), "steps": total})
    manifest = {
        "format": FORMAT, "version": VERSION, "polspec_version": "lerobot-import",
        "parameters": {"suite": name, "tasks": [task_names[t] for t in order], "goal_split": "train", "goal_visible": True,
                       "per_task": max(f["episodes"] for f in files), "noise": 0.0, "seed": 0, "configurations": "training",
                       "conditions": {"initial_noise": 0.0, "action_noise": 0.0, "observation_noise": 0.0, "actuation_lag": 0.0,
                                      "actuation_gain_error": 0.0, "tracking_noise": 0.0}},
        "observation_fields": [{"name": f["name"], "kind": f["kind"], "shape": f["shape"], "privileged": f["privileged"]} for f in all_fields],
        "action_dimension": action_dim,
        "files": files,
    }
    write_atomically(os.path.join(out, "manifest.json"), (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode())
    return manifest, skipped


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", help="a LeRobotDataset v3.0 folder (meta/, data/, videos/)")
    parser.add_argument("--out", required=True, help="the polspec demo folder to write")
    parser.add_argument("--name", help="the dataset's name in the manifest (default: lerobot/<folder name>)")
    parser.add_argument("--force", action="store_true", help="replace a folder that already holds a manifest.json")
    options = parser.parse_args()
    if os.path.exists(os.path.join(options.out, "manifest.json")) and not options.force:
        print("error: %s already holds a dataset; pass --force to replace it" % options.out, file=sys.stderr)
        return 2
    if os.path.exists(options.out) and not os.path.isdir(options.out):
        print("error: --out %s is not a folder" % options.out, file=sys.stderr)
        return 2
    name = options.name or "lerobot/" + os.path.basename(os.path.normpath(options.dataset))
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        print("error: the importer needs pyarrow: pip install pyarrow", file=sys.stderr)
        return 2
    try:
        manifest, skipped = convert(options.dataset, options.out, name)
    except ImportError_ as error:
        print("error: %s" % error, file=sys.stderr)
        return 3
    if skipped:
        print("note: not imported: %s" % ", ".join(skipped), file=sys.stderr)
    episodes = sum(f["episodes"] for f in manifest["files"])
    steps = sum(f["steps"] for f in manifest["files"])
    fields = ", ".join("%s %s" % (f["name"], f["shape"]) for f in manifest["observation_fields"])
    print("imported %d episodes (%d steps) of %d task(s) into %s: %s; action [%d]"
          % (episodes, steps, len(manifest["files"]), options.out, fields, manifest["action_dimension"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
