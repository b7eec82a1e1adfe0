"""Writes pusht-like/, a small dataset in the LeRobotDataset v3.0 layout, for the importer's tests.

No LeRobot dataset can be downloaded where polspec is built, so this fixture follows the layout
of lerobot's v3.0 writer (meta/info.json, meta/tasks.parquet with the task strings as its index,
meta/episodes/chunk-000/file-000.parquet with each episode's rows and data file, data/chunk-000/
file-00N.parquet with several episodes per file, a video feature whose frames live in videos/),
modelled on lerobot/pusht_keypoints: 10 fps, `observation.state` [2] (the agent), `observation.
environment_state` [2] (here: the goal), `action` [2] (the next agent target), `next.reward`,
`next.done`, `next.success`, and `observation.image` as a video feature (not imported; no mp4 is
written). Episodes: a point driven toward a seeded goal by a P-controller with noise, two tasks.

    /work/venv-mw/bin/python Tests/Fixtures/lerobot/make_fixture.py   # needs pyarrow
"""

import json
import os
import random

import pyarrow as pa
import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "pusht-like")
TASKS = ["Push the T-shaped block onto the T-shaped target.", "Move the agent to the goal."]
FPS = 10


def episodes():
    rng = random.Random(7)
    out = []
    for e in range(12):
        task = e % 2
        x, y = rng.uniform(100, 400), rng.uniform(100, 400)
        gx, gy = rng.uniform(100, 400), rng.uniform(100, 400)
        length = rng.randint(18, 34)
        frames = []
        for t in range(length):
            ax = x + 0.35 * (gx - x) + rng.gauss(0, 2)
            ay = y + 0.35 * (gy - y) + rng.gauss(0, 2)
            done = t == length - 1
            frames.append({"observation.state": [x, y], "observation.environment_state": [gx, gy], "action": [ax, ay],
                           "next.reward": 1.0 if done else 0.0, "next.done": done, "next.success": done})
            x, y = x + 0.8 * (ax - x), y + 0.8 * (ay - y)
        out.append((task, frames))
    return out


