import Bench

/// The episode records of built-in policy `policy` (`expert`, `random`, `noop`, ...) on task set
/// `tasks` of `suite`, `episodesPerTask` evaluation episodes per task from run seed `seed`.
func builtinRollouts(_ policy: String, on tasks: String, of suite: any BenchSuite, episodesPerTask: Int, seed: UInt64,
                     threads: Int = 2) throws -> [EpisodeRecord] {
    let plan = EvaluationPlan(suite: suite.name, selection: try suite.select(tasks), episodesPerTask: episodesPerTask, seed: seed,
                              policy: policy)
    return try Evaluator(suite: suite, plan: plan, policy: BuiltinPolicies.make(policy, suite: suite), threads: threads).run()
}
