import Foundation

/// A parsed, validated safetensors file held in memory.
///
/// The header is checked before any tensor is touched: length bound, JSON shape, known
/// dtypes, no tensor name twice, integer shapes and offsets, shape x dtype size equal to each byte range, ranges inside the data section,
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
        let (entries, metadata) = try Self.parseHeader(Array(bytes[8..<headerEnd]))
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

    /// The header's tensor entries and metadata. It is read with ``StrictJSON``: a tensor name
    /// given twice is refused (Python's `json` keeps the last entry and Foundation's the first,
    /// so such a file would load differently in PyTorch), as are shapes and offsets that are
    /// not integers.
    private static func parseHeader(_ header: [UInt8]) throws -> ([String: TensorEntry], [String: String]) {
        guard header.first == UInt8(ascii: "{") else {
            throw SafeTensorsError.headerNotJSON("it does not start with '{'")
        }
        let members: [(key: String, value: JSONValue)]
        do {
            guard let object = try StrictJSON.parse(header).members else { throw SafeTensorsError.headerNotJSON("it is not an object") }
            members = object
        } catch let error as StrictJSONError {
            if let duplicate = error.duplicate, duplicate.depth == 1 { throw SafeTensorsError.repeatedName(duplicate.key) }
            throw SafeTensorsError.headerNotJSON("\(error)")
        }
        var entries: [String: TensorEntry] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in members {
            guard let fields = value.members else {
                throw SafeTensorsError.badEntry(name: name, reason: "entry is \(value.summary), not an object")
            }
            if name == "__metadata__" {
                for (key, value) in fields {
                    guard let text = value.string else {
                        throw SafeTensorsError.badEntry(name: name, reason: "metadata must be an object of strings; '\(key)' is \(value.summary)")
                    }
                    metadata[key] = text
                }
            } else {
                entries[name] = try makeEntry(name: name, fields: fields)
            }
        }
        return (entries, metadata)
    }

    private static func makeEntry(name: String, fields: [(key: String, value: JSONValue)]) throws -> TensorEntry {
        func field(_ key: String) throws -> JSONValue {
            guard let value = fields.first(where: { $0.key == key })?.value else {
                throw SafeTensorsError.badEntry(name: name, reason: "the entry has no '\(key)'")
            }
            return value
        }
        /// A list of integers from 0 to Int.max, or an error naming the first item that is not one.
        func integers(_ key: String, _ rule: String) throws -> [Int] {
            guard case .array(let items) = try field(key) else {
                throw SafeTensorsError.badEntry(name: name, reason: "'\(key)' must be \(rule); found \(try field(key).summary)")
            }
            return try items.map { item in
                guard let n = item.integer, n >= 0 else {
                    let why = if case .number(let text) = item, item.integer == nil, !text.contains(where: { ".eE-".contains($0) }) {
                        "\(text) is larger than \(Int.max)"
                    } else { "found \(item.summary)" }
                    throw SafeTensorsError.badEntry(name: name, reason: "'\(key)' must be \(rule); \(why)")
                }
                return n
            }
        }
        guard let dtypeName = try field("dtype").string else {
            throw SafeTensorsError.badEntry(name: name, reason: "'dtype' must be a string; found \(try field("dtype").summary)")
        }
        guard let dtype = DType(rawValue: dtypeName) else {
            throw SafeTensorsError.unknownDType(name: name, dtype: dtypeName)
        }
        let shape = try integers("shape", "a list of non-negative integers")
        let offsets = try integers("data_offsets", "[begin, end], two integers with 0 <= begin <= end")
        guard offsets.count == 2, offsets[0] <= offsets[1] else {
            throw SafeTensorsError.badEntry(name: name, reason: "'data_offsets' must be [begin, end], two integers with 0 <= begin <= end; found \(offsets)")
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
