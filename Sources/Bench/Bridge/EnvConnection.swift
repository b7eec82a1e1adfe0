import Foundation

/// One environment process after its hello: resets and steps it, each reply awaited at most
/// `timeout` seconds. Every failure is an ``EnvBridgeError`` that says what was awaited and what
/// happened (no reply in time, the process ended and how, a malformed reply, the environment's
/// own error message).
final class EnvConnection {
    let hello: EnvHello
    /// The number of its stderr log (`worker-<n>.log`).
    let logNumber: Int
    private let process: ChildProcess
    private let stream: EnvMessageStream
    /// Whether the process is beyond use (it ended, hung or broke the protocol).
    private(set) var broken = false

    /// Starts `command` and exchanges hellos, offering `encodings` in order of preference.
    init(command: String, encodings: [EnvProtocol.Encoding], timeout: Double, logPath: String?, logNumber: Int) throws {
        self.logNumber = logNumber
        let process = try ChildProcess(command: command, stderrPath: logPath)
        self.process = process
        stream = EnvMessageStream(process: process, timeout: timeout, logPath: logPath)
        let request: [String: Any] = ["type": "hello", "protocol": EnvProtocol.version, "encodings": encodings.map(\.rawValue)]
        do {
            try process.write(Array(try JSONSerialization.data(withJSONObject: request)) + [10])
            let (header, _) = try stream.receive(.json, awaiting: "the hello", payloadLimit: 0)
            hello = try EnvHello(parsing: header)
            guard encodings.contains(hello.encoding) else {
                throw EnvBridgeError("the environment chose encoding \(hello.encoding.rawValue), which polspec did not offer")
            }
        } catch {
            process.terminate()
            throw error
        }
    }

    deinit { process.terminate() }

    /// Starts an episode of `task` from `seed`; with `expert`, every observation carries the scripted expert's action.
    func reset(task: String, seed: Int, expert: Bool) throws -> EnvObservation {
        try exchange(["type": "reset", "task": task, "seed": seed, "expert": expert], action: nil, awaiting: "the reset of \(task) seed \(seed)",
                     replyType: "observation")
    }

    /// Applies one action.
    func step(_ action: UnsafeBufferPointer<Float>) throws -> EnvObservation {
        try exchange(["type": "step"], action: action, awaiting: "a step reply", replyType: "step")
    }

    /// Asks the process to end (close, then end of input), and kills it after a short grace.
    func close() {
        if !broken { try? send(["type": "close"], action: nil) }
        process.close(grace: 2)
        broken = true
    }

    /// Kills the process at once (it broke: no grace).
    func terminate() {
        process.terminate()
        broken = true
    }

    private func exchange(_ header: [String: Any], action: UnsafeBufferPointer<Float>?, awaiting: String, replyType: String) throws -> EnvObservation {
        guard !broken else { throw EnvBridgeError("the environment process is no longer usable") }
        do {
            try send(header, action: action)
            let (reply, data) = try stream.receive(hello.encoding, awaiting: awaiting,
                                                   payloadLimit: hello.observationBytes + 4 * hello.actionDimension)
            if reply["type"] as? String == "error" {
                throw EnvBridgeError("the environment reported an error: \(reply["message"] as? String ?? "(no message)")")
            }
            return try observation(reply, data: data, expected: replyType)
        } catch let error as EnvBridgeError {
            if !error.description.hasPrefix("the environment reported an error") { broken = true }
            throw error
        }
    }

    private func send(_ header: [String: Any], action: UnsafeBufferPointer<Float>?) throws {
        var header = header
        switch hello.encoding {
        case .json:
            if let action { header["action"] = action.map { Double($0) } }
            try process.write(Array(try JSONSerialization.data(withJSONObject: header)) + [10])
        case .binary:
            var payload: [UInt8] = []
            if let action {
                header["data"] = ["action"]
                payload.reserveCapacity(4 * action.count)
                for value in action { withUnsafeBytes(of: value.bitPattern.littleEndian) { payload += $0 } }
            }
            let encoded = Array(try JSONSerialization.data(withJSONObject: header))
            var frame: [UInt8] = []
            frame.reserveCapacity(8 + encoded.count + payload.count)
            withUnsafeBytes(of: UInt32(encoded.count).littleEndian) { frame += $0 }
            withUnsafeBytes(of: UInt32(payload.count).littleEndian) { frame += $0 }
            try process.write(frame + encoded + payload)
        }
    }

