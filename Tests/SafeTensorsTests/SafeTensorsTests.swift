import Foundation
import Testing
import TestSupport
@testable import SafeTensors

private let fixtures = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/safetensors")

@Suite struct SafeTensorsReadingTests {
    @Test func readsFileWrittenByTheOfficialPackage() throws {
        let file = try SafeTensorsFile(contentsOf: fixtures.appendingPathComponent("reference.safetensors"))
        #expect(file.metadata == ["format": "pt", "note": "polspec fixture"])
        #expect(try file.entry("encoders.trunk.0.weight").shape == [3, 4])
        #expect(try file.float32("encoders.trunk.0.weight") == (0..<12).map { Float($0) / 8 - 0.5 })
        #expect(try file.float32("encoders.trunk.0.bias") == [1.5, -2.25, 3.0])
        #expect(try file.entry("scalar").shape == [])
        #expect(try file.float32("scalar") == [7])
        #expect(try file.int32("indices") == [0, 5, -3, Int32.max])
        #expect(try file.int32("indices64") == [1, -2, 3])
        #expect(try file.uint8("image") == (0..<24).map(UInt8.init))
        #expect(try file.float32("half") == [0.5, -1, 65504])
        #expect(try file.float32("double") == [Float(0.1), Float(1e-3)])
        #expect(try file.float32("empty").isEmpty)
        #expect(throws: SafeTensorsError.wrongDType(name: "image", expected: .f32, actual: .u8)) { try file.float32("image") }
        #expect(throws: SafeTensorsError.missingTensor("nope")) { try file.float32("nope") }
    }

    @Test func roundTripsThroughTheWriter() throws {
        var w = SafeTensorsWriter(metadata: ["spec_hash": "abc\"\n"])
        try w.add("b", float32: [1, 2, 3, 4, 5, 6], shape: [2, 3])
        try w.add("a", int32: [-1, 7], shape: [2])
        try w.add("img", uint8: [0, 255, 9], shape: [3])
        let bytes = w.serialized()
        let file = try SafeTensorsFile(bytes: bytes)
        #expect(file.names == ["a", "b", "img"])
        #expect(try file.float32("b") == [1, 2, 3, 4, 5, 6])
        #expect(try file.int32("a") == [-1, 7])
        #expect(try file.uint8("img") == [0, 255, 9])
        #expect(file.metadata["spec_hash"] == "abc\"\n")
        var headerLength = 0
        for i in 0..<8 { headerLength |= Int(bytes[i]) << (8 * i) }
        #expect(headerLength % 8 == 0)
    }

    @Test func writerRejectsDuplicatesAndBadShapes() throws {
        var w = SafeTensorsWriter()
        try w.add("x", float32: [1], shape: [1])
        #expect(throws: SafeTensorsError.duplicateName("x")) { try w.add("x", float32: [1], shape: [1]) }
        #expect(throws: SafeTensorsError.shapeMismatch(name: "y", shape: [2, 2], count: 3)) {
            try w.add("y", float32: [1, 2, 3], shape: [2, 2])
        }
    }

    @Test func atomicWriteReplacesWholeFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("polspec-st-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("nested/w.safetensors")
        var w = SafeTensorsWriter()
        try w.add("x", float32: [1, 2], shape: [2])
        try w.write(to: url)
        #expect(try SafeTensorsFile(contentsOf: url).float32("x") == [1, 2])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
        #expect(leftovers == ["w.safetensors"])
    }
}

/// Hand-made hostile files: each is rejected with the named error.
@Suite struct SafeTensorsValidationTests {
    static func image(_ header: String, data: [UInt8] = []) -> [UInt8] {
        let h = Array(header.utf8)
        let out: [UInt8] = (0..<8).map { UInt8(truncatingIfNeeded: h.count >> (8 * $0)) }
        return out + h + data
    }

