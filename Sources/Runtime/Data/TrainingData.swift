import Bench
import Foundation

/// Demonstrations laid out for training: every episode's steps back to back, one row-major
/// column per observation field, and the expert's actions (the labels).
///
/// ```swift
/// let data = try TrainingData(dataset: DemoDataset(directory: url))
/// data.stepCount, data.episodeCount
/// data.floatColumns["state"]   // [stepCount * 39]
/// ```
public struct TrainingData: Sendable {
    /// One demonstration, for building data in memory (tests, synthetic tasks).
    public struct Episode: Sendable {
        public var length: Int
        /// Float fields by name, each `[length, field shape...]` row-major.
        public var floats: [String: [Float]]
        /// Byte fields (images) by name, each `[length, field shape...]` row-major.
        public var bytes: [String: [UInt8]]
        public var instruction: String
        /// `[length, action dimension]`.
        public var actions: [Float]

        public init(length: Int, floats: [String: [Float]] = [:], bytes: [String: [UInt8]] = [:], instruction: String = "", actions: [Float]) {
            self.length = length
            self.floats = floats
            self.bytes = bytes
            self.instruction = instruction
            self.actions = actions
        }
    }

    /// The observation fields every episode has.
    public let fields: [FieldSpec]
    public let actionDimension: Int
    /// Episode `e` is steps `episodeOffsets[e] ..< episodeOffsets[e + 1]`.
    public let episodeOffsets: [Int]
    /// Float fields, `[stepCount, field shape...]`.
    public let floatColumns: [String: [Float]]
    /// Byte fields, `[stepCount, field shape...]`.
    public let byteColumns: [String: [UInt8]]
    /// The instruction of each episode.
    public let instructions: [String]
    /// The labels, `[stepCount, actionDimension]`.
    public let actions: [Float]
    /// What the data is (suite, tasks, demos, seed), recorded in checkpoints: resuming on other
    /// data is refused.
    public let identity: String

    /// What ``identity`` says of data recorded on evaluation configurations.
    public static let evaluationConfigurationsMark = " configurations evaluation"

    public var episodeCount: Int { episodeOffsets.count - 1 }
    public var stepCount: Int { episodeOffsets.last ?? 0 }

    /// Data from episodes built in memory; every episode must have every field of `fields` with
    /// `length` rows, and `length` actions.
    public init(fields: [FieldSpec], actionDimension: Int, episodes: [Episode], identity: String) throws(TrainingDataError) {
        guard !episodes.isEmpty else { throw TrainingDataError("the training data has no episodes") }
        var offsets = [0]
        var floats: [String: [Float]] = [:], bytes: [String: [UInt8]] = [:]
        var actions: [Float] = []
        for (e, episode) in episodes.enumerated() {
            guard episode.length >= 1, episode.actions.count == episode.length * actionDimension else {
                throw TrainingDataError("episode \(e): \(episode.actions.count) action values for \(episode.length) steps of \(actionDimension)")
            }
            for field in fields {
                let count = episode.length * field.rowCount
                switch field.kind {
                case .float32:
                    guard let values = episode.floats[field.name], values.count == count else {
                        throw TrainingDataError("episode \(e): field '\(field.name)' needs \(count) float values")
                    }
                    floats[field.name, default: []] += values
                case .uint8:
                    guard let values = episode.bytes[field.name], values.count == count else {
                        throw TrainingDataError("episode \(e): field '\(field.name)' needs \(count) byte values")
                    }
                    bytes[field.name, default: []] += values
                case .text:
                    break
                }
            }
            actions += episode.actions
            offsets.append(offsets.last! + episode.length)
        }
        guard actions.allSatisfy(\.isFinite) else { throw TrainingDataError("the demonstrated actions contain NaN or infinite values") }
        for (name, values) in floats where !values.allSatisfy(\.isFinite) {
            throw TrainingDataError("observation field '\(name)' contains NaN or infinite values")
        }
        self.fields = fields
        self.actionDimension = actionDimension
        episodeOffsets = offsets
        floatColumns = floats
        byteColumns = bytes
        instructions = episodes.map(\.instruction)
        self.actions = actions
        self.identity = identity
    }

    /// The demonstrations of a demo dataset (docs/datasets.md), keeping only the fields named
    /// in `fields` (nil: all; a policy that reads no camera leaves the images out of memory).
    /// The identity is the dataset's parameters.
    public init(dataset: DemoDataset, keeping fields: Set<String>? = nil) throws(TrainingDataError) {
        let p = dataset.manifest.parameters
        var identity = "\(p.suite) tasks \(p.tasks.joined(separator: ",")) goals \(p.goalSplit) per-task \(p.perTask) noise \(p.noise) seed \(p.seed)"
        if let side = p.imageSize { identity += " images \(side)" + (p.cameraDepth == true ? " with depth" : "") }
        if p.configurations == .evaluation { identity += Self.evaluationConfigurationsMark }
        if let conditions = p.conditions, conditions != .standard { identity += " conditions \(conditions.summary)" }
        let kept = dataset.manifest.observationFields.filter { fields?.contains($0.name) ?? true }
        func keep<T>(_ values: [String: T]) -> [String: T] { values.filter { name, _ in fields?.contains(name) ?? true } }
        try self.init(fields: kept, actionDimension: dataset.manifest.actionDimension,
                      episodes: dataset.episodes.map {
                          Episode(length: $0.length, floats: keep($0.observations), bytes: keep($0.images), instruction: $0.instruction, actions: $0.actions)
                      },
                      identity: identity)
    }

    /// The episode that step `step` belongs to.
    func episode(ofStep step: Int) -> Int {
        var low = 0, high = episodeCount - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if episodeOffsets[mid] <= step { low = mid } else { high = mid - 1 }
        }
        return low
    }
}