    private func observation(_ header: [String: Any], data: ArraySlice<UInt8>, expected: String) throws -> EnvObservation {
        func fail(_ message: String) -> EnvBridgeError { EnvBridgeError("malformed \(expected) reply: \(message)") }
        guard header["type"] as? String == expected else { throw fail("type is \(header["type"].map { "'\($0)'" } ?? "missing"), expected '\(expected)'") }
        let fields = hello.observation
        var floats = [[Float]?](repeating: nil, count: fields.count), bytes = [[UInt8]?](repeating: nil, count: fields.count)
        var expert: [Float]?
        switch hello.encoding {
        case .json:
            guard let obs = header["obs"] as? [String: Any] else { throw fail("no 'obs' object") }
            for (i, f) in fields.enumerated() {
                switch f.kind {
                case .float32:
                    guard let values = obs[f.name] as? [Any], values.count == f.rowCount else { throw fail("'obs.\(f.name)' must be \(f.rowCount) numbers") }
                    floats[i] = try values.map { v in
                        guard let n = v as? NSNumber else { throw fail("'obs.\(f.name)' holds a value that is not a number") }
                        return n.floatValue
                    }
                default:
                    guard let text = obs[f.name] as? String, let decoded = Data(base64Encoded: text), decoded.count == f.rowCount else {
                        throw fail("'obs.\(f.name)' must be \(f.rowCount) bytes in base64")
                    }
                    bytes[i] = Array(decoded)
                }
            }
            if let values = header["expert_action"] {
                guard let list = values as? [NSNumber], list.count == hello.actionDimension else {
                    throw fail("'expert_action' must be \(hello.actionDimension) numbers")
                }
                expert = list.map(\.floatValue)
            }
        case .binary:
            let parts = header["data"] as? [String] ?? []
            guard parts.first == "obs", parts.count <= 2, parts.count == 1 || parts[1] == "expert_action" else {
                throw fail("'data' must be [\"obs\"] or [\"obs\", \"expert_action\"]")
            }
            let expected = hello.observationBytes + (parts.count == 2 ? 4 * hello.actionDimension : 0)
            guard data.count == expected else { throw fail("payload of \(data.count) bytes; the hello's fields take \(expected)") }
            data.withUnsafeBytes { raw in
                var at = 0
                func floatsAt(_ count: Int) -> [Float] {
                    defer { at += 4 * count }
                    return (0..<count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at + 4 * $0, as: UInt32.self))) }
                }
                for (i, f) in fields.enumerated() {
                    if f.kind == .float32 {
                        floats[i] = floatsAt(f.rowCount)
                    } else {
                        bytes[i] = Array(raw[at..<(at + f.rowCount)])
                        at += f.rowCount
                    }
                }
                if parts.count == 2 { expert = floatsAt(hello.actionDimension) }
            }
        }
        for key in ["success", "done"] where header[key] != nil && !(header[key] is NSNumber) { throw fail("'\(key)' must be true or false") }
        if let instruction = header["instruction"], !(instruction is String) { throw fail("'instruction' must be a string") }
        return EnvObservation(floats: floats, bytes: bytes, instruction: header["instruction"] as? String,
                              reward: (header["reward"] as? NSNumber)?.doubleValue, success: (header["success"] as? NSNumber)?.boolValue ?? false,
                              done: (header["done"] as? NSNumber)?.boolValue ?? false, expertAction: expert)
    }

    static func seconds(_ s: Double) -> String { s == s.rounded() ? "\(Int(s)) s" : String(format: "%.3g s", s) }
}
