/// LIBERO-Object: a basket and six grocery items, the target always in the same region; goal
/// In(target, basket_1_contain_region). Each task's five other items are the ones its BDDL file lists.
enum LiberoObject {
    typealias G = LiberoKit.Grocery

    static let basketXY = SIMD2(-0.27, 0.6)
    static let targetXY = SIMD2(0.24, 0.47)
    static let otherXY: [SIMD2<Double>] = [SIMD2(0.1, 0.65), SIMD2(-0.06, 0.44), SIMD2(0.22, 0.72), SIMD2(-0.03, 0.77), SIMD2(0.08, 0.36)]

    static let tasks: [LiberoTask] = [
        task(0, .alphabetSoup, [.saladDressing, .creamCheese, .milk, .tomatoSauce, .butter]),
        task(1, .creamCheese, [.alphabetSoup, .milk, .tomatoSauce, .butter, .orangeJuice]),
        task(2, .saladDressing, [.ketchup, .alphabetSoup, .creamCheese, .milk, .tomatoSauce]),
        task(3, .bbqSauce, [.chocolatePudding, .ketchup, .saladDressing, .alphabetSoup, .creamCheese]),
        task(4, .ketchup, [.bbqSauce, .saladDressing, .alphabetSoup, .creamCheese, .milk]),
        task(5, .tomatoSauce, [.milk, .butter, .orangeJuice, .chocolatePudding, .bbqSauce]),
        task(6, .butter, [.tomatoSauce, .orangeJuice, .chocolatePudding, .bbqSauce, .ketchup]),
        task(7, .milk, [.creamCheese, .tomatoSauce, .butter, .orangeJuice, .chocolatePudding]),
        task(8, .chocolatePudding, [.orangeJuice, .bbqSauce, .ketchup, .saladDressing, .alphabetSoup]),
        task(9, .orangeJuice, [.butter, .chocolatePudding, .bbqSauce, .ketchup, .saladDressing]),
    ]

    static func task(_ id: Int, _ target: G, _ others: [G]) -> LiberoTask {
        LiberoTask(.object, id, "pick up the \(target.rawValue) and place it in the basket") { rng in
            var a = SceneAssembly()
            let basket = a.add(Props.basket("basket", at: LiberoKit.near(basketXY, &rng)))
            let item = a.add(target.body(at: targetXY, &rng))
            let rest = zip(others, otherXY).map { a.add($0.body(at: $1, &rng)) }
            let world = a.world(gripper: Gripper(position: LiberoKit.gripperStart), workspace: LiberoKit.workspace)
            let goal = LiberoPredicates.inside(item, body: basket)
            return LiberoScene(world: world, goal: goal,
                               expert: ExpertPlan([.place(body: item, at: LiberoKit.spot(item, over: basket), done: goal)]),
                               keypointBodies: [item, basket] + rest, stoves: [])
        }
    }
}
