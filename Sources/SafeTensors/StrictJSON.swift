/// A JSON value read by ``StrictJSON``: objects keep their keys in written order.
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// A number with its literal text (`256`, `256.0`, `1e3`), so that callers can tell an
    /// integer from a float and report what was written.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// The number's value when it is written as an integer (no fraction, no exponent) that fits
    /// in `Int`; nil for any other value.
    public var integer: Int? {
        guard case .number(let text) = self, !text.contains(where: { ".eE".contains($0) }) else { return nil }
        return Int(text)
    }

    /// The string's value, nil for any other value.
    public var string: String? {
        if case .string(let s) = self { s } else { nil }
    }

    /// The object's members, nil for any other value.
    public var members: [(key: String, value: JSONValue)]? {
        if case .object(let m) = self { m } else { nil }
    }

    /// What the value is, for messages: `a string "abc"`, `the number 256.0`, `an object`, ...
    public var summary: String {
        switch self {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .number(let text): "the number \(text)"
        case .string(let s): "a string \"\(s.count > 40 ? s.prefix(40) + "..." : s)\""
        case .array: "a list"
        case .object: "an object"
        }
    }

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.number(let x), .number(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }
}

/// Why a JSON text was refused: what is wrong and at which byte.
public struct StrictJSONError: Error, Equatable, CustomStringConvertible, Sendable {
    public var reason: String
    /// Byte offset in the text.
    public var offset: Int
    /// The key, when the error is a key repeated in one object, and the object's nesting
    /// depth (1 for the top-level object).
    public var duplicate: (key: String, depth: Int)?
    public var description: String { "\(reason) (at byte \(offset))" }

    public static func == (a: StrictJSONError, b: StrictJSONError) -> Bool {
        a.reason == b.reason && a.offset == b.offset && a.duplicate?.key == b.duplicate?.key && a.duplicate?.depth == b.duplicate?.depth
    }
}

/// A strict RFC 8259 JSON reader for files polspec trusts only after checking: a key repeated
/// in one object is an error (Python's `json` keeps the last value, Foundation the first, so
/// such a file means different things to different readers), as are invalid UTF-8, lone
/// surrogates, trailing text and nesting deeper than ``maximumDepth``.
///
/// ```swift
/// let value = try StrictJSON.parse(Array(#"{"shape": [2, 3]}"#.utf8))
/// ```
public enum StrictJSON {
    /// Deepest nesting of lists and objects accepted (deeper input is refused, not recursed into).
    public static let maximumDepth = 64

    /// Parses `bytes` as one JSON value.
    public static func parse(_ bytes: [UInt8]) throws(StrictJSONError) -> JSONValue {
        var reader = Reader(bytes: bytes)
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.position == bytes.count else { throw reader.error("unexpected text after the JSON value") }
        return value
    }

    private struct Reader {
        let bytes: [UInt8]
        var position = 0

        func error(_ reason: String) -> StrictJSONError { StrictJSONError(reason: reason, offset: position) }

