import Bench
import Foundation
import SpecLang

/// One report folder of a comparison (a `polspec bench` report, or one `(spec, seed)` folder of
/// `polspec bench compare`): its report, the spec it evaluated (the run record's `spec.yaml`) and
/// how that spec was trained.
public struct ComparedRun: Sendable {
    /// The folder as given.
    public var folder: String
    public var report: BenchReport
    /// The evaluated spec (nil for a built-in policy).
    public var spec: Spec?
    /// The spec's hash with `recipe.seed` set to 0: runs that differ only in their seed share it.
    public var seedlessHash: String?
    /// How the policy was trained (nil when no training run folder is found).
    public var training: TrainingSummary?

    /// The run-record option that names the training run folder of a report (`polspec bench
    /// --spec` and `bench compare` write it).
    public static let trainingOption = "train-out"

    /// Reads `folder` (or a `report.json` path). The training run is the folder the report's run
    /// record names (`train-out`, or the run of `checkpoint`), else `folder/training` when it holds one.
    public static func load(_ path: String) throws -> ComparedRun {
        var folder = URL(fileURLWithPath: path)
        if path.hasSuffix(".json") { folder = folder.deletingLastPathComponent() }
        let report = try BenchReport.read(folder.appendingPathComponent(ReportFiles.json))
        let record: RunRecord?
        do { record = try RunRecord.read(folder) } catch { throw BenchUsageError("\(path): \(error)") }
        let specFile = folder.appendingPathComponent(RunRecord.specFile)
        var spec: Spec?, seedless: String?
        if FileManager.default.fileExists(atPath: specFile.path) {
            let result = SpecChecker.check(file: specFile.path)
            guard let checked = result.spec, !result.hasErrors else {
                throw BenchUsageError("\(specFile.path) does not check (run `polspec check \(specFile.path)`)")
            }
            spec = checked
            seedless = SpecChecker.check(file: specFile.path, options: CheckOptions(overrides: ["recipe.seed=0"])).spec?.hash
        }
        let options = record?.latest?.options ?? [:]
        let candidates = [options[trainingOption].map { URL(fileURLWithPath: $0) },
                          options["checkpoint"].flatMap { RunDirectory.checkpointRun(URL(fileURLWithPath: $0)) ?? URL(fileURLWithPath: $0) },
                          spec == nil ? nil : folder.appendingPathComponent("training")]
        var training: TrainingSummary?
        for candidate in candidates.compactMap({ $0 }) {
            do { training = try TrainingSummary.read(candidate) } catch { throw BenchUsageError("\(path): \(error)") }
            if training != nil { break }
        }
        return ComparedRun(folder: path, report: report, spec: spec, seedlessHash: seedless, training: training)
    }

    /// The recipe seed the policy was trained with.
    public var recipeSeed: Int? { spec?.recipe.seed }
}
