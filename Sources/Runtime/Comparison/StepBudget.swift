import Bench
import SpecLang

/// A uniform training budget (`polspec bench compare --steps N`): every spec trains for N
/// optimizer steps in all. Each stage gets a share of N proportional to its steps in the recipe
/// (largest remainders; at least one step per stage), and its schedule's warm-up is scaled by the
/// same factor (kept shorter than the stage), so that the schedule keeps its shape.
public struct StepBudget: Sendable, Equatable {
    /// One stage under the budget.
    public struct StageSteps: Sendable, Equatable {
        public var name: String
        public var steps: Int
        /// The scaled warm-up (nil when the stage's schedule has none).
        public var warmup: Int?
    }

    public let total: Int
    public let stages: [StageSteps]

    /// The budget of `total` steps spread over `spec`'s stages.
    public init(_ spec: Spec, total: Int) throws(BenchUsageError) {
        let recipe = spec.recipe.stages
        guard total >= recipe.count else {
            throw BenchUsageError("--steps \(total) is fewer than \(spec.name)'s \(recipe.count) stages (every stage needs a step)")
        }
        let written = recipe.map(\.steps)
        let sum = written.reduce(0, +)
        // Shares of `total` proportional to the written steps, the remainders going to the stages
        // with the largest fractional parts (first stage first on ties); a stage left with no
        // step takes one from the stage with the most.
        let exact = written.map { Double(total) * Double($0) / Double(sum) }
        var shares = exact.map { Int($0.rounded(.down)) }
        let left = total - shares.reduce(0, +)
        let order = exact.indices.sorted { (exact[$0] - exact[$0].rounded(.down), -$0) > (exact[$1] - exact[$1].rounded(.down), -$1) }
        for i in order.prefix(left) { shares[i] += 1 }
        for i in shares.indices where shares[i] == 0 {
            shares[shares.indices.max { shares[$0] < shares[$1] }!] -= 1
            shares[i] = 1
        }
        stages = recipe.indices.map { i in
            let steps = shares[i]
            let warmup = recipe[i].schedule.component.warmup
            let scaled = warmup > 0 ? min(steps - 1, Int((Double(warmup) * Double(steps) / Double(written[i])).rounded())) : nil
            return StageSteps(name: recipe[i].name, steps: steps, warmup: scaled)
        }
        self.total = total
    }

    /// The `--set` overrides that give a spec this budget.
    public var overrides: [String] {
        stages.flatMap { s in
            ["recipe.stages.\(s.name).steps=\(s.steps)"] + (s.warmup.map { ["recipe.stages.\(s.name).schedule.warmup=\($0)"] } ?? [])
        }
    }
}
