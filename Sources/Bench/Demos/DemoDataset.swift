import Foundation
import SafeTensors

/// One demonstration: its observations, actions and metadata.
public struct DemoEpisode: Sendable, Equatable {
    public var task: String
    /// The task's position in the dataset's task list (the index of its `task_id` one-hot).
    public var taskIndex: Int
    public var instruction: String
    /// The index of its start configuration in the dataset's stream (manifest `configurations`).
    public var goalIndex: Int
    /// Its start configuration.
    public var configuration: Configuration
    /// The attempt that recorded it: its episode seed is ``DemoGenerator/episodeSeed(seed:task:attempt:)``.
    public var attempt: Int
    /// The expert's mode (``ExpertStyle/mode``: approach, grasp yaw, slow, pause).
    public var expertMode: [Int32]
    public var success: Bool
    /// Steps in the episode.
    public var length: Int
    /// Float observation fields by name, each [length, field shape...] row-major.
    public var observations: [String: [Float]]
    /// Byte observation fields (images) by name, each [length, field shape...] row-major.
    public var images: [String: [UInt8]]
    /// The expert's actions (the labels to imitate), [length, action dimension].
    public var actions: [Float]
    /// The actions actually executed (the labels plus the dataset's noise), [length, action dimension].
    public var executedActions: [Float]
}

/// A demo dataset read back from disk (see docs/datasets.md): the manifest and every episode.
///
/// ```swift
/// let data = try DemoDataset(directory: URL(fileURLWithPath: "demos/mt10"))
/// for e in data.episodes { train(on: e.observations["state"]!, e.actions) }
/// ```
public struct DemoDataset: Sendable {
    public let manifest: DemoManifest
    public let episodes: [DemoEpisode]

    public init(directory: URL) throws {
        guard let manifest = try DemoManifest.read(in: directory) else {
            throw DemoError("\(directory.path) has no \(DemoManifest.fileName): not a demo dataset")
        }
        self.manifest = manifest
        var episodes: [DemoEpisode] = []
        for (taskIndex, entry) in manifest.files.enumerated() {
            episodes += try Self.read(entry, taskIndex: taskIndex, manifest: manifest, directory: directory)
        }
        self.episodes = episodes
    }

    /// The episodes of one task.
    public func episodes(of task: String) -> [DemoEpisode] { episodes.filter { $0.task == task } }

    static func read(_ entry: DemoFileEntry, taskIndex: Int, manifest: DemoManifest, directory: URL) throws -> [DemoEpisode] {
        let url = directory.appendingPathComponent(entry.file)
        do {
            let file = try SafeTensorsFile(contentsOf: url)
            let offsets = try file.int32("episode_offsets").map(Int.init)
            let goals = try file.int32("goal_index")
            let attempts = try file.int32("attempt")
            let modes = try file.int32("expert_mode")
            let modeWidth = ExpertStyle.modeColumns.count
            let success = try file.uint8("success")
            let actions = try file.float32("action")
            let executed = try file.float32("executed_action")
            let d = manifest.actionDimension
            let fields = manifest.observationFields.filter { $0.kind == .float32 }
            let byteFields = manifest.observationFields.filter { $0.kind == .uint8 }
            var columns: [String: [Float]] = [:], byteColumns: [String: [UInt8]] = [:]
            for f in fields { columns[f.name] = try file.float32("obs.\(f.name)") }
            for f in byteFields { byteColumns[f.name] = try file.uint8("obs.\(f.name)") }
            guard offsets.count == entry.episodes + 1, offsets.first == 0, offsets.last == entry.steps,
                  zip(offsets, offsets.dropFirst()).allSatisfy({ $0 < $1 }),
                  goals.count == entry.episodes, success.count == entry.episodes, attempts.count == entry.episodes,
                  modes.count == entry.episodes * modeWidth,
                  actions.count == entry.steps * d, executed.count == entry.steps * d,
                  fields.allSatisfy({ columns[$0.name]!.count == entry.steps * $0.rowCount }),
                  byteFields.allSatisfy({ byteColumns[$0.name]!.count == entry.steps * $0.rowCount }) else {
                throw DemoError("\(url.path): tensor sizes do not match the manifest (\(entry.episodes) episodes, \(entry.steps) steps)")
            }
            let instruction = file.metadata["instruction"] ?? ""
            return (0..<entry.episodes).map { e in
                let lo = offsets[e], hi = offsets[e + 1]
                var obs: [String: [Float]] = [:], images: [String: [UInt8]] = [:]
                for f in fields { obs[f.name] = Array(columns[f.name]![(lo * f.rowCount)..<(hi * f.rowCount)]) }
                for f in byteFields { images[f.name] = Array(byteColumns[f.name]![(lo * f.rowCount)..<(hi * f.rowCount)]) }
                return DemoEpisode(task: entry.task, taskIndex: taskIndex, instruction: instruction, goalIndex: Int(goals[e]),
                                   configuration: Configuration(stream: manifest.parameters.configurations, index: Int(goals[e])),
                                   attempt: Int(attempts[e]), expertMode: Array(modes[(e * modeWidth)..<((e + 1) * modeWidth)]),
                                   success: success[e] != 0, length: hi - lo, observations: obs, images: images,
                                   actions: Array(actions[(lo * d)..<(hi * d)]), executedActions: Array(executed[(lo * d)..<(hi * d)]))
            }
        } catch let e as DemoError { throw e } catch {
            throw DemoError("\(url.path): \(error)")
        }
    }
}
