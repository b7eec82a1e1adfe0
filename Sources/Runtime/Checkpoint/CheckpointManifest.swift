import Foundation
import SpecLang

/// `checkpoint.json`: what a checkpoint is and where its run stands (docs/training.md).
public struct CheckpointManifest: Codable, Sendable, Equatable {
    public static let formatName = "polspec-checkpoint"
    public static let formatVersion = 1

    /// A file of the checkpoint: its size and SHA-256, checked when it is read.
    public struct FileRecord: Codable, Sendable, Equatable {
        public var bytes: Int
        public var sha256: String

        init(bytes: [UInt8]) {
            self.bytes = bytes.count
            sha256 = SHA256.hex(bytes)
        }
    }

    /// The spec that was trained.
    public struct SpecIdentity: Codable, Sendable, Equatable {
        public var name: String
        /// The spec's hash (`Spec.hash`).
        public var hash: String
        /// Its interface, architecture and recipe hashes (`Spec.hashes`). Checkpoints written
        /// before the hash was split lack them; their `hash` is the SHA-256 of their `spec.json`.
        public var interfaceHash: String?
        public var architectureHash: String?
        public var recipeHash: String?

        /// The identity of `spec`.
        public init(_ spec: Spec) {
            name = spec.name
            hash = spec.hash
            interfaceHash = spec.hashes.interface
            architectureHash = spec.hashes.architecture
            recipeHash = spec.hashes.recipe
        }

        /// The split hashes, when the checkpoint records them.
        public var hashes: SpecHashes? {
            guard let interfaceHash, let architectureHash, let recipeHash else { return nil }
            return SpecHashes(interface: interfaceHash, architecture: architectureHash, recipe: recipeHash)
        }

        enum CodingKeys: String, CodingKey {
            case name, hash
            case interfaceHash = "interface_hash"
            case architectureHash = "architecture_hash"
            case recipeHash = "recipe_hash"
        }
    }

    /// The data sampler's position in the stage (``WindowSampler``).
    public struct SamplerState: Codable, Sendable, Equatable {
        public var epoch: Int
        public var cursor: Int
    }

    public var format = CheckpointManifest.formatName
    public var version = CheckpointManifest.formatVersion
    public var polspecVersion: String
    public var spec: SpecIdentity
    /// What the training data was (``TrainingData/identity``).
    public var data: String
    /// The stage in progress (its index in the recipe), or the stage count when every stage is done.
    public var stage: Int
    /// The stage's name: the stage in progress, or the last stage when every stage is done.
    public var stageName: String
    /// Optimizer steps of ``stage`` already taken.
    public var step: Int
    /// Optimizer steps taken in all stages.
    public var globalStep: Int
    /// Optimizer steps of the whole recipe.
    public var totalSteps: Int
    public var sampler: SamplerState
    /// The optimizer kind (`adamw`, ...) of the stage ``stageName`` names.
    public var optimizer: String
    public var files: [String: FileRecord] = [:]

    /// True when every stage of the recipe is done.
    public var finished: Bool { globalStep == totalSteps }

    enum CodingKeys: String, CodingKey {
        case format, version, spec, data, stage, step, sampler, optimizer, files
        case polspecVersion = "polspec_version"
        case stageName = "stage_name"
        case globalStep = "global_step"
        case totalSteps = "total_steps"
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    static func decode(_ data: Data, path: String) throws(CheckpointError) -> CheckpointManifest {
        try checkUniqueKeys(data, path: path)
        let manifest: CheckpointManifest
        do {
            manifest = try JSONDecoder().decode(CheckpointManifest.self, from: data)
        } catch {
            throw CheckpointError("\(path)/\(Checkpoint.manifestFile) is not a checkpoint manifest (truncated or damaged?): \(error)")
        }
        guard manifest.format == formatName, manifest.version == formatVersion else {
            throw CheckpointError("\(path) is a \(manifest.format) v\(manifest.version) checkpoint; this polspec reads \(formatName) v\(formatVersion)")
        }
        try manifest.validate(path: path)
        return manifest
    }
}
