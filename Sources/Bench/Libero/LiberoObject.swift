/// LIBERO-Object: a basket and six grocery items on six places, which item stands where drawn
/// anew for every initial state (so the target has no fixed place); goal
/// In(target, basket_1_contain_region). Each task's five other items are the ones its BDDL file lists.
enum LiberoObject {
    typealias G = LiberoKit.Grocery

    static let basketXY = SIMD2(-0.27, 0.6)
    /// The six places the items stand on (the first is where LIBERO puts the target).
    static let places: [SIMD2<Double>] = [SIMD2(0.24, 0.47), SIMD2(0.1, 0.65), SIMD2(-0.06, 0.44), SIMD2(0.22, 0.72), SIMD2(-0.03, 0.77),
                                          SIMD2(0.08, 0.36)]

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
        LiberoTask(.object, id, "pick up the \(target.rawValue) and place it in the basket") { l in
            var a = SceneAssembly()
            let basket = a.add(Props.basket("basket", at: l.near(basketXY)))
            // The six items, added in the suite's item order (the keypoints' order), each on a random one of the places.
            let items = [target] + others, spots = l.shuffled(places)
            var index: [G: Int] = [:]
            for kind in G.allCases where items.contains(kind) {
                index[kind] = a.add(kind.body(at: spots[items.firstIndex(of: kind)!], &l))
            }
            let item = index[target]!
            let world = a.world(gripper: Gripper(position: LiberoKit.gripperStart), workspace: LiberoKit.workspace)
            let goal = LiberoPredicates.inside(item, body: basket)
            return LiberoScene(world: world, goal: goal,
                               expert: ExpertPlan([.place(body: item, at: LiberoKit.spot(item, over: basket), done: goal)]),
                               stoves: [])
        }
    }
}
