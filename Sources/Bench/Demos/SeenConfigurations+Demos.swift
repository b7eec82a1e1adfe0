import Foundation
import SafeTensors

extension SeenConfigurations {
    /// The evaluation configurations the demos in `directory` started from (nil when they come from
    /// the training stream, the default: then nothing is seen). Reads the manifest and each file's
    /// `goal_index` only.
    public init?(demos directory: URL, suite: any BenchSuite) throws {
        guard let manifest = try DemoManifest.read(in: directory) else {
            throw DemoError("\(directory.path) has no \(DemoManifest.fileName): not a demo dataset")
        }
        guard manifest.parameters.configurations == .evaluation else { return nil }
        var byTask: [String: Set<Int>] = [:]
        for entry in manifest.files {
            let url = directory.appendingPathComponent(entry.file)
            let goals: [Int32]
            do { goals = try SafeTensorsFile(contentsOf: url).int32("goal_index") } catch {
                throw DemoError("\(url.path): \(error)")
            }
            for g in goals {
                if let (task, index) = suite.evaluationConfiguration(ofDemo: entry.task, .evaluation(Int(g))) {
                    byTask[task, default: []].insert(index)
                }
            }
        }
        self.init(byTask: byTask)
    }
}
