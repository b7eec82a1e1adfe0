"""Sweeps the closed hand through the bowl toward the plate in real LIBERO and counts successes.

    MUJOCO_GL=osmesa PYTHON tools/envs/libero_sweep.py --assets DIR [--variants mid,box-top,box] [--blind] [--frames OUT]

The question (polspec issue 12): in polspec's libero-like suite a blind baseline solves "pick up
the black bowl on the cookie box and place it on the plate" 18 % of the time by sweeping the
closed hand low toward the plate, pushing the box against the plate and the bowl off the box
onto it. Is that physically plausible in LIBERO? For each of the task's 50 fixed initial states
(after LIBERO's reset and the 10 settling steps of tools/envs/libero_env.py) a scripted hand:

1. closes the gripper and moves to height 1.10 m over a start point `--back` (default 8 cm, clear of
   the bowl's 5.4 cm radius) behind the bowl on the line from the plate through the bowl, turning
   the hand `--yaw` degrees about the vertical (0: LIBERO's initial hand pose, whose long side
   then lies along the sweep and catches on the cabinet top in some states; 90: across it),
2. lowers to the variant's height (end-effector site z, table top at 0.90 m),
3. moves horizontally through the bowl to 3 cm beyond the plate's centre at `--speed`,
4. holds there until 220 steps (LIBERO-Spatial's evaluation budget).

LIBERO's success check (`done`, the goal `On(akita_black_bowl_1, plate_1)`) is read after every
step; an episode counts when it fires at any step, as in evaluation. Each episode's line gives
the first success step, where the bowl ends relative to the plate, its tilt and how far the
cookie box moved.

With `--blind` every sweep is aimed at one point, the mean bowl and plate positions of 50 training
placements, instead of each state's own: one fixed motion that reads only the hand's pose, which
a blind (proprio-only) policy can play; its success is the real figure polspec's sanity check
uses for the blind baseline on this task.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import libero_env  # noqa: E402

TASK = "pick_up_the_black_bowl_on_the_cookie_box_and_place_it_on_the_plate"
# name -> end-effector height (m) during the sweep. Box top ~0.918, bowl rim ~0.97.
VARIANTS = {"mid": 0.940, "box-top": 0.920, "box": 0.905}
BUDGET = 220
TRAINING_SEED = 1_000_000  # polspec's first demo seed: placements drawn by LIBERO's sampler


def tilt_degrees(quat_xyzw, np):
    x, y, z, w = quat_xyzw
    up_z = 1.0 - 2.0 * (x * x + y * y)  # z component of the body's z axis
    return float(np.degrees(np.arccos(np.clip(up_z, -1.0, 1.0))))


def yaw_of(quat_xyzw, np):
    x, y, z, w = quat_xyzw
    return float(np.arctan2(2.0 * (x * y + w * z), 1.0 - 2.0 * (y * y + z * z)))


def run_episode(world, seed, height, speed, back=0.08, yaw=0.0, frames=None, aim=None):
    """One sweep from initial state `seed`, aimed at this state's bowl and plate, or at `aim`
    (bowl, plate) given for every state."""
    np = world.np
    world.reset(TASK, seed, False)
    obs = world.obs
    bowl0, box0, plate = (obs[k + "_pos"].copy() for k in ("akita_black_bowl_1", "cookies_1", "plate_1"))
    start_bowl, start_plate = bowl0, plate
    if aim is not None:
        bowl0, plate = aim
    direction = (plate - bowl0)[:2] / np.linalg.norm((plate - bowl0)[:2])
    start_xy = bowl0[:2] - back * direction
    end_xy = plate[:2] + 0.03 * direction
    waypoints = [(np.append(start_xy, 1.10), 0.6), (np.append(start_xy, height), 0.4), (np.append(end_xy, height), speed)]
    yaw_target = yaw_of(obs["robot0_eef_quat"], np) + np.radians(yaw)
    stage, first_success = 0, None
    for step in range(BUDGET):
        eef = obs["robot0_eef_pos"]
        target, limit = waypoints[stage]
        error = target - eef
        yaw_error = (yaw_target - yaw_of(obs["robot0_eef_quat"], np) + np.pi) % (2 * np.pi) - np.pi
        if stage < len(waypoints) - 1 and np.linalg.norm(error) < 0.01 and abs(yaw_error) < 0.05:
            stage += 1
            target, limit = waypoints[stage]
            error = target - eef
        action = np.zeros(7)
        action[:3] = np.clip(error / 0.05 * 2.0, -limit, limit)
        action[5] = np.clip(yaw_error / 0.5 * 2.0, -0.5, 0.5)
        action[6] = 1.0
        reply = world.step(action)
        obs = world.obs
        if reply["success"] and first_success is None:
            first_success = step + 1
        if frames is not None and step % 20 == 0:
            frames.append((step, obs["agentview_image"][::-1].copy()))
    bowl = obs["akita_black_bowl_1_pos"]
    return {"seed": seed, "success_step": first_success, "success_at_end": bool(world.env.check_success()),
            "bowl_to_plate_xy_cm": round(100 * float(np.linalg.norm((bowl - obs["plate_1_pos"])[:2])), 1),
            "aim_off_bowl_cm": round(100 * float(np.linalg.norm((bowl0 - start_bowl)[:2])), 1),
            "aim_off_plate_cm": round(100 * float(np.linalg.norm((plate - start_plate)[:2])), 1),
            "bowl_height_over_plate_cm": round(100 * float(bowl[2] - obs["plate_1_pos"][2]), 1),
            "bowl_tilt_deg": round(tilt_degrees(obs["akita_black_bowl_1_quat"], np), 1),
            "box_moved_cm": round(100 * float(np.linalg.norm((obs["cookies_1_pos"] - box0)[:2])), 1),
            "sweep_started": stage == len(waypoints) - 1,
            "hand_reached_end": stage == len(waypoints) - 1 and bool(np.linalg.norm(obs["robot0_eef_pos"][:2] - end_xy) < 0.02)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assets", default=os.environ.get("LIBERO_ASSETS"))
    parser.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated: " + ", ".join(VARIANTS))
    parser.add_argument("--speed", type=float, default=0.3, help="sweep action magnitude per axis (1 = 5 cm/step commanded)")
    parser.add_argument("--back", type=float, default=0.08, help="start this far (m) behind the bowl's centre")
    parser.add_argument("--yaw", type=float, default=0.0, help="turn the hand this many degrees about z while above the start")
    parser.add_argument("--seeds", default="0-49", help="initial states, e.g. 0-49 or 0,3")
    parser.add_argument("--frames", metavar="DIR", help="render the agentview camera and save a PNG every 20 steps")
    parser.add_argument("--blind", action="store_true",
                        help="aim every sweep at the mean bowl and plate positions of 50 training placements (seeds "
                             "1,000,000-1,000,049, LIBERO's own sampler) instead of each state's own: one fixed motion")
    options = parser.parse_args()
    os.environ.setdefault("MUJOCO_GL", "osmesa")
    if "-" in options.seeds:
        low, high = (int(v) for v in options.seeds.split("-"))
        seeds = list(range(low, high + 1))
    else:
        seeds = [int(v) for v in options.seeds.split(",")]
    world = libero_env.Libero(options.assets, images=bool(options.frames), size=256)
    world.load()
    aim = None
    if options.blind:
        placements = []
        for seed in range(TRAINING_SEED, TRAINING_SEED + 50):
            world.reset(TASK, seed, False)
            placements.append((world.obs["akita_black_bowl_1_pos"].copy(), world.obs["plate_1_pos"].copy()))
        aim = tuple(world.np.mean([p[i] for p in placements], axis=0) for i in (0, 1))
        print("blind: aim at bowl %s, plate %s (means of 50 training placements)"
              % (world.np.round(aim[0], 3).tolist(), world.np.round(aim[1], 3).tolist()), flush=True)
    for variant in options.variants.split(","):
        if variant not in VARIANTS:
            parser.error("unknown variant %r" % variant)
        successes = 0
        for seed in seeds:
            frames = [] if options.frames else None
            result = run_episode(world, seed, VARIANTS[variant], options.speed, options.back, options.yaw, frames, aim)
            successes += result["success_step"] is not None
            print(variant, result, flush=True)
            if frames:
                from PIL import Image
                os.makedirs(options.frames, exist_ok=True)
                for step, image in frames:
                    Image.fromarray(image).save(os.path.join(options.frames, "%s-seed%02d-step%03d.png" % (variant, seed, step)))
        print("variant %s (hand z %.3f m, speed %.2f, back %.2f m, yaw %+.0f deg, %s): success at some step in %d of %d initial states"
              % (variant, VARIANTS[variant], options.speed, options.back, options.yaw,
                 "blind: one aim for all states" if options.blind else "aimed per state", successes, len(seeds)), flush=True)


if __name__ == "__main__":
    main()
