import Bench
import Foundation
import Runtime
import SpecLang

/// Demo folders used as they were recorded, not recorded again: a dataset that no built-in suite
/// made (imported with tools/datasets/lerobot_import.py, or recorded from an environment process
/// with `polspec demos --env`), given with `--data DIR`.
enum RecordedDemos {
    /// `--data DIR` when it holds a dataset of a source other than the built-in suites (`polspec
    /// train SPEC --data DIR` then trains on it without a suite); nil otherwise.
    static func foreignFolder(_ data: String?) throws -> URL? {
        guard let data else { return nil }
        let url = URL(fileURLWithPath: data)
        guard let manifest = try DemoManifest.read(in: url), !Suites.names.contains(manifest.parameters.suite) else { return nil }
        return url
    }

    /// The demos in `--data DIR` of an environment's tasks, as recorded there (whatever their noise,
    /// seed or number per task), when the folder holds demos of `suite`; nil when it holds none yet.
    static func ofEnvironment(_ data: String?, suite: BridgeSuite, selection: TaskSelection, spec: Spec, quiet: Bool) throws -> TrainingData? {
        guard let data, let manifest = try DemoManifest.read(in: URL(fileURLWithPath: data)) else { return nil }
        guard manifest.parameters.suite == suite.name, manifest.parameters.tasks == selection.tasks.map(\.name) else {
            throw BenchUsageError("--data \(data) holds demos of \(manifest.parameters.suite) \(manifest.parameters.tasks.joined(separator: ",")); this run needs \(suite.name) \(selection.tasks.map(\.name).joined(separator: ","))")
        }
        return try load(URL(fileURLWithPath: data), spec: spec, quiet: quiet)
    }

    /// The dataset in `directory`, keeping the fields `spec` reads.
    static func load(_ directory: URL, spec: Spec, quiet: Bool) throws -> TrainingData {
        let dataset = try DemoDataset(directory: directory)
        let data = try TrainingData(dataset: dataset, keeping: Set(spec.observations.map(\.name)))
        if !quiet {
            let p = dataset.manifest.parameters
            Log.line("using the \(data.episodeCount) demos (\(data.stepCount) steps) of \(p.tasks.count) tasks in \(directory.path) as recorded (\(p.suite), noise \(p.noise))")
        }
        return data
    }
}
