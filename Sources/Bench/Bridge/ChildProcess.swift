import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process started through `/bin/sh -c COMMAND` in a process group of its own, with pipes
/// to its stdin and from its stdout, and its stderr appended to a log file (or discarded).
///
/// Reads wait with a deadline (`poll`), so a hung child is noticed; ``terminate()`` kills the
/// whole group (the shell and what it started). Writing to a child that died is an error, not a
/// SIGPIPE: the process ignores SIGPIPE once a child is started.
final class ChildProcess {
    let pid: pid_t
    private var input: Int32
    private var output: Int32
    private var reaped: Int32?

    /// What happened to a read.
    enum ReadResult: Equatable {
        case bytes(Int)
        case endOfFile
        case timedOut
    }

    init(command: String, stderrPath: String?) throws {
        ChildProcess.ignoreBrokenPipes()
        ChildProcess.spawnLock.lock()
        defer { ChildProcess.spawnLock.unlock() }
        var toChild: [Int32] = [0, 0], fromChild: [Int32] = [0, 0]
        guard makePipe(&toChild) else { throw EnvBridgeError("cannot create a pipe: \(String(cString: strerror(errno)))") }
        guard makePipe(&fromChild) else {
            systemClose(toChild[0]); systemClose(toChild[1])
            throw EnvBridgeError("cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        if let stderrPath {
            posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF))
        let arguments = ["/bin/sh", "-c", command]
        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        var argv = arguments.map { strdup($0) } + [nil]
        var envp = environment.map { strdup($0) } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, "/bin/sh", &actions, &attributes, &argv, &envp)
        systemClose(toChild[0])
        systemClose(fromChild[1])
        guard status == 0 else {
            systemClose(toChild[1]); systemClose(fromChild[0])
            throw EnvBridgeError("cannot start /bin/sh -c \(command): \(String(cString: strerror(status)))")
        }
        pid = child
        input = toChild[1]
        output = fromChild[0]
    }

    deinit { terminate() }

    /// Writes all of `bytes` to the child's stdin. A child that closed its stdin (it ended, or
    /// will not read) drops them silently: the wait for its reply then says what happened (how it
    /// exited with the end of its stderr, what it wrote instead, or that no reply came in time).
    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { systemWrite(input, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { return }
                throw EnvBridgeError("cannot write to the environment: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
    }

    /// Reads what is available (at most `buffer.count` bytes) into `buffer`, waiting until `deadline` at most.
    func read(into buffer: inout [UInt8], deadline: Date) throws -> ReadResult {
        while true {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return .timedOut }
            var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(remaining * 1000, 60_000).rounded(.up)))
            if ready < 0 {
                if errno == EINTR { continue }
                throw EnvBridgeError("cannot wait for the environment: \(String(cString: strerror(errno)))")
            }
            if ready == 0 { continue }
            let n = buffer.withUnsafeMutableBytes { systemRead(output, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw EnvBridgeError("cannot read from the environment: \(String(cString: strerror(errno)))")
            }
            return n == 0 ? .endOfFile : .bytes(n)
        }
    }

    /// How the child ended ("exited with status 3", "was killed by signal 9"), or nil while it runs.
    func exitDescription() -> String? {
        if reaped == nil {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { reaped = status } else { return nil }
        }
        let status = reaped!
        let signal = status & 0x7f
        return signal == 0 ? "exited with status \((status >> 8) & 0xff)" : "was killed by signal \(signal)"
    }

    /// Waits up to `seconds` for the child to end; its exit description, or nil if it still runs.
    func waitForExit(seconds: Double) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let description = exitDescription() { return description }
            if Date() >= deadline { return nil }
            usleep(5_000)
        }
    }

    /// Closes the pipes and kills the child's process group (if still running), then reaps it.
    func terminate() {
        if input >= 0 { systemClose(input); input = -1 }
        if output >= 0 { systemClose(output); output = -1 }
        if exitDescription() == nil {
            kill(-pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            reaped = status
        }
    }

    /// Asks the child to end by closing its stdin, gives it `grace` seconds, then kills it.
    func close(grace: Double) {
        if input >= 0 { systemClose(input); input = -1 }
        _ = waitForExit(seconds: grace)
        terminate()
    }

    /// Held from creating a child's pipes to spawning it (see `makePipe`).
    static let spawnLock = NSLock()

    private static let brokenPipesIgnored: Void = { signal(SIGPIPE, SIG_IGN) }()

    static func ignoreBrokenPipes() { _ = brokenPipesIgnored }
}

#if canImport(Glibc)
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { Glibc.read(fd, buffer, count) }
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { Glibc.write(fd, buffer, count) }
private func systemClose(_ fd: Int32) { _ = Glibc.close(fd) }
#else
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { Darwin.read(fd, buffer, count) }
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { Darwin.write(fd, buffer, count) }
private func systemClose(_ fd: Int32) { _ = Darwin.close(fd) }
#endif

/// A pipe whose two ends are closed in other children (close-on-exec), so that each environment
/// process sees the end of its input when its own pipe closes. Callers hold ``ChildProcess/spawnLock``
/// from the pipe to the spawn, so that no child started meanwhile inherits the ends.
private func makePipe(_ ends: inout [Int32]) -> Bool {
    guard pipe(&ends) == 0 else { return false }
    for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    return true
}
