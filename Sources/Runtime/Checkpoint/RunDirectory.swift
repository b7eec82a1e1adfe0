import Foundation
import SafeTensors

/// The output folder of a training run (docs/training.md):
///
/// ```
/// DIR/metrics.jsonl                one line per logged step
/// DIR/loss-<stage>.svg             the loss curve of each stage
/// DIR/checkpoints/step-000200/     a checkpoint (see Checkpoint)
/// DIR/checkpoints/latest           the name of the newest checkpoint
/// DIR/checkpoints/written          the checkpoints the run wrote and keeps, oldest first
/// ```
///
/// The newest checkpoint and the one before it are kept; older ones that the run recorded as
/// its own (`checkpoints/written`) are removed once a newer one is complete.
public struct RunDirectory: Sendable {
    public let url: URL
    /// Checkpoints kept besides the newest.
    public static let keptPrevious = 1

    public init(_ url: URL) { self.url = url }

    public var checkpoints: URL { url.appendingPathComponent("checkpoints") }
    public var metrics: URL { url.appendingPathComponent("metrics.jsonl") }
    private var latestPointer: URL { checkpoints.appendingPathComponent("latest") }

    /// The loss-curve SVG of the stage called `stage`.
    public func lossCurve(stage: String) -> URL { url.appendingPathComponent("loss-\(stage).svg") }

    /// The newest checkpoint's directory, if the run has one. `latest` must name a folder
    /// directly inside `checkpoints/`: a name that leads elsewhere is an error (quoted with its
    /// control characters escaped).
    public var latestCheckpoint: URL? {
        get throws(CheckpointError) {
            guard let data = FileManager.default.contents(atPath: latestPointer.path) else { return nil }
            let name = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if name.isEmpty { return nil }
            guard CheckpointManifest.isPlainName(name) else {
                throw CheckpointError("\(latestPointer.path) names \(CheckpointManifest.quoted(name)), which is not a checkpoint folder of this run (it must be a plain name inside \(checkpoints.path))")
            }
            return checkpoints.appendingPathComponent(name)
        }
    }

    /// True when the folder already holds a run (a checkpoint or metrics).
    public var holdsRun: Bool {
        FileManager.default.fileExists(atPath: latestPointer.path) || FileManager.default.fileExists(atPath: metrics.path)
    }

    /// Writes `checkpoint` as `checkpoints/step-<global step>`, makes it the latest, records it
    /// in `checkpoints/written`, and removes the recorded checkpoints older than the one before
    /// it. Folders the run did not write and record are never removed. Returns its directory.
    @discardableResult
    public func save(_ checkpoint: Checkpoint) throws(CheckpointError) -> URL {
        let name = String(format: "step-%06d", checkpoint.manifest.globalStep)
        let directory = checkpoints.appendingPathComponent(name)
        try checkpoint.write(to: directory)
        do {
            try AtomicFile.write(name + "\n", to: latestPointer)
        } catch {
            throw CheckpointError("cannot update \(latestPointer.path): \(error)")
        }
        var written = writtenCheckpoints.filter { $0 != name } + [name]
        let pruned = written.dropLast(Self.keptPrevious + 1)
        written.removeFirst(pruned.count)
        do {
            try AtomicFile.write(written.map { $0 + "\n" }.joined(), to: writtenRecord)
        } catch {
            throw CheckpointError("cannot update \(writtenRecord.path): \(error)")
        }
        for old in pruned { try? FileManager.default.removeItem(at: checkpoints.appendingPathComponent(old)) }
        return directory
    }

    /// `checkpoints/written`: the checkpoints the run wrote and keeps, oldest first.
    private var writtenRecord: URL { checkpoints.appendingPathComponent("written") }

    /// The names recorded in `checkpoints/written` (plain names only: anything else in the
    /// record is ignored, so pruning never leaves `checkpoints/`).
    private var writtenCheckpoints: [String] {
        guard let data = FileManager.default.contents(atPath: writtenRecord.path) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init).filter(CheckpointManifest.isPlainName)
    }

    /// The run folder a checkpoint directory belongs to (`RUN/checkpoints/step-N` gives `RUN`),
    /// or nil when `url` is not inside a run's `checkpoints` folder.
    public static func checkpointRun(_ url: URL) -> URL? {
        let parent = url.standardizedFileURL.deletingLastPathComponent()
        guard parent.lastPathComponent == "checkpoints",
              FileManager.default.fileExists(atPath: url.appendingPathComponent(Checkpoint.manifestFile).path) else { return nil }
        return parent.deletingLastPathComponent()
    }

    /// The checkpoint directory `url` names: `url` itself when it holds a checkpoint, else the
    /// latest checkpoint of the run folder `url`.
    public static func checkpointDirectory(_ url: URL) throws(CheckpointError) -> URL {
        if FileManager.default.fileExists(atPath: url.appendingPathComponent(Checkpoint.manifestFile).path) { return url }
        if let latest = try RunDirectory(url).latestCheckpoint { return latest }
        guard FileManager.default.fileExists(atPath: url.path) else { throw CheckpointError("no such checkpoint or run folder: \(url.path)") }
        throw CheckpointError("\(url.path) is neither a checkpoint (no \(Checkpoint.manifestFile)) nor a training run (no checkpoints/latest)")
    }
}
