import Foundation
import SafeTensors

/// The verdict of `polspec bench sanity` (docs/bench.md, "Sanity baselines"): per task, the scripted
/// expert's success and each baseline's, judged by the honesty criterion. A suite is honest when the
/// expert reaches at least 95% on every task and every baseline stays at or below 10% on every task
/// — except where the real benchmark lets the same baseline solve the task: there it may not beat
/// the real figure by more than 10 points.
public struct SanityReport: Sendable, Equatable, Codable {
    /// The expert's bar and the baselines' allowance above the real figure (or above 0).
    public static let expertBar = 0.95, allowance = 0.10

    /// One task (or, in a chained suite, one subtask).
    public struct Row: Sendable, Equatable, Codable {
        public var task: String
        /// Success rates (nil where the task was never attempted, e.g. a subtask no chain reached).
        public var expert: Double?
        public var baselines: [String: Double?]
        /// The real benchmark's figure per baseline, where known.
        public var real: [String: Double]
        /// What breaks the criterion here (empty: nothing).
        public var problems: [String]
    }

    public var suite: String
    public var tasks: String
    public var episodesPerTask: Int
    /// The built-in suite's conditions (nil for an environment process, whose own apply).
    public var conditions: SuiteConditions?
    /// The environment process the episodes ran in (`bench sanity --env`); nil for a built-in suite.
    public var environment: EnvironmentIdentity?
    /// Demos per task behind the constant, blind and instruction baselines, and the training steps of the last two.
    public var demos: Int
    public var trainingSteps: Int
    public var rows: [Row]
    /// Per baseline, the Pearson correlation of its per-task success with the real benchmark's, where
    /// the real figures cover every task (the constant baseline on metaworld-like).
    public var realCorrelation: [String: Double]
    public var honest: Bool

    enum CodingKeys: String, CodingKey {
        case suite, tasks, conditions, environment, demos, rows, honest
        case episodesPerTask = "episodes_per_task"
        case trainingSteps = "training_steps"
        case realCorrelation = "real_correlation"
    }

    /// Judges the per-task success rates: `expert[task]` and `baselines[baseline][task]`.
    public init(suite: String, tasks: String, taskNames: [String], episodesPerTask: Int, conditions: SuiteConditions,
                environment: EnvironmentIdentity? = nil, demos: Int, trainingSteps: Int, expert: [String: Double],
                baselines: [SanityBaseline: [String: Double]]) {
        self.suite = suite
        self.tasks = tasks
        self.episodesPerTask = episodesPerTask
        self.conditions = environment == nil ? conditions : nil
        self.environment = environment
        self.demos = demos
        self.trainingSteps = trainingSteps
        rows = taskNames.map { task in
            var row = Row(task: task, expert: expert[task], baselines: [:], real: [:], problems: [])
            if let e = expert[task], e < Self.expertBar {
                row.problems.append(String(format: "expert %.1f%% < 95%%", 100 * e))
            }
            for b in SanityBaseline.allCases {
                let rate = baselines[b]?[task]
                row.baselines[b.rawValue] = rate
                let real = RealBaselineFigures.success(suite: suite, baseline: b, task: task)
                if let real, real > 0 { row.real[b.rawValue] = real }
                if let rate, rate > (real ?? 0) + Self.allowance + 1e-9 {
                    row.problems.append(String(format: "%@ %.1f%% > %.0f%%", b.rawValue, 100 * rate, 100 * ((real ?? 0) + Self.allowance)))
                }
            }
            return row
        }
        var correlation: [String: Double] = [:]
        for b in SanityBaseline.allCases {
            let pairs = taskNames.compactMap { task -> (Double, Double)? in
                guard let real = RealBaselineFigures.success(suite: suite, baseline: b, task: task), let rate = baselines[b]?[task] else { return nil }
                return (rate, real)
            }
            if pairs.count == taskNames.count, pairs.count >= 3, let r = Self.pearson(pairs) { correlation[b.rawValue] = r }
        }
        realCorrelation = correlation
        honest = rows.allSatisfy(\.problems.isEmpty)
    }

    /// Pearson's r of the pairs (nil when either side is constant).
    static func pearson(_ pairs: [(Double, Double)]) -> Double? {
        let n = Double(pairs.count)
        let mx = pairs.reduce(0) { $0 + $1.0 } / n, my = pairs.reduce(0) { $0 + $1.1 } / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (x, y) in pairs {
            sxy += (x - mx) * (y - my)
            sxx += (x - mx) * (x - mx)
            syy += (y - my) * (y - my)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    /// The table `polspec bench sanity` prints (and report.md's body).
    public func text(markdown: Bool = false) -> String {
        let columns = ["expert"] + SanityBaseline.allCases.map(\.rawValue)
        func cell(_ rate: Double??, real: Double?) -> String {
            guard let r = rate ?? nil else { return "–" }
            return String(format: "%.0f", 100 * r) + (real.map { String(format: " (real %.0f)", 100 * $0) } ?? "")
        }
        let width = max(28, (rows.map(\.task.count).max() ?? 0) + 2)
        func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
        var out = markdown ? "# \(suite) — sanity baselines\n\n" : ""
        out += "\(suite) · tasks \(tasks) · \(episodesPerTask) episodes/task · \(demos) demos/task · \(trainingSteps) training steps (blind, instruction)\n"
        out += environment.map { "environment: \($0)\n\n" } ?? "conditions: \(conditions?.summary ?? "none")\n\n"
        if markdown {
            out += "| task | " + columns.joined(separator: " | ") + " | problems |\n|---|" + String(repeating: "---:|", count: columns.count) + "---|\n"
        } else {
            out += pad("task (success %)", width) + columns.map { pad($0, 16) }.joined() + "problems\n"
        }
        for row in rows {
            let cells = [cell(row.expert, real: nil)] + SanityBaseline.allCases.map { cell(row.baselines[$0.rawValue], real: row.real[$0.rawValue]) }
            let problems = row.problems.joined(separator: "; ")
            out += markdown ? "| \(row.task) | " + cells.joined(separator: " | ") + " | \(problems) |\n"
                : pad(row.task, width) + cells.map { pad($0, 16) }.joined() + problems + "\n"
        }
        for (b, r) in realCorrelation.sorted(by: { $0.key < $1.key }) {
            out += "\n\(b) baseline vs the real benchmark, per task: Pearson r = \(String(format: "%.2f", r))"
        }
        let failing = rows.filter { !$0.problems.isEmpty }.count
        out += "\n\n" + (honest ? "honest: every expert >= 95%, every baseline within its bound on every task"
            : "NOT honest: \(failing) of \(rows.count) tasks break the criterion") + "\n"
        return out
    }

    /// Writes report.json and report.md into `directory`.
    public func write(to directory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try AtomicFile.write(String(decoding: try encoder.encode(self), as: UTF8.self) + "\n",
                                 to: directory.appendingPathComponent(ReportFiles.json))
            try AtomicFile.write(text(markdown: true), to: directory.appendingPathComponent(ReportFiles.markdown))
        } catch {
            throw EvaluationError("cannot write the sanity report to \(directory.path): \(error)")
        }
    }
}
