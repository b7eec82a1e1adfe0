/// CALVIN's 34 tasks: their names (in the order of CALVIN's evaluation task table), their
/// sequence categories (a chain never repeats a category), the validation instruction given to
/// policies, and their symbolic preconditions and effects (`multistep_sequences.py`).
public struct CalvinTask: Sendable, Equatable {
    public var name: String
    /// Sequence category 1...11.
    public var category: Int
    /// The evaluation instruction (`new_playtable_validation.yaml`, first entry).
    public var instruction: String
    /// Alternative (condition, effect) pairs on the symbolic state; a task applies in a state when
    /// exactly one alternative's condition holds.
    var rules: [(condition: [String: [String]], effect: [String: String])]

    public static func == (a: CalvinTask, b: CalvinTask) -> Bool { a.name == b.name }

    /// The block colours, in CALVIN's order.
    public static let colours = ["red", "blue", "pink"]

    /// Every task in the order of CALVIN's task table (this order matters: the chain generator draws task indices).
    public static let all: [CalvinTask] = {
        var out: [CalvinTask] = []
        func onTable(_ c: String) -> [(condition: [String: [String]], effect: [String: String])] {
            [(["\(c)_block": ["table"], "grasped": ["0"]], ["\(c)_block": "table"])]
        }
        for c in colours {
            out.append(CalvinTask(name: "rotate_\(c)_block_right", category: 1, instruction: "take the \(c) block and rotate it to the right", rules: onTable(c)))
            out.append(CalvinTask(name: "rotate_\(c)_block_left", category: 1, instruction: "take the \(c) block and rotate it to the left", rules: onTable(c)))
        }
        for c in colours {
            out.append(CalvinTask(name: "push_\(c)_block_right", category: 1, instruction: "go push the \(c) block right", rules: onTable(c)))
            out.append(CalvinTask(name: "push_\(c)_block_left", category: 1, instruction: "go push the \(c) block left", rules: onTable(c)))
        }
        out.append(CalvinTask(name: "move_slider_left", category: 2, instruction: "push the sliding door to the left side",
                              rules: [(["slider": ["right"], "grasped": ["0"]], ["slider": "left"])]))
        out.append(CalvinTask(name: "move_slider_right", category: 2, instruction: "push the sliding door to the right side",
                              rules: [(["slider": ["left"], "grasped": ["0"]], ["slider": "right"])]))
        out.append(CalvinTask(name: "open_drawer", category: 3, instruction: "pull the handle to open the drawer",
                              rules: [(["drawer": ["closed"], "grasped": ["0"]], ["drawer": "open"])]))
        out.append(CalvinTask(name: "close_drawer", category: 3, instruction: "push the handle to close the drawer",
                              rules: [(["drawer": ["open"], "grasped": ["0"]], ["drawer": "closed"])]))
        for c in colours {
            let grasp = ["\(c)_block": "grasped", "grasped": "1"]
            out.append(CalvinTask(name: "lift_\(c)_block_table", category: 4, instruction: "grasp and lift the \(c) block",
                                  rules: [(["\(c)_block": ["table"], "grasped": ["0"]], grasp)]))
            out.append(CalvinTask(name: "lift_\(c)_block_slider", category: 5, instruction: "lift the \(c) block from the sliding cabinet",
                                  rules: [(["\(c)_block": ["slider_left"], "slider": ["right"], "grasped": ["0"]], grasp),
                                          (["\(c)_block": ["slider_right"], "slider": ["left"], "grasped": ["0"]], grasp)]))
            out.append(CalvinTask(name: "lift_\(c)_block_drawer", category: 6, instruction: "Take the \(c) block from the drawer",
                                  rules: [(["\(c)_block": ["drawer"], "drawer": ["open"], "grasped": ["0"]], grasp)]))
        }
        out.append(CalvinTask(name: "place_in_slider", category: 7, instruction: "store the grasped block in the sliding cabinet",
                              rules: colours.flatMap { c in
                                  [(["\(c)_block": ["grasped"], "slider": ["right"], "grasped": ["1"]], ["\(c)_block": "slider_right", "grasped": "0"]),
                                   (["\(c)_block": ["grasped"], "slider": ["left"], "grasped": ["1"]], ["\(c)_block": "slider_left", "grasped": "0"])]
                              }))
        out.append(CalvinTask(name: "place_in_drawer", category: 7, instruction: "store the grasped block in the drawer",
                              rules: colours.map { c in
                                  (["\(c)_block": ["grasped"], "drawer": ["open"], "grasped": ["1"]], ["\(c)_block": "drawer", "grasped": "0"])
                              }))
        let pairs = colours.flatMap { top in colours.filter { $0 != top }.map { (top, $0) } }
        out.append(CalvinTask(name: "stack_block", category: 10, instruction: "stack the grasped block",
                              rules: pairs.map { top, bottom in
                                  (["\(top)_block": ["grasped"], "\(bottom)_block": ["table"], "grasped": ["1"]],
                                   ["\(top)_block": "stacked_top", "\(bottom)_block": "stacked_bottom", "grasped": "0"])
                              }))
        out.append(CalvinTask(name: "unstack_block", category: 11, instruction: "remove the stacked block",
                              rules: pairs.map { top, bottom in
                                  (["\(top)_block": ["stacked_top"], "\(bottom)_block": ["stacked_bottom"], "grasped": ["0"]],
                                   ["\(top)_block": "table", "\(bottom)_block": "table"])
                              }))
        out.append(CalvinTask(name: "turn_on_lightbulb", category: 8, instruction: "use the switch to turn on the light bulb",
                              rules: [(["lightbulb": ["0"], "grasped": ["0"]], ["lightbulb": "1"])]))
        out.append(CalvinTask(name: "turn_off_lightbulb", category: 8, instruction: "use the switch to turn off the light bulb",
                              rules: [(["lightbulb": ["1"], "grasped": ["0"]], ["lightbulb": "0"])]))
        out.append(CalvinTask(name: "turn_on_led", category: 8, instruction: "press the button to turn on the led light",
                              rules: [(["led": ["0"], "grasped": ["0"]], ["led": "1"])]))
        out.append(CalvinTask(name: "turn_off_led", category: 8, instruction: "press the button to turn off the led light",
                              rules: [(["led": ["1"], "grasped": ["0"]], ["led": "0"])]))
        out.append(CalvinTask(name: "push_into_drawer", category: 9, instruction: "slide the block that it falls into the drawer",
                              rules: colours.map { c in
                                  var condition: [String: [String]] = ["drawer": ["open"], "grasped": ["0"], "\(c)_block": ["table"]]
                                  for o in colours where o != c { condition["\(o)_block"] = ["slider_right", "slider_left"] }
                                  return (condition, ["\(c)_block": "drawer", "grasped": "0"])
                              }))
        return out
    }()

    private static let byName = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The task called `name`.
    public static func named(_ name: String) -> CalvinTask? { byName[name] }

    /// The states this task leads to from `state` (one per applicable alternative).
    func successors(of state: [String: String]) -> [[String: String]] {
        rules.compactMap { rule in
            guard rule.condition.allSatisfy({ key, values in values.contains(state[key] ?? "") }) else { return nil }
            return state.merging(rule.effect) { _, new in new }
        }
    }
}
