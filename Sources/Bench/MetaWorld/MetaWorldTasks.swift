/// The 50 Meta-World-like tasks and the benchmark's task sets.
public enum MetaWorldTasks {
    /// All 50 tasks in Meta-World's MT50 order (the order of its one-hot task ids).
    public static let all: [MetaWorldTask] = [
        assembly, basketball, binPicking, boxClose, buttonPressTopdown, buttonPressTopdownWall, buttonPress,
        buttonPressWall, coffeeButton, coffeePull, coffeePush, dialTurn, disassemble, doorClose, doorLock, doorOpen,
        doorUnlock, handInsert, drawerClose, drawerOpen, faucetOpen, faucetClose, hammer, handlePressSide, handlePress,
        handlePullSide, handlePull, leverPull, pickPlaceWall, pickOutOfHole, pickPlace, plateSlide, plateSlideSide,
        plateSlideBack, plateSlideBackSide, pegInsertSide, pegUnplugSide, soccer, stickPush, stickPull, push, pushWall,
        pushBack, reach, reachWall, shelfPlace, sweepInto, sweep, windowOpen, windowClose,
    ]

    private static let byName = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The task named `name`, if any.
    public static func named(_ name: String) -> MetaWorldTask? { byName[name] }

    static let mt10 = ["reach", "push", "pick-place", "door-open", "drawer-open", "drawer-close", "button-press-topdown",
                       "peg-insert-side", "window-open", "window-close"]
    static let mt25Extra = ["coffee-pull", "pick-out-of-hole", "disassemble", "pick-place-wall", "basketball", "stick-pull",
                            "button-press-wall", "faucet-open", "door-lock", "lever-pull", "sweep-into", "faucet-close",
                            "coffee-button", "button-press-topdown-wall", "dial-turn"]
    static let ml10Train = ["reach", "push", "pick-place", "door-open", "drawer-close", "button-press-topdown",
                            "peg-insert-side", "window-open", "sweep", "basketball"]
    static let ml10Test = ["drawer-open", "door-close", "shelf-place", "sweep-into", "lever-pull"]
    static let ml45Test = ["bin-picking", "box-close", "hand-insert", "door-lock", "door-unlock"]

    /// A named task set: its tasks (in the set's order), goal split and goal visibility.
    struct TaskSet {
        var tasks: [String]
        var split: String
        var goalVisible: Bool
    }

    /// The named sets: MT10/MT25/MT50 (goal visible, training goals), ML10/ML45 train and test
    /// (goal hidden; test tasks use the test goals), and the four difficulty groups.
    static let sets: [(name: String, set: TaskSet)] = {
        let names = all.map(\.name)
        var sets: [(String, TaskSet)] = [
            ("mt10", TaskSet(tasks: mt10, split: "train", goalVisible: true)),
            ("mt25", TaskSet(tasks: mt10 + mt25Extra, split: "train", goalVisible: true)),
            ("mt50", TaskSet(tasks: names, split: "train", goalVisible: true)),
            ("ml10-train", TaskSet(tasks: ml10Train, split: "train", goalVisible: false)),
            ("ml10-test", TaskSet(tasks: ml10Test, split: "test", goalVisible: false)),
            ("ml45-train", TaskSet(tasks: names.filter { !ml45Test.contains($0) }, split: "train", goalVisible: false)),
            ("ml45-test", TaskSet(tasks: ml45Test, split: "test", goalVisible: false)),
        ]
        for g in DifficultyGroup.allCases {
            sets.append((g.rawValue, TaskSet(tasks: all.filter { $0.group == g }.map(\.name), split: "train", goalVisible: true)))
        }
        return sets
    }()
}
