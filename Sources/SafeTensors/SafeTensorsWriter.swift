import Foundation

/// Builds a safetensors file: tensors are laid out in name order, the header is padded
/// with spaces to a multiple of 8 bytes, and the file is written atomically.
///
/// ```swift
/// var w = SafeTensorsWriter(metadata: ["format": "pt"])
/// try w.add("action", float32: values, shape: [1, 8, 7])
/// try w.write(to: url)
/// ```
public struct SafeTensorsWriter: Sendable {
    private var tensors: [String: (dtype: DType, shape: [Int], bytes: [UInt8])] = [:]
    /// The `__metadata__` string map written with the file.
    public var metadata: [String: String]

    public init(metadata: [String: String] = [:]) {
        self.metadata = metadata
    }

    /// Adds an F32 tensor.
    public mutating func add(_ name: String, float32 values: [Float], shape: [Int]) throws {
        var bytes = [UInt8](repeating: 0, count: values.count * 4)
        bytes.withUnsafeMutableBytes { out in
            for (i, v) in values.enumerated() { out.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: 4 * i, as: UInt32.self) }
        }
        try add(name, dtype: .f32, shape: shape, count: values.count, bytes: bytes)
    }

    /// Adds an I32 tensor.
    public mutating func add(_ name: String, int32 values: [Int32], shape: [Int]) throws {
        var bytes = [UInt8](repeating: 0, count: values.count * 4)
        bytes.withUnsafeMutableBytes { out in
            for (i, v) in values.enumerated() { out.storeBytes(of: UInt32(bitPattern: v).littleEndian, toByteOffset: 4 * i, as: UInt32.self) }
        }
        try add(name, dtype: .i32, shape: shape, count: values.count, bytes: bytes)
    }

    /// Adds a U8 tensor (e.g. an RGB image).
    public mutating func add(_ name: String, uint8 values: [UInt8], shape: [Int]) throws {
        try add(name, dtype: .u8, shape: shape, count: values.count, bytes: values)
    }

    private mutating func add(_ name: String, dtype: DType, shape: [Int], count: Int, bytes: [UInt8]) throws {
        guard tensors[name] == nil, name != "__metadata__" else { throw SafeTensorsError.duplicateName(name) }
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == count else {
            throw SafeTensorsError.shapeMismatch(name: name, shape: shape, count: count)
        }
        tensors[name] = (dtype, shape, bytes)
    }

    /// The complete file image.
    public func serialized() -> [UInt8] {
        var header = "{"
        var parts: [String] = []
        if !metadata.isEmpty {
            let fields = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0]!))" }
            parts.append("\"__metadata__\":{\(fields.joined(separator: ","))}")
        }
        var offset = 0
        let names = tensors.keys.sorted()
        for name in names {
            let t = tensors[name]!
            let shape = t.shape.map(String.init).joined(separator: ",")
            parts.append("\(jsonString(name)):{\"dtype\":\"\(t.dtype.rawValue)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + t.bytes.count)]}")
            offset += t.bytes.count
        }
        header += parts.joined(separator: ",") + "}"
        var headerBytes = Array(header.utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(UInt8(ascii: " ")) }
        var out: [UInt8] = []
        out.reserveCapacity(8 + headerBytes.count + offset)
        let length = UInt64(headerBytes.count)
        for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: length >> (8 * UInt64(i)))) }
        out += headerBytes
        for name in names { out += tensors[name]!.bytes }
        return out
    }

    /// Writes the file atomically: readers see either the old file or the whole new one.
    public func write(to url: URL) throws {
        try AtomicFile.write(serialized(), to: url)
    }
}

/// A JSON string literal with the escapes JSON requires.
func jsonString(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20:
            out += String(format: "\\u%04x", scalar.value)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
