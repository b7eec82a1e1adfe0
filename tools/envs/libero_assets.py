"""Rebuilds LIBERO's assets folder from a git directory of LIBERO's repository.

    python3 tools/envs/libero_assets.py GIT_DIR --out DIR [--force]

hf-libero (the LeRobot packaging of LIBERO) holds no scene or object assets and downloads them
from the Hugging Face Hub on first use. Where the Hub cannot be reached but a copy of LIBERO's
GitHub repository (github.com/Lifelong-Robot-Learning/LIBERO, MIT licence) is at hand, this
script writes its `libero/libero/assets/` folder to DIR. A partial copy (a git directory whose
largest blobs are absent, as a shallow or size-filtered mirror leaves it) is completed so that
MuJoCo loads every scene, and each replacement is printed and listed in DIR/SUBSTITUTIONS.txt:

- an absent visual mesh `OBJ/visual/NAME_vis.msh` that some MJCF file uses: the MJCF files that
  use it are rewritten to use the object's nearest present mesh instead, in this order: the
  visual source mesh `OBJ/NAME.obj`, the collision mesh `OBJ/*_col.obj`, the convex hull
  `OBJ/collision/*_ch.stl`. Only what is drawn changes: these meshes are visual geoms
  (`contype="0" conaffinity="0"`, group 1); the collision geoms are untouched.
- an absent texture (`*.png`): a flat mid-grey 8x8 PNG at the same path.
- any other absent file that no MJCF file uses (source meshes `*.obj`, `bowl.zip`): left out.

Physics is therefore LIBERO's own; only the look of the listed objects differs. polspec carries
no LIBERO file: this script regenerates the folder on the user's machine.
"""

import argparse
import os
import re
import struct
import subprocess
import sys
import zlib

ASSETS = "libero/libero/assets/"
GREY = (128, 128, 128)
GREY_SIZE = 8
MESH_FILE = re.compile(r'(<mesh\b[^>]*?\bfile=")([^"]+)(")')


def grey_png(size=GREY_SIZE, colour=GREY):
    """A flat RGB PNG of size x size pixels, standard library only."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    row = b"\x00" + bytes(colour) * size
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row * size)) + chunk(b"IEND", b"")


def git(git_dir, *args, data=None):
    return subprocess.run(["git", "--git-dir", git_dir, *args], input=data, capture_output=True, check=True).stdout


def list_assets(git_dir, rev):
    """[(path relative to the assets folder, blob id)] of every file under the assets folder."""
    listing = git(git_dir, "ls-tree", "-r", "-z", rev, "--", ASSETS)
    entries = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, path = record.split(b"\t", 1)
        mode, kind, blob = meta.split()
        if kind == b"blob":
            entries.append((path.decode()[len(ASSETS):], blob.decode()))
    return entries


def present_blobs(git_dir, blobs):
    """The subset of `blobs` whose contents the git directory holds."""
    answer = git(git_dir, "cat-file", "--batch-check", data="".join(b + "\n" for b in blobs).encode())
    return {line.split()[0] for line in answer.decode().splitlines() if not line.endswith(" missing")}


def read_blobs(git_dir, blobs):
    """{blob id: bytes} for present `blobs`, one `git cat-file --batch` call."""
    out = git(git_dir, "cat-file", "--batch", data="".join(b + "\n" for b in blobs).encode())
    contents, offset = {}, 0
    while offset < len(out):
        end = out.index(b"\n", offset)
        blob, _, size = out[offset:end].decode().split()
        start = end + 1
        contents[blob] = out[start:start + int(size)]
        offset = start + int(size) + 1
    return contents


def mesh_substitute(path, present):
    """The nearest present mesh of the object that owns the absent visual mesh `path`, or None."""
    parts = path.split("/")
    if len(parts) < 3 or parts[-2] != "visual" or not parts[-1].endswith("_vis.msh"):
        return None
    folder = "/".join(parts[:-2])
    name = parts[-1][:-len("_vis.msh")]
    candidates = [folder + "/" + name + ".obj"]
    candidates += sorted(p for p in present if p.startswith(folder + "/") and p.count("/") == folder.count("/") + 1 and p.endswith("_col.obj"))
    candidates += sorted(p for p in present if p.startswith(folder + "/collision/") and p.endswith("_ch.stl"))
    return next((c for c in candidates if c in present), None)


def merged_obj(data):
    """An OBJ file's text with its object and group records dropped: one mesh for MuJoCo."""
    lines = data.split(b"\n")
    if sum(line.startswith((b"o ", b"g ")) for line in lines) <= 1:
        return None
    return b"\n".join(line for line in lines if not line.startswith((b"o ", b"g ")))