        var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipSpace() {
            while let c = current, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { position += 1 }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws(StrictJSONError) {
            guard current == byte else { throw error("expected \(what)") }
            position += 1
        }

        mutating func value(depth: Int) throws(StrictJSONError) -> JSONValue {
            guard let c = current else { throw error("unexpected end of the text") }
            switch c {
            case UInt8(ascii: "{"):
                return try object(depth: depth + 1)
            case UInt8(ascii: "["):
                return try array(depth: depth + 1)
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"):
                try literal("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return .number(try number())
            default:
                throw error("unexpected character '\(UnicodeScalar(c).escaped(asASCII: true))'")
            }
        }

        mutating func literal(_ word: String) throws(StrictJSONError) {
            let expected = Array(word.utf8)
            guard position + expected.count <= bytes.count, Array(bytes[position..<position + expected.count]) == expected else {
                throw error("unexpected word (expected \(word))")
            }
            position += expected.count
        }

        mutating func object(depth: Int) throws(StrictJSONError) -> JSONValue {
            guard depth <= StrictJSON.maximumDepth else { throw error("nested deeper than \(StrictJSON.maximumDepth) levels") }
            position += 1
            var members: [(key: String, value: JSONValue)] = []
            var seen: Set<String> = []
            skipSpace()
            if current == UInt8(ascii: "}") {
                position += 1
                return .object(members)
            }
            while true {
                skipSpace()
                let keyStart = position
                guard current == UInt8(ascii: "\"") else { throw error("expected a key in quotes") }
                let key = try string()
                guard seen.insert(key).inserted else {
                    throw StrictJSONError(reason: "key \"\(key)\" appears twice in one object", offset: keyStart, duplicate: (key, depth))
                }
                skipSpace()
                try expect(UInt8(ascii: ":"), "':' after a key")
                skipSpace()
                members.append((key, try value(depth: depth)))
                skipSpace()
                if current == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                try expect(UInt8(ascii: "}"), "',' or '}' in an object")
                return .object(members)
            }
        }

        mutating func array(depth: Int) throws(StrictJSONError) -> JSONValue {
            guard depth <= StrictJSON.maximumDepth else { throw error("nested deeper than \(StrictJSON.maximumDepth) levels") }
            position += 1
            var items: [JSONValue] = []
            skipSpace()
            if current == UInt8(ascii: "]") {
                position += 1
                return .array(items)
            }
            while true {
                skipSpace()
                items.append(try value(depth: depth))
                skipSpace()
                if current == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                try expect(UInt8(ascii: "]"), "',' or ']' in a list")
                return .array(items)
            }
        }

        /// A number literal, checked against the JSON grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
        mutating func number() throws(StrictJSONError) -> String {
            let start = position
            func digits(_ reader: inout Reader) -> Int {
                let from = reader.position
                while let c = reader.current, c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") { reader.position += 1 }
                return reader.position - from
            }
            if current == UInt8(ascii: "-") { position += 1 }
            if current == UInt8(ascii: "0") {
                position += 1
            } else if digits(&self) == 0 {
                throw error("a number needs digits")
            }
            if current == UInt8(ascii: ".") {
                position += 1
                guard digits(&self) > 0 else { throw error("a number needs digits after '.'") }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                position += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
                guard digits(&self) > 0 else { throw error("a number needs digits in its exponent") }
            }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }

        mutating func hex4() throws(StrictJSONError) -> UInt32 {
            guard position + 4 <= bytes.count else { throw error("\\u needs four hex digits") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[position]
                let digit: UInt32
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
                default: throw error("\\u needs four hex digits")
                }
                value = value << 4 | digit
                position += 1
            }
            return value
        }

        mutating func string() throws(StrictJSONError) -> String {
            position += 1
            var scalars = String.UnicodeScalarView()
            var runStart = position
            func flushRun(_ reader: Reader, upTo end: Int) throws(StrictJSONError) {
                guard runStart < end else { return }
                guard let text = String(validating: reader.bytes[runStart..<end], as: UTF8.self) else {
                    throw StrictJSONError(reason: "a string is not valid UTF-8", offset: runStart)
                }
                scalars.append(contentsOf: text.unicodeScalars)
            }
            while true {
                guard let c = current else { throw error("a string is not closed") }
                switch c {
                case UInt8(ascii: "\""):
                    try flushRun(self, upTo: position)
                    position += 1
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    try flushRun(self, upTo: position)
                    position += 1
                    guard let e = current else { throw error("a string is not closed") }
                    position += 1
                    switch e {
                    case UInt8(ascii: "\""): scalars.append("\"")
                    case UInt8(ascii: "\\"): scalars.append("\\")
                    case UInt8(ascii: "/"): scalars.append("/")
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        if (0xD800..<0xDC00).contains(code) {
                            guard current == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                                throw error("a \\u escape is half of a surrogate pair")
                            }
                            position += 2
                            let low = try hex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw error("a \\u escape is half of a surrogate pair") }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let scalar = Unicode.Scalar(code) else { throw error("a \\u escape is half of a surrogate pair") }
                        scalars.append(scalar)
                    default:
                        throw error("unknown escape '\\\(UnicodeScalar(e).escaped(asASCII: true))'")
                    }
                    runStart = position
                case 0..<0x20:
                    throw error("a control character inside a string must be escaped")
                default:
                    position += 1
                }
            }
        }
    }
}
