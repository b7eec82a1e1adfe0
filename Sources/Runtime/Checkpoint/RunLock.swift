import Foundation

/// An exclusive lock on a run folder, held while a process trains into it: a second
/// `polspec train` (or `bench`) on the same folder is refused with the holder's process id
/// instead of racing it (its pruning would delete the other's checkpoints).
///
/// The lock is `flock` on `DIR/.lock`, which holds the holder's PID; the system releases it
/// when the process ends, however it ends. Taking it also removes the temporary files and
/// folders that killed runs left behind (``RunDirectory/removeStaleTemporaries()``).
///
/// ```swift
/// let lock = try RunLock(run)
/// defer { lock.release() }
/// ```
public final class RunLock {
    /// The lock file inside the run folder.
    public static let fileName = ".lock"

    private var descriptor: Int32

    /// Locks `run` (creating its folder), or throws naming the process that holds it.
    public init(_ run: RunDirectory) throws(CheckpointError) {
        do {
            try FileManager.default.createDirectory(at: run.url, withIntermediateDirectories: true)
        } catch {
            throw CheckpointError("cannot create the run folder \(run.url.path): \(error.localizedDescription)")
        }
        let path = run.url.appendingPathComponent(Self.fileName).path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else {
            throw CheckpointError("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.recordedProcess(descriptor).map { "process \($0)" } ?? "another process"
            close(descriptor)
            descriptor = -1  // deinit runs after this throw: it must not close the number again
            throw CheckpointError("\(run.url.path) is in use: \(holder) is training into it (lock \(path)); wait for it to finish, stop it, or choose another folder")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        run.removeStaleTemporaries()
    }

    /// Releases the lock (also released when the process ends).
    public func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }

    /// The PID the holder wrote into the lock file, if it is there yet.
    private static func recordedProcess(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

extension RunDirectory {
    /// Removes what writers that died left in the run folder and its `checkpoints/`: checkpoint
    /// folders `.step-NNNNNN.tmp-PID` and files `.NAME.tmp-PID-N` whose process PID is gone.
    /// Call it only while holding the run's ``RunLock``.
    public func removeStaleTemporaries() {
        let manager = FileManager.default
        for folder in [url, checkpoints] {
            for name in (try? manager.contentsOfDirectory(atPath: folder.path)) ?? [] {
                guard name.hasPrefix("."), let pid = Self.writerProcess(ofTemporary: name), !Self.isAlive(pid) else { continue }
                try? manager.removeItem(at: folder.appendingPathComponent(name))
            }
        }
    }

    /// The PID in a temporary name `.X.tmp-PID` or `.X.tmp-PID-N`, nil for other names.
    static func writerProcess(ofTemporary name: String) -> Int32? {
        guard let marker = name.range(of: ".tmp-", options: .backwards) else { return nil }
        let fields = name[marker.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(fields.count), fields.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else {
            return nil
        }
        return Int32(fields[0])
    }

    /// True when a process `pid` exists (it may belong to another user).
    static func isAlive(_ pid: Int32) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
    }
}
