/// One port name or a list of them (`input: vision` or `input: [vision, text]`). A single
/// name is written back as a plain name, so a spec that names one port keeps its canonical
/// form (and hash) whichever way it is written.
public struct PortNames: SpecValueConvertible, Hashable, Sendable, ExpressibleByStringLiteral {
    public var names: [String]

    public init(_ names: [String]) { self.names = names }
    public init(stringLiteral value: String) { names = [value] }

    public init?(specValue: SpecValue) {
        if let name = specValue.string {
            names = [name]
        } else if let list = [String](specValue: specValue) {
            names = list
        } else {
            return nil
        }
    }

    public var specValue: SpecValue { names.count == 1 ? .string(names[0]) : .list(names.map { .string($0) }) }

    /// The parameter type: one port name, or a list of 1 to `maximum` of them.
    static func type(maximum: Int) -> ValueType {
        .choice([.reference(.port), .list(.reference(.port), 1...maximum)])
    }
}
