import Foundation

/// The environment processes of one command (`--env CMD`): started when needed, each serving one
/// episode at a time, kept for the next episode when it ends cleanly and replaced when it broke.
///
/// Every process must send the same hello as the first (same environment, tasks and fields).
/// Their stderr goes to `logDirectory/worker-<n>.log` (a replacement appends to the log of the
/// process it replaces).
public final class EnvWorkerPool: @unchecked Sendable {
    /// The command, run as `/bin/sh -c COMMAND`.
    public let command: String
    /// Seconds to wait for any one reply.
    public let timeout: Double
    public let logDirectory: URL?
    public let encodings: [EnvProtocol.Encoding]
    /// What the first process said.
    public let hello: EnvHello
    private let lock = NSLock()
    private var idle: [EnvConnection] = []
    private var logsInUse = Set<Int>()
    /// Logs written by this pool (a log from an earlier run is emptied before its first use).
    private var logsUsed = Set<Int>()
    /// Processes started so far (replacements included).
    public private(set) var started = 0

    /// Starts the first process and reads its hello (errors here are the command's errors: a
    /// missing program, a wrong protocol version, a malformed hello).
    public init(command: String, timeout: Double = 60, logDirectory: URL? = nil,
                encodings: [EnvProtocol.Encoding] = [.binary, .json]) throws {
        guard !command.trimmingCharacters(in: .whitespaces).isEmpty else { throw BenchUsageError("--env needs a command") }
        guard timeout > 0, timeout.isFinite else { throw BenchUsageError("--env-timeout must be a positive number of seconds") }
        self.command = command
        self.timeout = timeout
        self.logDirectory = logDirectory
        self.encodings = encodings
        if let logDirectory {
            do { try FileManager.default.createDirectory(at: logDirectory, withIntermediateDirectories: true) } catch {
                throw EnvBridgeError("cannot create \(logDirectory.path): \(error.localizedDescription)")
            }
        }
        logsInUse.insert(1)
        logsUsed.insert(1)
        let firstLog = logDirectory.map { Self.emptyLog($0, 1) }
        let first = try EnvConnection(command: command, encodings: encodings, timeout: timeout, logPath: firstLog, logNumber: 1)
        started = 1
        hello = first.hello
        idle.append(first)
    }

    deinit { shutdown() }

    /// A process ready for a new episode: an idle one, or a new one.
    func lease() throws -> EnvConnection {
        lock.lock()
        if let connection = idle.popLast() {
            lock.unlock()
            return connection
        }
        let number = (1...).first { !logsInUse.contains($0) }!
        logsInUse.insert(number)
        started += 1
        let logPath = takeLog(number)
        lock.unlock()
        do {
            let connection = try EnvConnection(command: command, encodings: encodings, timeout: timeout, logPath: logPath, logNumber: number)
            guard connection.hello == hello else {
                connection.close()
                throw EnvBridgeError("a new environment process sent another hello than the first (\(connection.hello.identity) against \(hello.identity), or other tasks or fields)")
            }
            return connection
        } catch {
            lock.lock(); logsInUse.remove(number); lock.unlock()
            throw error
        }
    }

    /// Takes back a process after its episode: kept when usable, else ended.
    func giveBack(_ connection: EnvConnection) {
        if connection.broken {
            connection.terminate()
            lock.lock(); logsInUse.remove(connection.logNumber); lock.unlock()
            return
        }
        lock.lock(); idle.append(connection); lock.unlock()
    }

    /// Ends every idle process (each gets `close`, then end of input, then a kill after 2 s).
    public func shutdown() {
        lock.lock()
        let all = idle
        idle.removeAll()
        lock.unlock()
        for connection in all { connection.close() }
    }

    /// The path of log `number`, emptied when this pool uses it for the first time (call with the lock held).
    private func takeLog(_ number: Int) -> String? {
        guard let logDirectory else { return nil }
        return logsUsed.insert(number).inserted ? Self.emptyLog(logDirectory, number) : logDirectory.appendingPathComponent("worker-\(number).log").path
    }

    private static func emptyLog(_ directory: URL, _ number: Int) -> String {
        let path = directory.appendingPathComponent("worker-\(number).log").path
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        return path
    }
}
