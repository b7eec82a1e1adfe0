/// A schema-typed value: what a YAML node becomes once the registry has checked it.
///
/// Mappings keep the order of their schema (or of the source, for name -> component
/// maps); ``canonicalJSON`` sorts keys so it does not depend on order or formatting.
public indirect enum SpecValue: Sendable, Hashable {
    case null
    case int(Int)
    case number(Double)
    case bool(Bool)
    case string(String)
    case list([SpecValue])
    case map([SpecField])

    public var int: Int? { if case .int(let v) = self { return v }; return nil }
    public var number: Double? {
        switch self {
        case .number(let v): return v
        case .int(let v): return Double(v)
        default: return nil
        }
    }
    public var bool: Bool? { if case .bool(let v) = self { return v }; return nil }
    public var string: String? { if case .string(let v) = self { return v }; return nil }
    public var list: [SpecValue]? { if case .list(let v) = self { return v }; return nil }
    public var fields: [SpecField]? { if case .map(let v) = self { return v }; return nil }

    /// The value of field `name` of a map.
    public subscript(name: String) -> SpecValue? {
        fields?.first { $0.name == name }?.value
    }

    /// The value without the map fields that are `null` (keys left unset), at every depth.
    public var droppingNulls: SpecValue {
        switch self {
        case .list(let items): return .list(items.map(\.droppingNulls))
        case .map(let fields): return .map(fields.filter { $0.value != .null }.map { SpecField($0.name, $0.value.droppingNulls) })
        default: return self
        }
    }
}

/// One named field of a ``SpecValue/map(_:)``.
public struct SpecField: Sendable, Hashable {
    public var name: String
    public var value: SpecValue

    public init(_ name: String, _ value: SpecValue) {
        self.name = name
        self.value = value
    }
}

extension SpecValue {
    /// JSON with sorted keys, no whitespace and shortest round-trip numbers: the same
    /// spec always gives the same bytes, however it was written.
    public var canonicalJSON: String {
        var out = ""
        writeJSON(into: &out, sorted: true, indent: nil, level: 0)
        return out
    }

    /// Indented JSON in schema order, for people.
    public var prettyJSON: String {
        var out = ""
        writeJSON(into: &out, sorted: false, indent: "  ", level: 0)
        return out
    }

    func writeJSON(into out: inout String, sorted: Bool, indent: String?, level: Int) {
        let newline = indent == nil ? "" : "\n"
        func pad(_ n: Int) -> String { indent.map { String(repeating: $0, count: n) } ?? "" }
        switch self {
        case .null: out += "null"
        case .int(let v): out += String(v)
        case .number(let v): out += JSONText.number(v)
        case .bool(let v): out += v ? "true" : "false"
        case .string(let v): out += JSONText.quote(v)
        case .list(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[" + newline
            for (i, item) in items.enumerated() {
                out += pad(level + 1)
                item.writeJSON(into: &out, sorted: sorted, indent: indent, level: level + 1)
                out += (i + 1 < items.count ? "," : "") + newline
            }
            out += pad(level) + "]"
        case .map(let fields):
            if fields.isEmpty { out += "{}"; return }
            let ordered = sorted ? fields.sorted { $0.name < $1.name } : fields
            out += "{" + newline
            for (i, field) in ordered.enumerated() {
                out += pad(level + 1) + JSONText.quote(field.name) + (indent == nil ? ":" : ": ")
                field.value.writeJSON(into: &out, sorted: sorted, indent: indent, level: level + 1)
                out += (i + 1 < ordered.count ? "," : "") + newline
            }
            out += pad(level) + "}"
        }
    }

    /// The value as a YAML flow scalar or collection, for docs and messages.
    public var yamlText: String {
        switch self {
        case .null: return "null"
        case .int(let v): return String(v)
        case .number(let v): return JSONText.number(v)
        case .bool(let v): return v ? "true" : "false"
        case .string(let v):
            let plain = !v.isEmpty && v.allSatisfy { $0.isLetter || $0.isNumber || "_-./".contains($0) }
                && !["true", "false", "null", "yes", "no", "on", "off", "~"].contains(v.lowercased())
                && Double(v) == nil
            return plain ? v : JSONText.quote(v)
        case .list(let items): return "[" + items.map(\.yamlText).joined(separator: ", ") + "]"
        case .map(let fields): return "{" + fields.map { "\($0.name): \($0.value.yamlText)" }.joined(separator: ", ") + "}"
        }
    }
}

/// JSON text helpers shared by every JSON writer in SpecLang.
public enum JSONText {
    /// A JSON string literal. It is also a YAML double-quoted scalar that reads back to `s`:
    /// the characters YAML treats as line breaks or byte-order marks are escaped too, and so
    /// are the bidirectional overrides, so that printed text shows what it holds.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                let v = scalar.value
                if v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || v == 0xFEFF
                    || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A finite double in the shortest form that reads back to the same value.
    public static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(format: "%.1f", v) }
        return "\(v)"
    }
}