def rebuild(git_dir, out, rev="HEAD"):
    """Writes the assets folder to `out`; returns the substitution lines."""
    entries = list_assets(git_dir, rev)
    if not entries:
        raise SystemExit("no %s in %s at %s: not a LIBERO repository" % (ASSETS, git_dir, rev))
    present_ids = present_blobs(git_dir, sorted({b for _, b in entries}))
    present = {p for p, b in entries if b in present_ids}
    absent = sorted(p for p, b in entries if b not in present_ids)
    contents = read_blobs(git_dir, sorted(present_ids))
    files = {p: contents[b] for p, b in entries if b in present_ids}

    lines = []
    mesh_map, notes = {}, {}
    for path in absent:
        if path.endswith("_vis.msh"):
            substitute = mesh_substitute(path, present)
            if substitute is None:
                raise SystemExit("no present mesh of the object can stand in for %s" % path)
            merged = merged_obj(files[substitute]) if substitute.endswith(".obj") else None
            if merged is not None:
                files[path[:-len(".msh")] + ".obj"] = merged
                notes[path] = "%s merged into one object" % substitute
                substitute = path[:-len(".msh")] + ".obj"
            mesh_map[path] = substitute
    used = set()
    for xml_path in sorted(p for p in files if p.endswith(".xml")):
        text = files[xml_path].decode()
        base = os.path.dirname(xml_path)

        def replace(match):
            target = os.path.normpath(os.path.join(base, match.group(2))).replace(os.sep, "/")
            if target not in mesh_map:
                return match.group(0)
            used.add(target)
            relative = os.path.relpath(mesh_map[target], base or ".").replace(os.sep, "/")
            return match.group(1) + relative + match.group(3)
        rewritten = MESH_FILE.sub(replace, text)
        if rewritten != text:
            files[xml_path] = rewritten.encode()
    for path in absent:
        if path in mesh_map:
            state = "visual mesh -> %s (in the MJCF files that use it)" % notes.get(path, mesh_map[path]) if path in used \
                else "visual mesh, used by no MJCF file: left out"
        elif path.endswith(".png"):
            files[path] = grey_png()
            state = "texture -> flat grey %dx%d PNG %s" % (GREY_SIZE, GREY_SIZE, "#%02x%02x%02x" % GREY)
        else:
            state = "used by no MJCF file: left out"
        lines.append("%s: %s" % (path, state))

    for path, data in files.items():
        target = os.path.join(out, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(data)
    commit = git(git_dir, "rev-parse", rev).decode().strip()
    summary = ["LIBERO assets rebuilt from %s at %s" % (git_dir, commit),
               "%d files in the repository's assets folder, %d present, %d absent:" % (len(entries), len(present), len(absent))]
    with open(os.path.join(out, "SUBSTITUTIONS.txt"), "w") as handle:
        handle.write("\n".join(summary + lines) + "\n")
    return summary + lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("git_dir", help="a git directory of LIBERO's repository (bare or .git)")
    parser.add_argument("--out", required=True, help="the assets folder to write")
    parser.add_argument("--rev", default="HEAD", help="the commit to read (default HEAD)")
    parser.add_argument("--force", action="store_true", help="write into a non-empty --out")
    options = parser.parse_args()
    if not os.path.isdir(options.git_dir):
        parser.error("%s is not a directory" % options.git_dir)
    if os.path.isdir(options.out) and os.listdir(options.out) and not options.force:
        parser.error("%s exists and is not empty (--force writes into it)" % options.out)
    try:
        lines = rebuild(options.git_dir, options.out, options.rev)
    except subprocess.CalledProcessError as error:
        sys.exit("git failed: %s" % error.stderr.decode().strip())
    print("\n".join(lines))


if __name__ == "__main__":
    main()
