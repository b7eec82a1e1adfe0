import Bench
import Foundation
import SpecLang

/// The runs of `polspec bench compare`: every spec once per training seed, each trained on the
/// same demos and evaluated on the same episodes into a folder of its own, `OUT/<spec name>-seed<s>`
/// (the report, the run record, and the training run in `training/`).
///
/// Seed i of a spec trains with `recipe.seed` = the spec's seed + i; a uniform budget
/// (``StepBudget``) sets every stage's steps. Both are `--set` overrides, so the run records show
/// them and `OUT/<folder>/spec.yaml` is the spec exactly as trained.
public struct ComparisonPlan: Sendable {
    /// One (spec, seed) run.
    public struct Job: Sendable {
        /// The spec's index in the given list.
        public var spec: Int
        public var name: String
        public var recipeSeed: Int
        /// The `--set` overrides of this run (budget, then seed).
        public var overrides: [String]
        public var folder: URL
        public var training: URL { folder.appendingPathComponent("training") }
    }

    public let jobs: [Job]
    public let budgets: [StepBudget?]

    /// Most training seeds per spec.
    public static let maximumSeeds = 100

    /// The runs of `specs` (checked as given) with `seeds` training seeds each and, when `steps`
    /// is given, that uniform budget, in folders under `out`. Spec names must differ.
    public init(specs: [Spec], seeds: Int, steps: Int?, out: URL) throws(BenchUsageError) {
        guard !specs.isEmpty else { throw BenchUsageError("give at least one spec to compare") }
        guard (1...Self.maximumSeeds).contains(seeds) else { throw BenchUsageError("--seeds must be 1...\(Self.maximumSeeds)") }
        var folders: [String: String] = [:]
        for spec in specs {
            let folder = Self.folderName(spec.name)
            if let other = folders[folder] {
                throw BenchUsageError("two specs are named '\(other)' and '\(spec.name)' (\(spec.file)): give each compared spec its own name")
            }
            folders[folder] = spec.name
        }
        budgets = try specs.map { spec throws(BenchUsageError) in try steps.map { total throws(BenchUsageError) in try StepBudget(spec, total: total) } }
        var jobs: [Job] = []
        for (index, spec) in specs.enumerated() {
            for i in 0..<seeds {
                let (recipeSeed, overflow) = spec.recipe.seed.addingReportingOverflow(i)
                guard !overflow, recipeSeed <= 2_147_483_647 else { throw BenchUsageError("\(spec.name): recipe.seed + \(i) passes 2147483647") }
                let overrides = (budgets[index]?.overrides ?? []) + (seeds > 1 ? ["recipe.seed=\(recipeSeed)"] : [])
                jobs.append(Job(spec: index, name: spec.name, recipeSeed: recipeSeed, overrides: overrides,
                                folder: out.appendingPathComponent("\(Self.folderName(spec.name))-seed\(recipeSeed)")))
            }
        }
        self.jobs = jobs
    }

    /// A spec name as a folder name: characters other than letters, digits, `.`, `_` and `-` become `_`.
    static func folderName(_ name: String) -> String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
    }

    /// What a job's folder holds already.
    public enum Progress: Sendable, Equatable {
        /// Nothing: train and evaluate.
        case new
        /// A training run of this spec that did not finish or was not evaluated: continue it.
        case trainingStarted
        /// A report of this spec, evaluated as planned: keep it.
        case evaluated
    }

    /// What `job`'s folder holds for `spec` (the job's spec, overrides applied) evaluated as
    /// `evaluation` on demos `demos`; a folder holding anything else is refused, never replaced.
    public static func progress(of job: Job, spec: Spec, evaluation: RunIdentity, demos: [String: String]) throws -> Progress {
        let manager = FileManager.default
        guard manager.fileExists(atPath: job.folder.path) else { return .new }
        let refuse = { (why: String) in
            BenchUsageError("\(job.folder.path) holds a run of other parameters (\(why)); remove it or choose another --out")
        }
        let trainingRecord = try? RunRecord.read(job.training)
        if let record = trainingRecord ?? nil {
            guard record.latest?.spec?.hash == spec.hash else { throw refuse("its training spec differs") }
            for (key, value) in demos where record.latest?.options[key] != value {
                throw refuse("its demos' \(key) is \(record.latest?.options[key] ?? "not recorded")")
            }
        } else if (try? manager.contentsOfDirectory(atPath: job.folder.path))?.isEmpty == false {
            throw refuse("no training run")
        }
        let reportFile = job.folder.appendingPathComponent(ReportFiles.json)
        guard manager.fileExists(atPath: reportFile.path) else { return trainingRecord == nil ? .new : .trainingStarted }
        let report = try BenchReport.read(reportFile)
        if let (field, planned, found) = ComparisonTable.evaluationDifference(evaluation, report.identity) {
            throw refuse("its report's \(field) is '\(found)', not '\(planned)'")
        }
        guard (try? RunRecord.read(job.folder))??.latest?.spec?.hash == spec.hash else { throw refuse("its report's spec differs") }
        return .evaluated
    }
}
