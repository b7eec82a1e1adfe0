/// What a parameter accepts. The validator, the JSON Schema and the docs all read this.
public indirect enum ValueType: Sendable {
    /// An integer in `min...max`.
    case integer(min: Int, max: Int)
    /// A finite number in `min...max` (`min` excluded when `minExclusive`).
    case number(min: Double, max: Double, minExclusive: Bool)
    /// `true` or `false`.
    case boolean
    /// Any text; `.name` restricts it to a lowercase identifier.
    case string(StringFormat)
    /// One of the listed words.
    case enumeration([String])
    /// A list of `count.lowerBound...count.upperBound` items of one type.
    case list(ValueType, count: ClosedRange<Int>)
    /// The name of something else in the spec.
    case reference(ReferenceTarget)
    /// A nested mapping with its own parameters.
    case block(BlockSchema)
    /// A `{kind: ..., ...}` mapping of one family; a bare kind name is short for `{kind: NAME}`.
    case kinded(Family)
    /// Either alternative, chosen by the shape of the YAML node (scalar, list or mapping).
    case choice([ValueType])
    /// A mapping from user-chosen names to values, plus optional fixed keys.
    case named(ValueType, fixed: BlockSchema?)

    public static let nonNegativeInt = ValueType.integer(min: 0, max: 1 << 30)
    public static let positiveNumber = ValueType.number(min: 0, max: .greatestFiniteMagnitude, minExclusive: true)
    public static let nonNegativeNumber = ValueType.number(min: 0, max: .greatestFiniteMagnitude, minExclusive: false)
    public static let unitInterval = ValueType.number(min: 0, max: 1, minExclusive: false)
    public static let anyNumber = ValueType.number(min: -.greatestFiniteMagnitude, max: .greatestFiniteMagnitude, minExclusive: false)

    public static func int(_ range: ClosedRange<Int>) -> ValueType { .integer(min: range.lowerBound, max: range.upperBound) }
    public static func number(_ range: ClosedRange<Double>) -> ValueType {
        .number(min: range.lowerBound, max: range.upperBound, minExclusive: false)
    }
    public static func enumeration<E: SpecEnum>(_: E.Type) -> ValueType { .enumeration(E.allCases.map(\.rawValue)) }
    public static func list(_ element: ValueType, _ count: ClosedRange<Int> = 0...1 << 20) -> ValueType { .list(element, count: count) }
    /// A 3x3 or 4x4 style matrix of numbers.
    public static func matrix(rows: ClosedRange<Int>, columns: ClosedRange<Int>) -> ValueType {
        .list(.list(.anyNumber, count: columns), count: rows)
    }

    /// A short human description, e.g. "integer in 1...64" or "list of 3 integers".
    public var summary: String {
        switch self {
        case .integer(let lo, let hi):
            if hi >= 1 << 30 { return lo == 0 ? "integer ≥ 0" : "integer ≥ \(lo)" }
            return "integer in \(lo)...\(hi)"
        case .number(let lo, let hi, let excl):
            if lo == -.greatestFiniteMagnitude { return "number" }
            if hi == .greatestFiniteMagnitude { return excl ? "number > \(JSONText.number(lo))" : "number ≥ \(JSONText.number(lo))" }
            return "number in \(excl ? "(" : "[")\(JSONText.number(lo)), \(JSONText.number(hi))]"
        case .boolean: return "true or false"
        case .string(let format): return format == .name ? "name" : "string"
        case .enumeration(let words): return words.joined(separator: " | ")
        case .list(let element, let count):
            let n: String
            if count.lowerBound == count.upperBound { n = "\(count.lowerBound) " }
            else if count.upperBound >= 1 << 20 { n = count.lowerBound > 0 ? "≥ \(count.lowerBound) " : "" }
            else { n = "\(count.lowerBound)...\(count.upperBound) " }
            return "list of \(n)\(element.pluralSummary)"
        case .reference(let target): return target.summary
        case .block(let schema): return "\(schema.title) block"
        case .kinded(let family): return "\(family.rawValue) (`kind` name or mapping)"
        case .choice(let options): return options.map(\.summary).joined(separator: ", or ")
        case .named(let value, _): return "map of name → \(value.summary)"
        }
    }

    var pluralSummary: String {
        switch self {
        case .integer: return "integers"
        case .number: return "numbers"
        case .string(let f): return f == .name ? "names" : "strings"
        case .reference(let t): return t.pluralSummary
        case .list: return "lists (\(summary))"
        default: return summary
        }
    }
}

/// Restrictions on string parameters.
public enum StringFormat: Sendable, Hashable {
    case any
    /// Lowercase letter, then lowercase letters, digits, `_` or `-` (at most 64).
    case name
}

/// What a reference parameter may name.
public enum ReferenceTarget: String, Sendable, Hashable {
    /// An observation or an encoder output.
    case port
    /// An observation.
    case observation
    /// An encoder or the head (something with parameters).
    case trainable
    /// An encoder.
    case encoder

    var summary: String {
        switch self {
        case .port: return "name of an observation or encoder"
        case .observation: return "name of an observation"
        case .trainable: return "name of an encoder, or `head`"
        case .encoder: return "name of an encoder"
        }
    }

    var pluralSummary: String {
        switch self {
        case .port: return "observation/encoder names"
        case .observation: return "observation names"
        case .trainable: return "encoder names or `head`"
        case .encoder: return "encoder names"
        }
    }
}

/// The families of kinded components.
public enum Family: String, Sendable, Hashable, CaseIterable {
    case observation
    case encoder
    case head
    case objective
    case optimizer
    case schedule

    /// The heading used in docs.
    public var title: String {
        switch self {
        case .observation: return "Observations"
        case .encoder: return "Encoders"
        case .head: return "Heads"
        case .objective: return "Objectives"
        case .optimizer: return "Optimizers"
        case .schedule: return "Schedules"
        }
    }
}

/// The parameters of one mapping (a component kind or a nested block).
public struct BlockSchema: Sendable {
    /// How messages name the block, e.g. "dit head" or "diffusion".
    public var title: String
    public var parameters: [ParameterInfo]
    /// What the block is and where it is written (docs and `polspec explain`).
    public var summary: String
    /// The rules `polspec check` applies to it.
    public var rules: [RuleInfo]

    public init(title: String, parameters: [ParameterInfo], summary: String = "", rules: [RuleInfo] = []) {
        self.title = title
        self.parameters = parameters
        self.summary = summary
        self.rules = rules
    }

    public func parameter(_ name: String) -> ParameterInfo? { parameters.first { $0.name == name } }
}

/// The registry's description of one parameter.
public struct ParameterInfo: Sendable {
    public var name: String
    public var type: ValueType
    public var doc: String
    public var required: Bool
    /// The value used when the key is absent (nil for required parameters and for
    /// optional parameters whose absence means "not used").
    public var defaultValue: SpecValue?
}
