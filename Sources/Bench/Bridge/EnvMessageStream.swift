import Foundation

/// The messages coming from an environment process: JSON lines or length-prefixed frames read
/// from its stdout, each awaited until a deadline.
final class EnvMessageStream {
    private let process: ChildProcess
    private let timeout: Double
    private let logPath: String?
    private var buffer: [UInt8] = []
    private var start = 0
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)
    /// The log's size when this process started: its own lines come after.
    private let logStart: UInt64

    init(process: ChildProcess, timeout: Double, logPath: String?) {
        self.process = process
        self.timeout = timeout
        self.logPath = logPath
        logStart = logPath.flatMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? UInt64 } ?? 0
    }

    /// The next message: its JSON header and (binary frames) its payload.
    func receive(_ encoding: EnvProtocol.Encoding, awaiting: String, payloadLimit: Int) throws -> ([String: Any], ArraySlice<UInt8>) {
        let deadline = Date().addingTimeInterval(timeout)
        func header(_ bytes: ArraySlice<UInt8>) throws -> [String: Any] {
            guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
                let shown = Self.printable(bytes.prefix(120))
                throw EnvBridgeError("malformed reply while waiting for \(awaiting): not a JSON object (\"\(shown)\")")
            }
            return object
        }
        switch encoding {
        case .json:
            while true {
                if let newline = buffer[start...].firstIndex(of: 10) {
                    let line = buffer[start..<newline]
                    start = newline + 1
                    return (try header(line), [])
                }
                guard buffer.count - start <= EnvProtocol.maximumHeaderBytes else {
                    throw EnvBridgeError("malformed reply while waiting for \(awaiting): a line longer than \(EnvProtocol.maximumHeaderBytes) bytes")
                }
                try fill(deadline: deadline, awaiting: awaiting)
            }
        case .binary:
            try need(8, deadline: deadline, awaiting: awaiting)
            let sizes = buffer[start..<(start + 8)].withUnsafeBytes { ($0.loadUnaligned(as: UInt32.self).littleEndian,
                                                                        $0.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian) }
            let headerSize = Int(sizes.0), dataSize = Int(sizes.1)
            let largestData = payloadLimit
            guard headerSize <= EnvProtocol.maximumHeaderBytes, dataSize <= largestData else {
                let shown = Self.printable(buffer[start..<min(buffer.count, start + 60)])
                throw EnvBridgeError("malformed reply while waiting for \(awaiting): not a frame (sizes \(headerSize) + \(dataSize) bytes, at most \(largestData) payload bytes fit; the bytes as text: \"\(shown)\")")
            }
            try need(8 + headerSize + dataSize, deadline: deadline, awaiting: awaiting)
            let h = try header(buffer[(start + 8)..<(start + 8 + headerSize)])
            let data = buffer[(start + 8 + headerSize)..<(start + 8 + headerSize + dataSize)]
            start += 8 + headerSize + dataSize
            return (h, data)
        }
    }

    private func need(_ count: Int, deadline: Date, awaiting: String) throws {
        while buffer.count - start < count { try fill(deadline: deadline, awaiting: awaiting) }
    }

    /// Reads more bytes into the buffer, or fails on timeout or end of output.
    private func fill(deadline: Date, awaiting: String) throws {
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 1 << 20 {
            buffer.removeFirst(start)
            start = 0
        }
        switch try process.read(into: &chunk, deadline: deadline) {
        case .bytes(let n):
            buffer += chunk[0..<n]
        case .timedOut:
            throw EnvBridgeError("no reply within \(EnvConnection.seconds(timeout)) while waiting for \(awaiting) (the environment hangs or is too slow; --env-timeout)")
        case .endOfFile:
            let ended = process.waitForExit(seconds: 2) ?? "closed its output"
            throw EnvBridgeError("the environment process \(ended) while polspec waited for \(awaiting)" + stderrTail())
        }
    }

    /// The last lines the process wrote to its stderr log, for error messages.
    private func stderrTail() -> String {
        guard let logPath, let handle = FileHandle(forReadingAtPath: logPath) else { return "" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: max(logStart, size > 2000 ? size - 2000 : 0))
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        let lines = text.split(separator: "\n").suffix(6).map { "    " + $0 }
        return lines.isEmpty ? "" : "; the end of its stderr (\(logPath)):\n" + lines.joined(separator: "\n")
    }

    /// Bytes as one line of printable ASCII (others as `?`), for error messages.
    static func printable(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self).unicodeScalars.map { $0.isASCII && $0.value >= 32 && $0.value < 127 ? String($0) : "?" }.joined()
    }
}
