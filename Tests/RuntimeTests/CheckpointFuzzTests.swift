import Foundation
import SafeTensors
import Testing
import TestSupport
@testable import Runtime

/// Seeded mutations of a real checkpoint's manifest and of its safetensors headers: values
/// replaced by hostile ones (negative, huge, beyond `Int`, floats, strings, null, lists),
/// keys repeated, removed or added (file names that leave the folder), deep nesting, and byte
/// flips, insertions, deletions and truncations. Reading and resuming never crash: each case
/// is refused with a `CheckpointError` (or `SafeTensorsError` for a bare file), or accepted,
/// and an accepted checkpoint trains on for a step.
@Suite struct CheckpointFuzzTests {
    static let cases = 300

    /// Values that broke readers before, or would.
    static let hostile: [JSONValue] = [
        .number("-1"), .number("0"), .number("1000000000000"), .number("9223372036854775807"), .number("9223372036854775808"),
        .number("-9223372036854775808"), .number("256.0"), .number("1e3"), .string("7"), .string("../../../../etc/shadow"),
        .string("step\u{1B}[31m"), .null, .bool(true), .array([]), .array([.number("1"), .number("2")]), .object([]),
    ]

    static let hostileKeys = ["../../../../etc/shadow", "/etc/passwd", "", ".", "..", "a/b", "weights.safetensors", "step", "x\u{1B}[2J", "__metadata__"]

    @Test func mutatedManifestsNeverCrashReadingOrResuming() throws {
        let (run, checkpoint) = try CheckpointHardeningTests.stoppedRun("fuzz-manifest")
        defer { try? FileManager.default.removeItem(at: run) }
        let manifestURL = checkpoint.appendingPathComponent(Checkpoint.manifestFile)
        let original = try [UInt8](Data(contentsOf: manifestURL))
        let tree = try StrictJSON.parse(original)
        let data = try SyntheticTask.data()
        var rng = SplitMix64(seed: 0x18_C4E7)
        var refused = 0
        for index in 0..<Self.cases {
            let mutated = rng.next() % 3 == 0 ? Self.mutateBytes(original, &rng) : Array(Self.serialize(Self.mutate(tree, &rng)).utf8)
            try Data(mutated).write(to: manifestURL)
            do {
                let read = try Checkpoint.read(from: checkpoint)
                let trainer = try Trainer(spec: try CheckpointHardeningTests.spec(), data: data, run: RunDirectory(run.appendingPathComponent("resumed-\(index)")),
                                          options: TrainingOptions(checkpointEvery: 100, logEvery: 10, stopAfter: read.manifest.globalStep + 1, polspecVersion: "fuzz"),
                                          resume: read)
                if !read.manifest.finished { _ = try trainer.train() }
            } catch is CheckpointError {
                refused += 1
            } catch let error as TrainingError {
                Issue.record("case \(index): a manifest passed the checks and failed in training: \(error)")
            }
        }
        try Data(original).write(to: manifestURL)
        #expect(refused > Self.cases / 2, "only \(refused) of \(Self.cases) mutations refused")
    }

    @Test func mutatedSafetensorsHeadersNeverCrash() throws {
        let (run, checkpoint) = try CheckpointHardeningTests.stoppedRun("fuzz-header")
        defer { try? FileManager.default.removeItem(at: run) }
        let weightsURL = checkpoint.appendingPathComponent(Checkpoint.weightsFile)
        let original = try [UInt8](Data(contentsOf: weightsURL))
        var length = 0
        for i in 0..<8 { length |= Int(original[i]) << (8 * i) }
        let header = Array(original[8..<(8 + length)]), body = Array(original[(8 + length)...])
        let tree = try StrictJSON.parse(header)
        var rng = SplitMix64(seed: 0x5AFE_7E45)
        var refused = 0
        for index in 0..<Self.cases {
            var file: [UInt8]
            switch rng.next() % 4 {
            case 0: file = Self.mutateBytes(original, &rng)
            case 1: file = Self.image(Self.mutateBytes(header, &rng), body)
            default: file = Self.image(Array(Self.serialize(Self.mutate(tree, &rng)).utf8), body)
            }
            do {
                let parsed = try SafeTensorsFile(bytes: file)
                for name in parsed.names where parsed.entries[name]!.dtype == .f32 { _ = try parsed.float32(name) }
            } catch is SafeTensorsError {
                refused += 1
            }
            // The same bytes as a checkpoint's weights, re-signed so that the header is what is checked.
            if index % 4 == 0 {
                try CheckpointHardeningTests.forge(checkpoint, Checkpoint.weightsFile, file)
                #expect(throws: Never.self, "case \(index)") {
                    do { _ = try Checkpoint.read(from: checkpoint) } catch is CheckpointError {}
                }
            }
        }
        #expect(refused > Self.cases / 2, "only \(refused) of \(Self.cases) mutations refused")
    }

    // MARK: Mutations

    static func image(_ header: [UInt8], _ body: [UInt8]) -> [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: header.count >> (8 * $0)) } + header + body
    }

    static func mutateBytes(_ bytes: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var out = bytes
        guard !out.isEmpty else { return [UInt8(truncatingIfNeeded: rng.next())] }
        for _ in 0...(rng.next() % 3) {
            let at = Int(rng.next() % UInt64(out.count))
            switch rng.next() % 4 {
            case 0: out[at] ^= UInt8(1 << (rng.next() % 8))
            case 1: out.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
            case 2: if out.count > 1 { out.remove(at: at) }
            default: out = Array(out.prefix(at))
            }
            if out.isEmpty { break }
        }
        return out
    }

    /// One structural change somewhere in `value`.
    static func mutate(_ value: JSONValue, _ rng: inout SplitMix64, depth: Int = 0) -> JSONValue {
        let descend = rng.next() % 3 != 0
        switch value {
        case .object(var members) where !members.isEmpty:
            let i = Int(rng.next() % UInt64(members.count))
            if descend && depth < 4 {
                members[i].value = mutate(members[i].value, &rng, depth: depth + 1)
                return .object(members)
            }
            switch rng.next() % 5 {
            case 0: members[i].value = hostile[Int(rng.next() % UInt64(hostile.count))]
            case 1: members.append(members[i])
            case 2: members.remove(at: i)
            case 3: members.append((hostileKeys[Int(rng.next() % UInt64(hostileKeys.count))], members[i].value))
            default: members[i].value = (0..<80).reduce(members[i].value) { v, _ in .array([v]) }
            }
            return .object(members)
        case .array(var items) where !items.isEmpty:
            let i = Int(rng.next() % UInt64(items.count))
            if descend && depth < 4 {
                items[i] = mutate(items[i], &rng, depth: depth + 1)
            } else if rng.next() % 2 == 0 {
                items[i] = hostile[Int(rng.next() % UInt64(hostile.count))]
            } else {
                items.append(items[i])
            }
            return .array(items)
        default:
            return hostile[Int(rng.next() % UInt64(hostile.count))]
        }
    }

    static func serialize(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number(let text): text
        case .string(let s): quote(s)
        case .array(let items): "[" + items.map(serialize).joined(separator: ",") + "]"
        case .object(let members): "{" + members.map { quote($0.key) + ":" + serialize($0.value) }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ s: String) -> String {
        "\"" + s.unicodeScalars.map { c -> String in
            switch c {
            case "\"": "\\\""
            case "\\": "\\\\"
            case _ where c.value < 0x20: String(format: "\\u%04x", c.value)
            default: String(c)
            }
        }.joined() + "\""
    }
}