    @Test func rejectsTruncatedAndOversizedHeaders() throws {
        #expect(throws: SafeTensorsError.fileTooShort(size: 3)) { try SafeTensorsFile(bytes: [1, 2, 3]) }
        let huge: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 1] + Array(repeating: 0, count: 8)
        #expect(throws: SafeTensorsError.headerTooLarge(length: 1 << 56, limit: SafeTensorsFile.defaultHeaderLimit)) {
            try SafeTensorsFile(bytes: huge)
        }
        let full = Self.image(#"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: [0, 0, 128, 63])
        #expect(throws: SafeTensorsError.self) { try SafeTensorsFile(bytes: Array(full.prefix(20))) }
        #expect(throws: SafeTensorsError.offsetsOutOfRange(name: "x", end: 4, dataSize: 2)) {
            try SafeTensorsFile(bytes: Array(full.dropLast(2)))
        }
        #expect(try SafeTensorsFile(bytes: full).float32("x") == [1])
    }

    @Test func rejectsMalformedEntries() {
        #expect(throws: SafeTensorsError.headerNotJSON("it does not start with '{'")) { try SafeTensorsFile(bytes: Self.image("[1]")) }
        #expect(throws: SafeTensorsError.self) { try SafeTensorsFile(bytes: Self.image("{\"x\":")) }
        #expect(throws: SafeTensorsError.unknownDType(name: "x", dtype: "F128")) {
            try SafeTensorsFile(bytes: Self.image(#"{"x":{"dtype":"F128","shape":[1],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]))
        }
        #expect(throws: SafeTensorsError.sizeMismatch(name: "x", expected: 8, actual: 4)) {
            try SafeTensorsFile(bytes: Self.image(#"{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]))
        }
        #expect(throws: SafeTensorsError.self) {
            try SafeTensorsFile(bytes: Self.image(#"{"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]))
        }
        #expect(throws: SafeTensorsError.self) {
            try SafeTensorsFile(bytes: Self.image(#"{"x":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]))
        }
        #expect(throws: SafeTensorsError.self) {
            try SafeTensorsFile(bytes: Self.image(#"{"x":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]))
        }
        #expect(throws: SafeTensorsError.self) {
            try SafeTensorsFile(bytes: Self.image(#"{"x":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#, data: [0, 0, 0, 0]))
        }
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: SafeTensorsError.self) { try SafeTensorsFile(bytes: Self.image("{\"x\":" + deep)) }
    }

    @Test func rejectsOverlapsHolesAndTrailingBytes() {
        let overlap = #"{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[2],"data_offsets":[1,3]}}"#
        #expect(throws: SafeTensorsError.overlap("a", "b")) { try SafeTensorsFile(bytes: Self.image(overlap, data: [1, 2, 3])) }
        let hole = #"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"b":{"dtype":"U8","shape":[1],"data_offsets":[2,3]}}"#
        #expect(throws: SafeTensorsError.hole(at: 1)) { try SafeTensorsFile(bytes: Self.image(hole, data: [1, 2, 3])) }
        let trailing = #"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}"#
        #expect(throws: SafeTensorsError.trailingBytes(covered: 1, dataSize: 3)) { try SafeTensorsFile(bytes: Self.image(trailing, data: [1, 2, 3])) }
    }

    @Test func int32ConversionRejectsOutOfRangeValues() throws {
        var bytes: [UInt8] = Array(repeating: 0, count: 8)
        bytes[4] = 1  // 2^32
        let file = try SafeTensorsFile(bytes: Self.image(#"{"x":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}"#, data: bytes))
        #expect(throws: SafeTensorsError.self) { try file.int32("x") }
    }

    /// Seeded mutations of a valid file: every one either parses or throws; none crashes.
    @Test func mutatedFilesNeverCrash() throws {
        let valid = try [UInt8](Data(contentsOf: fixtures.appendingPathComponent("reference.safetensors")))
        var rng = SplitMix64(seed: 42)
        for _ in 0..<3000 {
            var bytes = valid
            switch rng.next() % 3 {
            case 0: bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count))))
            case 1:
                for _ in 0..<(1 + rng.next() % 4) {
                    let i = Int(rng.next() % UInt64(bytes.count))
                    bytes[i] ^= UInt8(truncatingIfNeeded: 1 << (rng.next() % 8))
                }
            default:
                let i = Int(rng.next() % UInt64(bytes.count))
                bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: i)
            }
            if let file = try? SafeTensorsFile(bytes: bytes) {
                for name in file.names { _ = try? file.float32(name); _ = try? file.int32(name) }
            }
        }
    }
}
