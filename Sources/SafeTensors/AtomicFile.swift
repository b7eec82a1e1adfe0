import Foundation

/// Whole-file writes that never leave a half-written file behind: the bytes go to a
/// temporary file in the same directory, are flushed to disk, and replace the target
/// with one `rename`.
public enum AtomicFile {
    /// Writes `bytes` to `url` atomically, creating parent directories as needed.
    public static func write(_ bytes: some Collection<UInt8>, to url: URL) throws {
        let dir = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw SafeTensorsError.io(path: dir.path, reason: "cannot create directory (\(error.localizedDescription))")
        }
        let temp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw SafeTensorsError.io(path: temp.path, reason: String(cString: strerror(errno))) }
        var ok = false
        defer {
            if !ok { unlink(temp.path) }
        }
        let written = Array(bytes).withUnsafeBytes { buf -> Bool in
            var done = 0
            while done < buf.count {
                let n = Foundation.write(fd, buf.baseAddress! + done, buf.count - done)
                if n <= 0 { return false }
                done += n
            }
            return true
        }
        let reason = String(cString: strerror(errno))
        guard written, fsync(fd) == 0 else {
            close(fd)
            throw SafeTensorsError.io(path: url.path, reason: "write failed (\(reason))")
        }
        close(fd)
        guard rename(temp.path, url.path) == 0 else {
            throw SafeTensorsError.io(path: url.path, reason: "cannot replace file (\(String(cString: strerror(errno))))")
        }
        ok = true
    }

    /// Writes a UTF-8 string to `url` atomically.
    public static func write(_ text: String, to url: URL) throws {
        try write(Array(text.utf8), to: url)
    }
}
