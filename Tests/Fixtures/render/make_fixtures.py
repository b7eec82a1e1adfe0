#!/usr/bin/env python3
"""Golden images for the rasteriser tests, made by an independent ray caster.

For every pixel centre (OpenCV convention: pixel (i, j) centre at u = i, v = j) a ray
K^-1 [u, v, 1] is cast from the camera centre and intersected with each box (slab method in
the box frame). The nearest box whose entering face lies within [near, far] wins: a face cut
by the near plane is not drawn, exactly as the rasteriser, which clips at the near plane and
culls back faces. Shading is flat Lambert: round(colour * min(1, ambient + diffuse *
max(0, n . l))), with n the entered face's world normal.

Pixels whose winner changes when the ray moves by 1e-3 pixel are marked '?' (the test skips
them). Run from anywhere: python3 make_fixtures.py; it rewrites the *.json files next to it.
Pure Python, no dependencies.
"""
import json
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def sub(a, b): return [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
def dot(a, b): return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
def cross(a, b): return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
def norm(a):
    n = math.sqrt(dot(a, a))
    return [a[0] / n, a[1] / n, a[2] / n]
def matvec(cols, v): return [sum(cols[k][r] * v[k] for k in range(3)) for r in range(3)]
def tmatvec(cols, v): return [dot(cols[r], v) for r in range(3)]


def rodrigues(w):
    """Rotation matrix columns for an axis-angle vector."""
    angle = math.sqrt(dot(w, w))
    if angle < 1e-12:
        return [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    k = [w[0] / angle, w[1] / angle, w[2] / angle]
    s, c = math.sin(angle), math.cos(angle)
    t = 1 - c
    rows = [
        [c + k[0] * k[0] * t, k[0] * k[1] * t - k[2] * s, k[0] * k[2] * t + k[1] * s],
        [k[1] * k[0] * t + k[2] * s, c + k[1] * k[1] * t, k[1] * k[2] * t - k[0] * s],
        [k[2] * k[0] * t - k[1] * s, k[2] * k[1] * t + k[0] * s, c + k[2] * k[2] * t],
    ]
    return [[rows[r][col] for r in range(3)] for col in range(3)]


def look_at(eye, target, up):
    z = norm(sub(target, eye))
    x = norm(cross(z, up))
    y = cross(z, x)
    return [x, y, z]


def hit_box(box, origin, direction):
    """(t, world normal) of the entering intersection, or None."""
    r = box["rotation"]
    o = tmatvec(r, sub(origin, box["center"]))
    d = tmatvec(r, direction)
    t_in, t_out, axis_in, sign_in = -math.inf, math.inf, None, 0
    for a in range(3):
        h = box["halfExtents"][a]
        if abs(d[a]) < 1e-15:
            if abs(o[a]) > h:
                return None
            continue
        t1, t2 = (-h - o[a]) / d[a], (h - o[a]) / d[a]
        s1 = -1
        if t1 > t2:
            t1, t2, s1 = t2, t1, 1
        if t1 > t_in:
            t_in, axis_in, sign_in = t1, a, s1
        t_out = min(t_out, t2)
    if t_in > t_out or axis_in is None:
        return None
    local_n = [0.0, 0.0, 0.0]
    local_n[axis_in] = float(sign_in)
    return t_in, matvec(r, local_n)


def cast(scene, rot, u, v):
    cam = scene["camera"]
    d_cam = [(u - cam["cx"]) / cam["fx"], (v - cam["cy"]) / cam["fy"], 1.0]
    d = matvec(rot, d_cam)  # camera z component 1: t is the camera-frame depth
    best = None
    for box in scene["boxes"]:
        h = hit_box(box, cam["eye"], d)
        if h and cam["near"] <= h[0] <= cam["far"] and (best is None or h[0] < best[0]):
            best = (h[0], h[1], box)
    return best


def render(scene):
    cam = scene["camera"]
    rot = look_at(cam["eye"], cam["target"], cam["up"])
    for box in scene["boxes"]:
        box["rotation"] = rodrigues(box["axisAngle"])
    light = scene["light"]
    towards = norm(light["towardLight"])
    ids, depth, rgb = [], [], []
    for j in range(cam["height"]):
        id_row, depth_row, rgb_row = "", [], []
        for i in range(cam["width"]):
            hit = cast(scene, rot, i, j)
            winner = hit[2]["id"] if hit else 0
            probes = [cast(scene, rot, i + du, j + dv) for du, dv in
                      [(1e-3, 0), (-1e-3, 0), (0, 1e-3), (0, -1e-3)]]
            ambiguous = any((p[2]["id"] if p else 0) != winner for p in probes)
            if ambiguous:
                id_row += "?"
                depth_row.append(None)
                rgb_row.append(None)
            elif hit is None:
                id_row += "."
                depth_row.append(None)
                rgb_row.append(scene["background"])
            else:
                t, n, box = hit
                k = min(1.0, light["ambient"] + light["diffuse"] * max(0.0, dot(n, towards)))
                id_row += str(winner)
                depth_row.append(round(t, 6))
                rgb_row.append([math.floor(c * k + 0.5) for c in box["color"]])
        ids.append(id_row)
        depth.append(depth_row)
        rgb.append(rgb_row)
    for box in scene["boxes"]:
        del box["rotation"]
    return {"ids": ids, "depth": depth, "rgb": rgb}


SCENES = {
    # Two boxes from above and to the side: three shaded faces of the cube, the second box in
    # front of it (depth order), a general axis-angle rotation.
    "turned_boxes": {
        "camera": {"eye": [2.2, -1.6, 1.5], "target": [0.3, -0.3, -0.1], "up": [0, 0, 1],
                   "fx": 26.0, "fy": 26.0, "cx": 15.5, "cy": 15.5, "width": 32, "height": 32,
                   "near": 0.05, "far": 20.0},
        "light": {"towardLight": [0.3, -0.5, 1.0], "ambient": 0.3, "diffuse": 0.7},
        "background": [10, 20, 30],
        "boxes": [
            {"id": 1, "center": [0, 0, 0], "axisAngle": [0, 0, 0.5], "halfExtents": [0.5, 0.5, 0.5],
             "color": [220, 60, 40]},
            {"id": 2, "center": [0.9, -0.7, 0.1], "axisAngle": [0.2, 0.1, 0.7],
             "halfExtents": [0.2, 0.3, 0.4], "color": [40, 90, 230]},
        ],
    },
    # A slab that crosses the near plane (1 m): its front face is cut away where it is nearer
    # than 1 m and, back faces being culled, the box behind shows through the cut.
    "near_cut": {
        "camera": {"eye": [0, -1.5, 0.3], "target": [0, 0, 0.3], "up": [0, 0, 1],
                   "fx": 14.0, "fy": 14.0, "cx": 11.5, "cy": 11.5, "width": 24, "height": 24,
                   "near": 1.0, "far": 20.0},
        "light": {"towardLight": [0.2, -1.0, 0.5], "ambient": 0.4, "diffuse": 0.6},
        "background": [0, 0, 0],
        "boxes": [
            {"id": 3, "center": [0.1, -0.3, 0.3], "axisAngle": [0, 0, 0.9],
             "halfExtents": [0.6, 0.05, 0.25], "color": [250, 200, 40]},
            {"id": 4, "center": [0, 1.2, 0.3], "axisAngle": [0, 0, 0],
             "halfExtents": [0.8, 0.1, 0.8], "color": [90, 200, 90]},
        ],
    },
}


def main():
    for name, scene in SCENES.items():
        result = render(scene)
        # One image row per line, so the ids read as a picture.
        parts = ['"scene": ' + json.dumps(scene)]
        for key in ("ids", "depth", "rgb"):
            rows = ",\n  ".join(json.dumps(row, separators=(",", ":")) for row in result[key])
            parts.append(f'"{key}": [\n  {rows}\n]')
        with open(os.path.join(HERE, name + ".json"), "w") as f:
            f.write("{\n" + ",\n".join(parts) + "\n}\n")
        print(name)
        print("\n".join(result["ids"]))


if __name__ == "__main__":
    main()
