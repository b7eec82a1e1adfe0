import Compiler
import Foundation
import SafeTensors
import SpecLang

/// Everything a training run needs to continue exactly where it stopped, and everything an
/// evaluation needs to run the trained policy. On disk it is a directory (docs/training.md):
///
/// ```
/// checkpoint.json             manifest: spec hash, data, stage, step, sampler state, file sizes and SHA-256
/// spec.json                   the resolved spec as JSON (what was trained; `polspec check` reads it)
/// weights.safetensors         every parameter, PyTorch names (loads with `polspec infer --weights`)
/// ema.safetensors             the EMA weights, when the stage keeps an EMA
/// optimizer.safetensors       the stage's optimizer state: `<parameter>.exp_avg`, ...
/// normalization.safetensors   the normalisation statistics
/// ```
public struct Checkpoint: Sendable {
    public static let manifestFile = "checkpoint.json"
    public static let specFile = "spec.json"
    public static let weightsFile = "weights.safetensors"
    public static let emaFile = "ema.safetensors"
    public static let optimizerFile = "optimizer.safetensors"
    public static let normalizationFile = "normalization.safetensors"

    public var manifest: CheckpointManifest
    /// The resolved spec as canonical JSON (``Spec/canonicalJSON``).
    public var specJSON: String
    public var parameters: [String: HostTensor]
    /// Every parameter, trained ones replaced by their exponential moving average; nil when
    /// the stage keeps no EMA.
    public var ema: [String: HostTensor]?
    /// Per trained parameter and state name: `head.fc1.weight.exp_avg`, ...
    public var optimizer: [String: HostTensor]
    public var normalization: Normalization

    public init(manifest: CheckpointManifest, specJSON: String, parameters: [String: HostTensor], ema: [String: HostTensor]?,
                optimizer: [String: HostTensor], normalization: Normalization) {
        self.manifest = manifest
        self.specJSON = specJSON
        self.parameters = parameters
        self.ema = ema
        self.optimizer = optimizer
        self.normalization = normalization
    }

    /// The weights evaluation runs with: the EMA weights when there are any.
    public var evaluationWeights: [String: HostTensor] { ema ?? parameters }

    // MARK: Writing

    /// The files of the checkpoint, by name (the manifest last, with the others' sizes and digests).
    func files() throws -> [(name: String, bytes: [UInt8])] {
        var metadata = ["format": "pt", "polspec.spec": manifest.spec.name, "polspec.hash": manifest.spec.hash]
        if let hashes = manifest.spec.hashes {
            metadata["polspec.interface_hash"] = hashes.interface
            metadata["polspec.architecture_hash"] = hashes.architecture
        }
        var files: [(String, [UInt8])] = [
            (Self.specFile, Array(specJSON.utf8)),
            (Self.weightsFile, try TensorFile.bytes(parameters, metadata: metadata)),
            (Self.optimizerFile, try TensorFile.bytes(optimizer, metadata: ["polspec.optimizer": manifest.optimizer])),
            (Self.normalizationFile, try TensorFile.bytes(normalization.tensors, metadata: normalization.metadata)),
        ]
        if let ema { files.append((Self.emaFile, try TensorFile.bytes(ema, metadata: metadata))) }
        var manifest = manifest
        manifest.files = Dictionary(uniqueKeysWithValues: files.map { ($0.0, CheckpointManifest.FileRecord(bytes: $0.1)) })
        files.append((Self.manifestFile, Array(try manifest.json().utf8)))
        return files
    }

    /// Writes the checkpoint as the directory `directory`, atomically: the files go to a
    /// temporary sibling directory, are flushed, and the directory is renamed into place
    /// (replacing an older one of the same name).
    public func write(to directory: URL) throws(CheckpointError) {
        let parent = directory.deletingLastPathComponent()
        let temporary = parent.appendingPathComponent(".\(directory.lastPathComponent).tmp-\(getpid())")
        let manager = FileManager.default
        do {
            try? manager.removeItem(at: temporary)
            try manager.createDirectory(at: temporary, withIntermediateDirectories: true)
            for (name, bytes) in try files() { try AtomicFile.write(bytes, to: temporary.appendingPathComponent(name)) }
            if manager.fileExists(atPath: directory.path) { try manager.removeItem(at: directory) }
            guard rename(temporary.path, directory.path) == 0 else {
                throw CheckpointError("cannot move \(temporary.path) to \(directory.path): \(String(cString: strerror(errno)))")
            }
        } catch let error as CheckpointError {
            try? manager.removeItem(at: temporary)
            throw error
        } catch {
            try? manager.removeItem(at: temporary)
            throw CheckpointError("cannot write checkpoint \(directory.path): \(error)")
        }
    }

    // MARK: Reading

    /// Reads and validates the checkpoint directory `directory`: the manifest, every file's
    /// size and SHA-256, every tensor file, and the tensors against each other
    /// (CheckpointValidation.swift).
    public static func read(from directory: URL) throws(CheckpointError) -> Checkpoint {
        let path = directory.path
        guard let manifestData = FileManager.default.contents(atPath: directory.appendingPathComponent(manifestFile).path) else {
            throw CheckpointError("\(path) is not a checkpoint: it has no \(manifestFile)")
        }
        let manifest = try CheckpointManifest.decode(manifestData, path: path)
        var contents: [String: [UInt8]] = [:]
        for name in [specFile, weightsFile, optimizerFile, normalizationFile] where manifest.files[name] == nil {
            throw CheckpointError("\(path)/\(manifestFile) lists no \(name): not a complete checkpoint")
        }
        for (name, record) in manifest.files.sorted(by: { $0.key < $1.key }) {
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else {
                throw CheckpointError("\(path)/\(name) is missing")
            }
            let bytes = [UInt8](data)
            guard bytes.count == record.bytes else {
                throw CheckpointError("\(path)/\(name) has \(bytes.count) bytes but the checkpoint recorded \(record.bytes): the file is truncated or was changed")
            }
            guard SHA256.hex(bytes) == record.sha256 else {
                throw CheckpointError("\(path)/\(name) does not match its recorded SHA-256: the file is corrupt or was changed")
            }
            contents[name] = bytes
        }
        func tensors(_ name: String) throws(CheckpointError) -> (tensors: [String: HostTensor], metadata: [String: String]) {
            do {
                return try TensorFile.tensors(contents[name]!)
            } catch let error as CheckpointError {
                throw CheckpointError("\(path)/\(name): \(error)")
            } catch {
                throw CheckpointError("\(path)/\(name) is not a valid safetensors file: \(error)")
            }
        }
        let normalization = try tensors(normalizationFile)
        let checkpoint = Checkpoint(manifest: manifest, specJSON: String(decoding: contents[specFile]!, as: UTF8.self),
                          parameters: try tensors(weightsFile).tensors,
                          ema: contents[emaFile] == nil ? nil : try tensors(emaFile).tensors,
                          optimizer: try tensors(optimizerFile).tensors,
                          normalization: try Normalization(tensors: normalization.tensors, metadata: normalization.metadata, path: "\(path)/\(normalizationFile)"))
        try checkpoint.validateTensors(path: path)
        return checkpoint
    }
}
