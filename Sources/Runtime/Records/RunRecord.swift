import Foundation
import SafeTensors
import SpecLang

/// What a run folder keeps of how it was made (docs/training.md, "Run records"), so that it can
/// be read, reviewed and reproduced without the files it came from:
///
/// ```
/// RUN/spec.yaml        the resolved spec (includes merged, --set applied, defaults written out);
///                      `polspec check` checks it to the run's hashes, `polspec train RUN/spec.yaml` reruns it
/// RUN/sources/         the spec files as they were read: the top-level file and its includes,
///                      laid out as they were relative to the top-level file
/// RUN/run.json         every command that trained into (or evaluated into) the folder: its command line,
///                      working directory, polspec version, date, --set list, the spec's hashes,
///                      the sources' SHA-256, and the options that are not in the spec (suite, tasks, demos, ...)
/// ```
///
/// A resumed run adds an invocation; `spec.yaml` and `sources/` follow the spec of the newest one
/// (`sources/` is left as it is when the spec is the same).
public struct RunRecord: Codable, Sendable, Equatable {
    public static let recordFile = "run.json"
    public static let specFile = "spec.yaml"
    public static let sourcesFolder = "sources"
    public static let formatName = "polspec-run"

    public var format = RunRecord.formatName
    public var version = 1
    /// Every command run into the folder, oldest first.
    public var invocations: [Invocation]

    /// One command run into the folder.
    public struct Invocation: Codable, Sendable, Equatable {
        public var polspecVersion: String
        /// The command line as given (`polspec train specs/x.yaml --suite ...`).
        public var command: [String]
        public var workingDirectory: String
        /// When it started, ISO 8601 in UTC.
        public var date: String
        /// The spec it ran (nil for an evaluation of a built-in policy).
        public var spec: SpecRecord?
        /// The options that shape the run besides the spec, by option name without dashes
        /// (`suite`, `tasks`, `demos`, `data`, ...).
        public var options: [String: String]

        public init(polspecVersion: String, command: [String], spec: SpecRecord?, options: [String: String],
                    workingDirectory: String = FileManager.default.currentDirectoryPath, date: Date = Date()) {
            self.polspecVersion = polspecVersion
            self.command = command
            self.workingDirectory = workingDirectory
            self.date = ISO8601DateFormatter().string(from: date)
            self.spec = spec
            self.options = options
        }

        enum CodingKeys: String, CodingKey {
            case command, date, spec, options
            case polspecVersion = "polspec_version"
            case workingDirectory = "working_directory"
        }
    }

    /// The spec of an invocation.
    public struct SpecRecord: Codable, Sendable, Equatable {
        /// The top-level file as it was given.
        public var file: String
        public var name: String
        public var hash: String
        public var interfaceHash: String
        public var architectureHash: String
        public var recipeHash: String
        /// The `--set` arguments, in order.
        public var overrides: [String]
        /// The files it was read from.
        public var sources: [SourceRecord]

        enum CodingKeys: String, CodingKey {
            case file, name, hash, overrides, sources
            case interfaceHash = "interface_hash"
            case architectureHash = "architecture_hash"
            case recipeHash = "recipe_hash"
        }
    }

    /// A spec file as it was read, and where the folder keeps its copy.
    public struct SourceRecord: Codable, Sendable, Equatable {
        /// The path the check showed (as given, or relative to the including file).
        public var original: String
        /// The copy, relative to the run folder (`sources/specs/x.yaml`).
        public var copy: String
        public var sha256: String
    }

    /// The newest invocation.
    public var latest: Invocation? { invocations.last }

    // MARK: Reading and writing

    /// The record of `folder`, or nil when it has none.
    public static func read(_ folder: URL) throws(CheckpointError) -> RunRecord? {
        let url = folder.appendingPathComponent(recordFile)
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        do {
            let record = try JSONDecoder().decode(RunRecord.self, from: data)
            guard record.format == formatName, record.version == 1 else {
                throw CheckpointError("\(url.path) is a \(record.format) v\(record.version) record; this polspec reads \(formatName) v1")
            }
            return record
        } catch let error as CheckpointError {
            throw error
        } catch {
            throw CheckpointError("\(url.path) is not a run record (truncated or damaged?): \(error)")
        }
    }

