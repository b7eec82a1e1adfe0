import Foundation

/// A parsed, validated safetensors file held in memory.
///
/// The header is checked before any tensor is touched: length bound, JSON shape, known
/// dtypes, shape x dtype size equal to each byte range, ranges inside the data section,
/// no overlaps, no gaps and no unused trailing bytes. A file that passes can be read
/// without further bounds checks.
///
/// ```swift
/// let file = try SafeTensorsFile(contentsOf: url)
/// let w = try file.float32("head.fc1.weight")
/// ```
public struct SafeTensorsFile: Sendable {
    /// Largest header accepted by default (the format's own readers use 100 MB).
    public static let defaultHeaderLimit = 100 << 20

    /// Tensor entries by name.
    public let entries: [String: TensorEntry]
    /// The free-form `__metadata__` string map.
    public let metadata: [String: String]
    private let bytes: [UInt8]
    private let dataStart: Int

    /// Tensor names in a stable (sorted) order.
    public var names: [String] { entries.keys.sorted() }

    /// Reads and validates the file at `url`.
    public init(contentsOf url: URL, headerLimit: Int = defaultHeaderLimit) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw SafeTensorsError.io(path: url.path, reason: "cannot read (\(error.localizedDescription))")
        }
        try self.init(bytes: [UInt8](data), headerLimit: headerLimit)
    }

    /// Parses and validates an in-memory safetensors image.
    public init(bytes: [UInt8], headerLimit: Int = defaultHeaderLimit) throws {
        guard bytes.count >= 8 else { throw SafeTensorsError.fileTooShort(size: bytes.count) }
        var length: UInt64 = 0
        for i in 0..<8 { length |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard length <= UInt64(headerLimit) else {
            throw SafeTensorsError.headerTooLarge(length: length, limit: headerLimit)
        }
        guard 8 + Int(length) <= bytes.count else {
            throw SafeTensorsError.headerBeyondFile(length: length, fileSize: bytes.count)
        }
        let headerEnd = 8 + Int(length)
        let (entries, metadata) = try Self.parseHeader(Data(bytes[8..<headerEnd]))
        try Self.validateLayout(entries, dataSize: bytes.count - headerEnd)
        self.entries = entries
        self.metadata = metadata
        self.bytes = bytes
        self.dataStart = headerEnd
    }

    /// The entry named `name`, or a `missingTensor` error.
    public func entry(_ name: String) throws -> TensorEntry {
        guard let e = entries[name] else { throw SafeTensorsError.missingTensor(name) }
        return e
    }

    /// The raw little-endian bytes of tensor `name`.
    public func rawBytes(_ name: String) throws -> ArraySlice<UInt8> {
        let e = try entry(name)
        return bytes[(dataStart + e.range.lowerBound)..<(dataStart + e.range.upperBound)]
    }

    /// Tensor `name` as Float; F32 is copied, F64, F16 and BF16 are converted.
    public func float32(_ name: String) throws -> [Float] {
        let e = try entry(name)
        let raw = try rawBytes(name)
        let values = raw.withUnsafeBytes { buf -> [Float]? in
            let n = e.elementCount
            switch e.dtype {
            case .f32:
                return (0..<n).map { Float(bitPattern: buf.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self).littleEndian) }
            case .f64:
                return (0..<n).map { Float(Double(bitPattern: buf.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self).littleEndian)) }
            case .f16:
                return (0..<n).map { Float(Float16(bitPattern: buf.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self).littleEndian)) }
            case .bf16:
                return (0..<n).map { Float(bitPattern: UInt32(buf.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self).littleEndian) << 16) }
            default:
                return nil
            }
        }
        guard let values else { throw SafeTensorsError.wrongDType(name: name, expected: .f32, actual: e.dtype) }
        return values
    }

    /// Tensor `name` as Int32; I32 is copied, other integer types are converted
    /// (an I64 value outside Int32's range is an error).
    public func int32(_ name: String) throws -> [Int32] {
        let e = try entry(name)
        let raw = try rawBytes(name)
        let values: [Int64]? = raw.withUnsafeBytes { buf in
            let n = e.elementCount
            switch e.dtype {
            case .i32: return (0..<n).map { Int64(Int32(bitPattern: buf.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self).littleEndian)) }
            case .i64: return (0..<n).map { Int64(bitPattern: buf.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self).littleEndian) }
            case .i16: return (0..<n).map { Int64(Int16(bitPattern: buf.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self).littleEndian)) }
            case .i8: return (0..<n).map { Int64(Int8(bitPattern: buf[$0])) }
            case .u8, .bool: return (0..<n).map { Int64(buf[$0]) }
            default: return nil
            }
        }
        guard let values else { throw SafeTensorsError.wrongDType(name: name, expected: .i32, actual: e.dtype) }
        return try values.map {
            guard let v = Int32(exactly: $0) else {
                throw SafeTensorsError.badEntry(name: name, reason: "value \($0) does not fit in Int32")
            }
            return v
        }
    }

    /// Tensor `name` as bytes; U8 and BOOL only.
    public func uint8(_ name: String) throws -> [UInt8] {
        let e = try entry(name)
        guard e.dtype == .u8 || e.dtype == .bool else {
            throw SafeTensorsError.wrongDType(name: name, expected: .u8, actual: e.dtype)
        }
        return Array(try rawBytes(name))
    }

    // MARK: - Validation

    /// One value of the header object: a tensor entry or the `__metadata__` map.
    private enum HeaderValue: Decodable {
        case tensor(dtype: String, shape: [Int], offsets: [Int])
        case metadata([String: String])

        private enum Keys: String, CodingKey { case dtype, shape, data_offsets }

        init(from decoder: Decoder) throws {
            if let map = try? decoder.singleValueContainer().decode([String: String].self) {
                self = .metadata(map)
                return
            }
            let c = try decoder.container(keyedBy: Keys.self)
            self = .tensor(dtype: try c.decode(String.self, forKey: .dtype),
                           shape: try c.decode([Int].self, forKey: .shape),
                           offsets: try c.decode([Int].self, forKey: .data_offsets))
        }
    }

    private static func parseHeader(_ header: Data) throws -> ([String: TensorEntry], [String: String]) {
        guard header.first == UInt8(ascii: "{") else {
            throw SafeTensorsError.headerNotJSON("it does not start with '{'")
        }
        let values: [String: HeaderValue]
        do {
            values = try JSONDecoder().decode([String: HeaderValue].self, from: header)
        } catch {
            throw SafeTensorsError.headerNotJSON("not an object of tensor entries ({dtype, shape, data_offsets})")
        }
        var entries: [String: TensorEntry] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in values {
            switch value {
            case .metadata(let map) where name == "__metadata__":
                metadata = map
            case .metadata:
                throw SafeTensorsError.badEntry(name: name, reason: "entry is not a tensor description")
            case .tensor where name == "__metadata__":
                throw SafeTensorsError.badEntry(name: name, reason: "metadata must be an object of strings")
            case .tensor(let dtype, let shape, let offsets):
                entries[name] = try makeEntry(name: name, dtypeName: dtype, shape: shape, offsets: offsets)
            }
        }
        return (entries, metadata)
    }

    private static func makeEntry(name: String, dtypeName: String, shape: [Int], offsets: [Int]) throws -> TensorEntry {
        guard let dtype = DType(rawValue: dtypeName) else {
            throw SafeTensorsError.unknownDType(name: name, dtype: dtypeName)
        }
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw SafeTensorsError.badEntry(name: name, reason: "'shape' must be a list of non-negative integers")
        }
        guard offsets.count == 2, offsets[0] >= 0, offsets[0] <= offsets[1] else {
            throw SafeTensorsError.badEntry(name: name, reason: "'data_offsets' must be [begin, end] with 0 <= begin <= end")
        }
        var bytes = dtype.byteSize
        for d in shape {
            let (product, overflow) = bytes.multipliedReportingOverflow(by: d)
            guard !overflow else { throw SafeTensorsError.badEntry(name: name, reason: "shape \(shape) is too large") }
            bytes = product
        }
        guard bytes == offsets[1] - offsets[0] else {
            throw SafeTensorsError.sizeMismatch(name: name, expected: bytes, actual: offsets[1] - offsets[0])
        }
        return TensorEntry(dtype: dtype, shape: shape, range: offsets[0]..<offsets[1])
    }

    private static func validateLayout(_ entries: [String: TensorEntry], dataSize: Int) throws {
        let sorted = entries.sorted { ($0.value.range.lowerBound, $0.value.range.upperBound, $0.key) < ($1.value.range.lowerBound, $1.value.range.upperBound, $1.key) }
        var end = 0
        var previous: String?
        for (name, e) in sorted {
            guard e.range.upperBound <= dataSize else {
                throw SafeTensorsError.offsetsOutOfRange(name: name, end: e.range.upperBound, dataSize: dataSize)
            }
            if e.range.lowerBound < end, let previous { throw SafeTensorsError.overlap(previous, name) }
            if e.range.lowerBound > end { throw SafeTensorsError.hole(at: end) }
            end = e.range.upperBound
            previous = name
        }
        guard end == dataSize else { throw SafeTensorsError.trailingBytes(covered: end, dataSize: dataSize) }
    }
}
