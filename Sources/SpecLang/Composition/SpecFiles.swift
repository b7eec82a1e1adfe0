import Foundation

/// Where a check reads spec files from: the disk (``DiskSpecFiles``), or another tree such as
/// a git revision (`polspec diff git:REV:path`). Paths are absolute; includes are resolved
/// against them and must stay inside the top-level spec's folder.
public protocol SpecFiles: Sendable {
    /// `path` made absolute and canonical (`.` and `..` removed, symlinks resolved where the
    /// tree has them).
    func canonical(_ path: String) -> String
    /// The bytes of the file at the canonical `path`, or nil when it cannot be read.
    func contents(_ path: String) -> [UInt8]?
    /// Whether a regular file (not a directory) is at the canonical `path`.
    func isFile(_ path: String) -> Bool
}

/// Spec files on disk, relative paths against the working directory.
public struct DiskSpecFiles: SpecFiles {
    public init() {}

    public func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
    }

    public func contents(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    public func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
