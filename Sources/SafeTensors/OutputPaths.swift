import Foundation

/// The kinds of file polspec writes, each recognised by its first bytes so that a command
/// replaces only a file of the kind it writes (docs/cli.md, "Output files").
public enum OutputKind: String, Sendable {
    case safetensors, json, png
    /// Plain text or Markdown (a table): no NUL or control bytes other than tab and line breaks.
    case text

    /// True when `head` (the first bytes of an existing file) starts a file of this kind. An
    /// empty file is of every kind: replacing it loses nothing.
    func matches(_ head: [UInt8]) -> Bool {
        if head.isEmpty { return true }
        switch self {
        case .safetensors:
            return head.count > 8 && head[8] == UInt8(ascii: "{")
        case .json:
            return head.first { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }.map { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "[") } ?? true
        case .png:
            return head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        case .text:
            return head.allSatisfy { $0 >= 0x20 && $0 != 0x7F || [0x09, 0x0A, 0x0D].contains($0) }
        }
    }
}

/// Why an output path was refused (a usage error: exit status 2 in the CLI).
public struct OutputPathError: Error, CustomStringConvertible, Equatable, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The one policy for every path a command writes: checked before any work starts, so a bad
/// path fails at once and nothing is clobbered.
///
/// - A file output goes to the path, or through a symlink to its target (as `fmt` does); the
///   target must be a new path or a regular file — never a directory, device, FIFO or socket —
///   in a folder that exists (a mistyped folder is not created).
/// - An existing file is replaced only when it is of the kind being written (safetensors,
///   JSON, PNG), unless `force`.
/// - No output may be an input of the same command or another of its outputs (same path after
///   resolving symlinks, or the same file through a hard link).
/// - A folder output is a new path or a directory.
///
/// ```swift
/// var outputs = OutputPaths(inputs: [("--input", input), ("--weights", weights)])
/// let url = try outputs.file("--output", output, kind: .safetensors, force: force)
/// ```
public struct OutputPaths: Sendable {
    private var claimed: [(option: String, path: String, identity: FileIdentity?)]

    /// A policy for one command whose inputs are `inputs` (option name and path).
    public init(inputs: [(option: String, path: String)] = []) {
        claimed = inputs.map { ($0.option, Self.resolved($0.path), FileIdentity($0.path)) }
    }

    /// Checks the file output `path` of `option` and claims it; returns the URL to write
    /// (the symlink's target for a symlink). `force` is nil for a command without `--force`.
    public mutating func file(_ option: String, _ path: String, kind: OutputKind, force: Bool?) throws(OutputPathError) -> URL {
        let target = Self.resolved(path)
        var info = stat()
        let folder = (target as NSString).deletingLastPathComponent
        guard stat(folder.isEmpty ? "/" : folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw OutputPathError("\(option) \(path): the folder \(folder) does not exist")
        }
        if lstat(target, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFREG else {
                throw OutputPathError("\(option) \(path): \(Self.describe(info.st_mode)), not a regular file; polspec writes only new paths and regular files")
            }
            guard force == true || kind.matches(Self.head(target)) else {
                let way = force == nil ? "remove it first" : "pass --force to replace it"
                throw OutputPathError("\(option) \(path) exists and is not a \(kind.rawValue) file; refusing to overwrite it (\(way), or choose another path)")
            }
        }
        try claim(option, path: target, shown: path)
        return URL(fileURLWithPath: target)
    }

    /// Checks the folder output `path` of `option` (a new path or a directory) and claims it.
    public mutating func folder(_ option: String, _ path: String) throws(OutputPathError) -> URL {
        let target = Self.resolved(path)
        var info = stat()
        if stat(target, &info) == 0, info.st_mode & S_IFMT != S_IFDIR {
            throw OutputPathError("\(option) \(path): \(Self.describe(info.st_mode)), not a folder")
        }
        try claim(option, path: target, shown: path)
        return URL(fileURLWithPath: target)
    }

    private mutating func claim(_ option: String, path: String, shown: String) throws(OutputPathError) {
        let identity = FileIdentity(path)
        if let other = claimed.first(where: { $0.path == path || (identity != nil && $0.identity == identity) }) {
            throw OutputPathError("\(option) \(shown) is the same file as \(other.option); give each output its own path")
        }
        claimed.append((option, path, identity))
    }

    /// `path` made absolute, with every symlink resolved (of the path's existing prefix).
    static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// The first 16 bytes of the file at `path`.
    static func head(_ path: String) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        return [UInt8]((try? handle.read(upToCount: 16)) ?? Data())
    }

    static func describe(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a directory"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFIFO: "a FIFO"
        case S_IFSOCK: "a socket"
        case S_IFREG: "a regular file"
        case S_IFLNK: "a symlink whose target does not exist"
        default: "a special file"
        }
    }
}

/// A file's device and inode: two paths with the same identity are one file.
struct FileIdentity: Equatable, Sendable {
    let device: UInt64
    let inode: UInt64

    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
