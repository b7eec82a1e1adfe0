/// A Swift value that a ``SpecValue`` converts to and from.
public protocol SpecValueConvertible: Sendable {
    init?(specValue: SpecValue)
    var specValue: SpecValue { get }
}

extension Int: SpecValueConvertible {
    public init?(specValue: SpecValue) { guard let v = specValue.int else { return nil }; self = v }
    public var specValue: SpecValue { .int(self) }
}

extension Double: SpecValueConvertible {
    public init?(specValue: SpecValue) { guard let v = specValue.number else { return nil }; self = v }
    public var specValue: SpecValue { .number(self) }
}

extension Bool: SpecValueConvertible {
    public init?(specValue: SpecValue) { guard let v = specValue.bool else { return nil }; self = v }
    public var specValue: SpecValue { .bool(self) }
}

extension String: SpecValueConvertible {
    public init?(specValue: SpecValue) { guard let v = specValue.string else { return nil }; self = v }
    public var specValue: SpecValue { .string(self) }
}

extension Array: SpecValueConvertible where Element: SpecValueConvertible {
    public init?(specValue: SpecValue) {
        guard let items = specValue.list else { return nil }
        var result: [Element] = []
        for item in items {
            guard let v = Element(specValue: item) else { return nil }
            result.append(v)
        }
        self = result
    }
    public var specValue: SpecValue { .list(map(\.specValue)) }
}

extension Optional: SpecValueConvertible where Wrapped: SpecValueConvertible {
    public init?(specValue: SpecValue) {
        if case .null = specValue { self = .none; return }
        guard let v = Wrapped(specValue: specValue) else { return nil }
        self = .some(v)
    }
    public var specValue: SpecValue { map(\.specValue) ?? .null }
}

/// A closed set of words (an `enum` with `String` raw values) usable as a parameter.
public protocol SpecEnum: SpecValueConvertible, RawRepresentable<String>, CaseIterable, Hashable {}

extension SpecEnum {
    public init?(specValue: SpecValue) {
        guard let s = specValue.string, let v = Self(rawValue: s) else { return nil }
        self = v
    }
    public var specValue: SpecValue { .string(rawValue) }
}

/// One parameter of a block, bound to a stored property of the block's Swift type.
///
/// The registry is built from these: the name, type and doc describe the parameter
/// (for the checker, docs and JSON Schema), and the key path moves the checked value
/// into the typed configuration the compiler reads. The default is the property's
/// initial value in `Root()`.
public struct Parameter<Root: Sendable>: Sendable {
    public let name: String
    public let type: ValueType
    public let doc: String
    public let required: Bool
    let assign: @Sendable (inout Root, SpecValue) -> Void
    let read: @Sendable (Root) -> SpecValue

    /// - Parameters:
    ///   - required: the key must be written (the property's initial value is then only a
    ///     placeholder and not documented as a default).
    public init<Value: SpecValueConvertible>(
        _ name: String, _ keyPath: WritableKeyPath<Root, Value> & Sendable, _ type: ValueType,
        required: Bool = false, _ doc: String
    ) {
        self.name = name
        self.type = type
        self.doc = doc
        self.required = required
        self.assign = { root, value in
            if let v = Value(specValue: value) { root[keyPath: keyPath] = v }
        }
        self.read = { root in root[keyPath: keyPath].specValue }
    }

    private init(name: String, type: ValueType, doc: String, required: Bool,
                 assign: @escaping @Sendable (inout Root, SpecValue) -> Void,
                 read: @escaping @Sendable (Root) -> SpecValue) {
        self.name = name
        self.type = type
        self.doc = doc
        self.required = required
        self.assign = assign
        self.read = read
    }

    /// This parameter seen from an enclosing type that stores `Root` at `path`, so that
    /// shared parameter sets (such as the diffusion process) are declared once.
    public func lifted<Outer: Sendable>(_ path: WritableKeyPath<Outer, Root> & Sendable) -> Parameter<Outer> {
        let assign = self.assign, read = self.read
        return Parameter<Outer>(name: name, type: type, doc: doc, required: required,
                                assign: { outer, value in assign(&outer[keyPath: path], value) },
                                read: { outer in read(outer[keyPath: path]) })
    }
}

/// A mapping of fixed parameters that converts to a Swift struct: a component kind's
/// configuration or a nested block such as `diffusion:`.
public protocol SpecBlock: SpecValueConvertible, Equatable {
    /// The defaults: every non-required property holds its default value.
    init()
    /// The parameters, in documentation order.
    static var parameters: [Parameter<Self>] { get }
    /// How messages and docs name the block (e.g. "diffusion").
    static var blockTitle: String { get }
    /// One paragraph for docs and `polspec explain`: what the block is and where it is written.
    static var blockSummary: String { get }
    /// The rules `polspec check` applies to the block, for docs.
    static var blockRules: [RuleInfo] { get }
}

extension SpecBlock {
    public static var blockRules: [RuleInfo] { [] }

    /// The registry entry for this block.
    public static var schema: BlockSchema {
        let defaults = Self()
        return BlockSchema(title: blockTitle, parameters: parameters.map { p in
            let value = p.read(defaults)
            let documentedDefault: SpecValue? = p.required || value == .null ? nil : value
            return ParameterInfo(name: p.name, type: p.type, doc: p.doc, required: p.required, defaultValue: documentedDefault)
        }, summary: blockSummary, rules: blockRules)
    }

    public init?(specValue: SpecValue) {
        guard let fields = specValue.fields else { return nil }
        self.init()
        for p in Self.parameters {
            if let field = fields.first(where: { $0.name == p.name }) { p.assign(&self, field.value) }
        }
    }

    public var specValue: SpecValue {
        .map(Self.parameters.map { SpecField($0.name, $0.read(self)) })
    }
}