    /// Adds `invocation` to the record of `folder` (made when missing) and, when `spec` is given,
    /// writes `spec.yaml` and the sources. Every file is written atomically.
    public static func append(_ invocation: Invocation, spec: Spec?, to folder: URL) throws(CheckpointError) {
        var record = (try? read(folder)) ?? RunRecord(invocations: [])
        let previous = record.latest?.spec
        var invocation = invocation
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            if let spec {
                let copies = sourceCopies(spec)
                invocation.spec = SpecRecord(file: spec.file, name: spec.name, hash: spec.hash, interfaceHash: spec.hashes.interface,
                                             architectureHash: spec.hashes.architecture, recipeHash: spec.hashes.recipe,
                                             overrides: spec.overrides,
                                             sources: copies.map { SourceRecord(original: $0.original, copy: $0.copy, sha256: SHA256.hex($0.bytes)) })
                let header = ["The resolved spec of this run (polspec \(invocation.polspecVersion)): includes merged, --set applied, defaults written out.",
                              "From \(spec.file)" + spec.overrides.map { " --set \($0)" }.joined() + "; the files read are under sources/.",
                              "polspec train \(folder.path)/\(specFile) trains it again (options from run.json)."]
                try AtomicFile.write(ResolvedYAML.text(spec, header: header), to: folder.appendingPathComponent(specFile))
                if previous?.hash != spec.hash || previous?.sources != invocation.spec?.sources {
                    try writeSources(copies, into: folder.appendingPathComponent(sourcesFolder))
                }
            }
            record.invocations.append(invocation)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try AtomicFile.write(String(decoding: try encoder.encode(record), as: UTF8.self) + "\n", to: folder.appendingPathComponent(recordFile))
        } catch let error as CheckpointError {
            throw error
        } catch {
            throw CheckpointError("cannot write the run record into \(folder.path): \(error)")
        }
    }

    /// The files of `spec` as the folder keeps them, under `sources/`: the bytes on disk when
    /// the file there is the one that was read (byte-order mark and all), at its place relative
    /// to the top-level file's folder (includes never leave it). A spec not read from a file (a
    /// built-in default, a checkpoint's `spec.json`) keeps the text it was read from, under the
    /// spec's name.
    static func sourceCopies(_ spec: Spec) -> [(original: String, copy: String, bytes: [UInt8])] {
        guard let top = spec.sourceFiles.first else { return [] }
        let folder = (top.canonicalPath as NSString).deletingLastPathComponent
        return spec.sourceFiles.map { file in
            let disk = FileManager.default.contents(atPath: file.canonicalPath).map { [UInt8]($0) }
            let unchanged = disk.map { bytes in
                let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
                return String(decoding: Array(bytes.starts(with: bom) ? bytes.dropFirst(3) : bytes[...]), as: UTF8.self) == file.text
            } ?? false
            let inside = file.canonicalPath.hasPrefix(folder + "/") ? String(file.canonicalPath.dropFirst(folder.count + 1)) : nil
            guard unchanged, let disk, let inside else { return (file.path, "\(sourcesFolder)/\(spec.name).yaml", Array(file.text.utf8)) }
            return (file.path, sourcesFolder + "/" + inside, disk)
        }
    }

    /// Replaces `folder` with the copies.
    private static func writeSources(_ copies: [(original: String, copy: String, bytes: [UInt8])], into folder: URL) throws {
        let manager = FileManager.default
        let parent = folder.deletingLastPathComponent()
        if manager.fileExists(atPath: folder.path) { try manager.removeItem(at: folder) }
        for copy in copies {
            let url = parent.appendingPathComponent(copy.copy)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.write(copy.bytes, to: url)
        }
    }
}