def main():
    data = episodes()
    for sub in ("meta/episodes/chunk-000", "data/chunk-000"):
        os.makedirs(os.path.join(ROOT, sub), exist_ok=True)
    vector = pa.list_(pa.float32(), 2)
    rows = {k: [] for k in ("observation.state", "observation.environment_state", "action", "next.reward", "next.done",
                            "next.success", "timestamp", "frame_index", "episode_index", "index", "task_index")}
    meta = {k: [] for k in ("episode_index", "tasks", "length", "data/chunk_index", "data/file_index", "dataset_from_index",
                            "dataset_to_index", "videos/observation.image/chunk_index", "videos/observation.image/file_index",
                            "videos/observation.image/from_timestamp", "videos/observation.image/to_timestamp",
                            "meta/episodes/chunk_index", "meta/episodes/file_index", "stats/action/mean", "stats/action/count")}
    files, index = [[], []], 0
    for e, (task, frames) in enumerate(data):
        file = 0 if e < 7 else 1
        start = index
        episode_rows = []
        for t, f in enumerate(frames):
            episode_rows.append(dict(f, timestamp=t / FPS, frame_index=t, episode_index=e, index=index, task_index=task))
            index += 1
        files[file] += episode_rows
        seconds_before = sum(len(fr) for i, (_, fr) in enumerate(data[:e]) if (0 if i < 7 else 1) == file) / FPS
        for key, value in (("episode_index", e), ("tasks", [TASKS[task]]), ("length", len(frames)), ("data/chunk_index", 0),
                           ("data/file_index", file), ("dataset_from_index", start), ("dataset_to_index", index),
                           ("videos/observation.image/chunk_index", 0), ("videos/observation.image/file_index", file),
                           ("videos/observation.image/from_timestamp", seconds_before),
                           ("videos/observation.image/to_timestamp", seconds_before + len(frames) / FPS),
                           ("meta/episodes/chunk_index", 0), ("meta/episodes/file_index", 0),
                           ("stats/action/mean", [sum(f["action"][k] for f in frames) / len(frames) for k in range(2)]),
                           ("stats/action/count", [len(frames)])):
            meta[key].append(value)
    for file, frames in enumerate(files):
        table = pa.table({
            "observation.state": pa.array([f["observation.state"] for f in frames], vector),
            "observation.environment_state": pa.array([f["observation.environment_state"] for f in frames], vector),
            "action": pa.array([f["action"] for f in frames], vector),
            "next.reward": pa.array([f["next.reward"] for f in frames], pa.float32()),
            "next.done": pa.array([f["next.done"] for f in frames], pa.bool_()),
            "next.success": pa.array([f["next.success"] for f in frames], pa.bool_()),
            "timestamp": pa.array([f["timestamp"] for f in frames], pa.float32()),
            "frame_index": pa.array([f["frame_index"] for f in frames], pa.int64()),
            "episode_index": pa.array([f["episode_index"] for f in frames], pa.int64()),
            "index": pa.array([f["index"] for f in frames], pa.int64()),
            "task_index": pa.array([f["task_index"] for f in frames], pa.int64()),
        })
        pq.write_table(table, os.path.join(ROOT, "data/chunk-000/file-%03d.parquet" % file))
    pq.write_table(pa.table(meta), os.path.join(ROOT, "meta/episodes/chunk-000/file-000.parquet"))
    # pandas writes tasks.parquet with the task strings as its index: a column "task" plus pandas metadata.
    tasks = pa.table({"task_index": pa.array(range(len(TASKS)), pa.int64()), "task": TASKS})
    tasks = tasks.replace_schema_metadata({b"pandas": json.dumps({"index_columns": ["task"], "column_indexes": [], "columns": [
        {"name": "task_index", "field_name": "task_index", "pandas_type": "int64", "numpy_type": "int64", "metadata": None},
        {"name": "task", "field_name": "task", "pandas_type": "unicode", "numpy_type": "object", "metadata": None}],
        "creator": {"library": "pyarrow"}, "pandas_version": "2.2.3"}).encode()})
    pq.write_table(tasks, os.path.join(ROOT, "meta/tasks.parquet"))
    info = {
        "codebase_version": "v3.0", "robot_type": "2d pointer", "total_episodes": len(data), "total_frames": index,
        "total_tasks": len(TASKS), "chunks_size": 1000, "data_files_size_in_mb": 100, "video_files_size_in_mb": 200, "fps": FPS,
        "splits": {"train": "0:%d" % len(data)},
        "data_path": "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet",
        "video_path": "videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4",
        "features": {
            "observation.image": {"dtype": "video", "shape": [96, 96, 3], "names": ["height", "width", "channel"],
                                  "info": {"video.fps": 10.0, "video.height": 96, "video.width": 96, "video.channels": 3,
                                           "video.codec": "av1", "video.pix_fmt": "yuv420p", "video.is_depth_map": False,
                                           "has_audio": False}},
            "observation.state": {"dtype": "float32", "shape": [2], "names": {"motors": ["x", "y"]}},
            "observation.environment_state": {"dtype": "float32", "shape": [2], "names": ["goal_x", "goal_y"]},
            "action": {"dtype": "float32", "shape": [2], "names": {"motors": ["x", "y"]}},
            "next.reward": {"dtype": "float32", "shape": [1], "names": None},
            "next.done": {"dtype": "bool", "shape": [1], "names": None},
            "next.success": {"dtype": "bool", "shape": [1], "names": None},
            "timestamp": {"dtype": "float32", "shape": [1], "names": None},
            "frame_index": {"dtype": "int64", "shape": [1], "names": None},
            "episode_index": {"dtype": "int64", "shape": [1], "names": None},
            "index": {"dtype": "int64", "shape": [1], "names": None},
            "task_index": {"dtype": "int64", "shape": [1], "names": None},
        },
    }
    with open(os.path.join(ROOT, "meta/info.json"), "w") as f:
        json.dump(info, f, indent=4)
        f.write("\n")


if __name__ == "__main__":
    main()
