import Bench

/// The most episodes one `bench` run plans (the plan lists every episode in memory): far more
/// than any protocol runs, and a product that cannot overflow.
enum EvaluationSize {
    static let maximumEpisodes = 10_000_000

    /// Refuses `episodes` per task of `tasks` tasks when their product overflows or passes
    /// ``maximumEpisodes``.
    static func check(episodes: Int, tasks: Int) throws {
        let (total, overflow) = episodes.multipliedReportingOverflow(by: max(tasks, 1))
        guard !overflow, total <= maximumEpisodes else {
            throw BenchUsageError("--episodes \(episodes) for \(tasks) task(s) is more than the \(maximumEpisodes) episodes one run evaluates; choose fewer episodes")
        }
    }
}
