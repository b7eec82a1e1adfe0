"""Writes chains.txt: CALVIN's 1000 long-horizon evaluation chains, made the way CALVIN's
evaluation code makes them (numpy's legacy RandomState), for the calvin-like suite's test.

Each line: led lightbulb slider drawer red blue pink | task1 task2 task3 task4 task5.
Run: python3 make_chains.py  (needs numpy)
"""
import itertools
import numpy as np

COLOURS = ["red", "blue", "pink"]


def tasks():
    """(name, category, [(condition, effect)]) in CALVIN's task-table order."""
    out = []
    on_table = lambda c: [({f"{c}_block": ["table"], "grasped": ["0"]}, {f"{c}_block": "table"})]
    for c in COLOURS:
        out += [(f"rotate_{c}_block_right", 1, on_table(c)), (f"rotate_{c}_block_left", 1, on_table(c))]
    for c in COLOURS:
        out += [(f"push_{c}_block_right", 1, on_table(c)), (f"push_{c}_block_left", 1, on_table(c))]
    out += [("move_slider_left", 2, [({"slider": ["right"], "grasped": ["0"]}, {"slider": "left"})]),
            ("move_slider_right", 2, [({"slider": ["left"], "grasped": ["0"]}, {"slider": "right"})]),
            ("open_drawer", 3, [({"drawer": ["closed"], "grasped": ["0"]}, {"drawer": "open"})]),
            ("close_drawer", 3, [({"drawer": ["open"], "grasped": ["0"]}, {"drawer": "closed"})])]
    for c in COLOURS:
        grasp = {f"{c}_block": "grasped", "grasped": "1"}
        out += [(f"lift_{c}_block_table", 4, [({f"{c}_block": ["table"], "grasped": ["0"]}, grasp)]),
                (f"lift_{c}_block_slider", 5, [({f"{c}_block": ["slider_left"], "slider": ["right"], "grasped": ["0"]}, grasp),
                                               ({f"{c}_block": ["slider_right"], "slider": ["left"], "grasped": ["0"]}, grasp)]),
                (f"lift_{c}_block_drawer", 6, [({f"{c}_block": ["drawer"], "drawer": ["open"], "grasped": ["0"]}, grasp)])]
    out.append(("place_in_slider", 7, [r for c in COLOURS for r in [
        ({f"{c}_block": ["grasped"], "slider": ["right"], "grasped": ["1"]}, {f"{c}_block": "slider_right", "grasped": "0"}),
        ({f"{c}_block": ["grasped"], "slider": ["left"], "grasped": ["1"]}, {f"{c}_block": "slider_left", "grasped": "0"})]]))
    out.append(("place_in_drawer", 7, [({f"{c}_block": ["grasped"], "drawer": ["open"], "grasped": ["1"]},
                                         {f"{c}_block": "drawer", "grasped": "0"}) for c in COLOURS]))
    pairs = [(t, b) for t in COLOURS for b in COLOURS if t != b]
    out.append(("stack_block", 10, [({f"{t}_block": ["grasped"], f"{b}_block": ["table"], "grasped": ["1"]},
                                      {f"{t}_block": "stacked_top", f"{b}_block": "stacked_bottom", "grasped": "0"}) for t, b in pairs]))
    out.append(("unstack_block", 11, [({f"{t}_block": ["stacked_top"], f"{b}_block": ["stacked_bottom"], "grasped": ["0"]},
                                        {f"{t}_block": "table", f"{b}_block": "table"}) for t, b in pairs]))
    out += [("turn_on_lightbulb", 8, [({"lightbulb": ["0"], "grasped": ["0"]}, {"lightbulb": "1"})]),
            ("turn_off_lightbulb", 8, [({"lightbulb": ["1"], "grasped": ["0"]}, {"lightbulb": "0"})]),
            ("turn_on_led", 8, [({"led": ["0"], "grasped": ["0"]}, {"led": "1"})]),
            ("turn_off_led", 8, [({"led": ["1"], "grasped": ["0"]}, {"led": "0"})])]
    push = []
    for c in COLOURS:
        cond = {"drawer": ["open"], "grasped": ["0"], f"{c}_block": ["table"]}
        for o in COLOURS:
            if o != c:
                cond[f"{o}_block"] = ["slider_right", "slider_left"]
        push.append((cond, {f"{c}_block": "drawer", "grasped": "0"}))
    out.append(("push_into_drawer", 9, push))
    return out


TASKS = tasks()
BY_NAME = {name: (cat, rules) for name, cat, rules in TASKS}


def successors(state, rules):
    return [dict(state, **effect) for condition, effect in rules if all(state[k] in v for k, v in condition.items())]


def valid(state, seq):
    for name in seq:
        nxt = successors(state, BY_NAME[name][1])
        if len(nxt) != 1:
            return False
        state = nxt[0]
    cats = [BY_NAME[n][0] for n in seq]
    return len(cats) == len(set(cats))


def main():
    keys = ["led", "lightbulb", "slider", "drawer", "red_block", "blue_block", "pink_block"]
    values = [["0", "1"], ["0", "1"], ["right", "left"], ["closed", "open"]] + [["table", "slider_right", "slider_left"]] * 3
    states = []
    for combo in itertools.product(*values):
        blocks = list(combo[4:])
        if blocks.count("table") in (1, 2) and blocks.count("slider_right") < 2 and blocks.count("slider_left") < 2:
            states.append(dict(zip(keys, combo), grasped="0"))
    per_state = list(map(len, np.array_split(range(1000), len(states))))
    names = [n for n, _, _ in TASKS]
    results = []
    for i, (state, wanted) in enumerate(zip(states, per_state)):
        np.random.seed(i)
        found = []
        while len(found) < wanted:
            seq = np.random.choice(names, size=5, replace=False)
            if valid(state, seq):
                found.append(list(seq))
        results += [(state, seq) for seq in found]
    np.random.seed(0)
    np.random.shuffle(results)
    with open("chains.txt", "w") as f:
        for state, seq in results:
            f.write(" ".join(state[k] for k in keys) + " | " + " ".join(seq) + "\n")


if __name__ == "__main__":
    main()
