import Bench
import Foundation

/// What may be done with an existing demo folder before demos are recorded into it: a folder
/// whose `manifest.json` does not read is never recorded over silently, and a folder of demos
/// made with other parameters is refused with the way out the command actually has.
enum DemoFolder {
    /// Checks `directory` (given as `option`) for demos of `parameters`. `force` is nil for a
    /// command without `--force` (train, bench), which never replaces a folder's demos.
    static func check(_ directory: URL, parameters: DemoParameters, option: String, force: Bool?) throws {
        guard force != true else { return }
        let way = force == nil ? "choose another \(option), or delete the folder to record new demos there"
            : "choose another \(option), or pass --force to record new demos over it"
        let manifest: DemoManifest?
        do {
            manifest = try DemoManifest.read(in: directory)
        } catch {
            throw BenchUsageError("\(option) \(directory.path) holds a \(DemoManifest.fileName) that does not read (\(error)); \(way)")
        }
        if let manifest, manifest.parameters != parameters {
            let conditions = manifest.parameters.conditions != parameters.conditions
            throw BenchUsageError("\(option) \(directory.path) holds demos made with other parameters (\(describe(manifest.parameters, conditions: conditions)); this run needs \(describe(parameters, conditions: conditions))); \(way)")
        }
    }

    /// The parameters in a few words, with the simulator revision (or the environment process);
    /// with `conditions`, the suite conditions too (when they are what differs).
    private static func describe(_ p: DemoParameters, conditions: Bool) -> String {
        "\(p.suite) \(p.tasks.count <= 3 ? p.tasks.joined(separator: ",") : "\(p.tasks.count) tasks") \(p.perTask) per task, noise \(p.noise), seed \(p.seed)"
            + (conditions ? ", conditions: \(p.conditions?.summary ?? "the environment's own")" : "")
            + (p.environment.map { ", environment \($0)" } ?? ", simulator revision \(p.simulatorRevision ?? 1)")
    }
}
