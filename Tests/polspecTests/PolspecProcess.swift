import Foundation
import Testing

/// Runs the built `polspec` binary for the end-to-end tests.
enum PolspecProcess {
    /// The package root (the directory holding Package.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary: $POLSPEC_BINARY, next to the test bundle (or up to four folders above it),
    /// or under .build/debug.
    static let binary: URL? = {
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["POLSPEC_BINARY"] { candidates.append(URL(fileURLWithPath: path)) }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(directory.appendingPathComponent("polspec"))
            directory = directory.deletingLastPathComponent()
        }
        candidates.append(root.appendingPathComponent(".build/debug/polspec"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// What one run printed and how it exited.
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs the binary with `arguments` in `directory`, feeding `input` on stdin; sends it
    /// `signal` (SIGINT: Ctrl-C) as soon as `interruptWhen` holds (polled every 50 ms).
    /// `standardOutput` replaces the captured stdout (the run's `stdout` is then empty);
    /// `environment` is added to (or overrides) the test process's environment.
    static func run(_ arguments: [String], in directory: URL = root, input: String? = nil,
                    interruptWhen: (@Sendable () -> Bool)? = nil, signal: Int32 = SIGINT,
                    standardOutput: FileHandle? = nil, environment: [String: String] = [:]) throws -> Run {
        let binary = try #require(binary, "polspec binary not found; build it with swift build")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = standardOutput ?? out
        process.standardError = err
        if let input {
            let pipe = Pipe()
            process.standardInput = pipe
            try pipe.fileHandleForWriting.write(contentsOf: Data(input.utf8))
            try pipe.fileHandleForWriting.close()
        }
        try process.run()
        if let interruptWhen {
            DispatchQueue.global().async {
                while process.isRunning && !interruptWhen() { Thread.sleep(forTimeInterval: 0.05) }
                if process.isRunning { kill(process.processIdentifier, signal) }
            }
        }
        // Drain stderr on another thread so a chatty stderr cannot block stdout.
        let stderrData = LockedData()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { stderrData.set(err.fileHandleForReading.readDataToEndOfFile()) }
        if standardOutput != nil { try out.fileHandleForWriting.close() }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderrData.get(), as: UTF8.self))
    }

    static func run(_ arguments: String..., in directory: URL = root, input: String? = nil) throws -> Run {
        try run(arguments, in: directory, input: input)
    }

    /// A fresh path in the temporary directory.
    static func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("polspec-\(UUID().uuidString)-\(name)")
    }
}

/// Bytes handed from the stderr reader thread.
private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.lock(); data = value; lock.unlock() }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
}
