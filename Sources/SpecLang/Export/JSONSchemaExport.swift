/// The registry as a JSON Schema (draft 2020-12, using only keywords that draft-07
/// validators such as yaml-language-server read the same way): editors get completion,
/// hover docs and validation for spec files.
///
/// The schema checks structure, types, ranges and allowed words; the cross-component rules
/// (references, port types, divisibility, objective fits) are `polspec check`'s.
public enum JSONSchemaExport {
    static let namePattern = "^[a-z][a-z0-9_-]{0,63}$"

    /// The complete schema document.
    public static func document() -> SpecValue {
        var fields = [
            SpecField("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            SpecField("title", .string("polspec spec (language version 1)")),
            SpecField("description", .string("A polspec robot-policy spec. Generated from the SpecLang registry by `polspec schema`.")),
        ]
        fields += blockFields(Registry.document)
        fields.append(SpecField("$defs", .map(Family.allCases.map { SpecField($0.rawValue, family($0)) })))
        return .map(fields)
    }

    /// The schema as indented JSON text.
    public static func text() -> String { document().prettyJSON + "\n" }

    static func schema(_ type: ValueType) -> [SpecField] {
        switch type {
        case .integer(let lo, let hi):
            var f = [SpecField("type", .string("integer")), SpecField("minimum", .int(lo))]
            if hi < 1 << 30 { f.append(SpecField("maximum", .int(hi))) }
            return f
        case .number(let lo, let hi, let exclusive):
            var f = [SpecField("type", .string("number"))]
            if lo > -.greatestFiniteMagnitude { f.append(SpecField(exclusive ? "exclusiveMinimum" : "minimum", .number(lo))) }
            if hi < .greatestFiniteMagnitude { f.append(SpecField("maximum", .number(hi))) }
            return f
        case .boolean:
            return [SpecField("type", .string("boolean"))]
        case .string(let format):
            return [SpecField("type", .string("string"))] + (format == .name ? [SpecField("pattern", .string(namePattern))] : [])
        case .enumeration(let words):
            return [SpecField("type", .string("string")), SpecField("enum", .list(words.map(SpecValue.string)))]
        case .list(let element, let count):
            var f = [SpecField("type", .string("array")), SpecField("items", .map(schema(element)))]
            if count.lowerBound > 0 { f.append(SpecField("minItems", .int(count.lowerBound))) }
            if count.upperBound < 1 << 20 { f.append(SpecField("maxItems", .int(count.upperBound))) }
            return f
        case .reference:
            return [SpecField("type", .string("string")), SpecField("pattern", .string(namePattern))]
        case .block(let block):
            return blockFields(block)
        case .kinded(let family):
            return [SpecField("$ref", .string("#/$defs/\(family.rawValue)"))]
        case .choice(let options):
            return [SpecField("anyOf", .list(options.map { .map(schema($0)) }))]
        case .named(let value, let fixed):
            return [
                SpecField("type", .string("object")),
                SpecField("properties", .map((fixed?.parameters ?? []).map { SpecField($0.name, parameter($0)) })),
                SpecField("propertyNames", .map([SpecField("pattern", .string(namePattern))])),
                SpecField("additionalProperties", .map(schema(value))),
            ]
        }
    }

    static func parameter(_ p: ParameterInfo) -> SpecValue {
        var fields = [SpecField("description", .string(p.doc))]
        fields += schema(p.type)
        if let d = p.defaultValue, d != .null { fields.append(SpecField("default", d)) }
        return .map(fields)
    }

    static func blockFields(_ block: BlockSchema, extra: [SpecField] = []) -> [SpecField] {
        var fields = [SpecField("type", .string("object"))]
        fields.append(SpecField("properties", .map(extra + block.parameters.map { SpecField($0.name, parameter($0)) })))
        let required = block.parameters.filter(\.required).map { SpecValue.string($0.name) }
        if !required.isEmpty { fields.append(SpecField("required", .list(required))) }
        fields.append(SpecField("additionalProperties", .bool(false)))
        return fields
    }

    /// A family: a bare kind name, or a mapping whose `kind` selects the parameters.
    static func family(_ family: Family) -> SpecValue {
        let kinds = Registry.kinds(family)
        let names = SpecValue.list(kinds.map { .string($0.name) })
        let kindProperty = SpecField("kind", .map([SpecField("description", .string("the \(family.rawValue) kind")),
                                                   SpecField("type", .string("string")), SpecField("enum", names)]))
        let branches: [SpecValue] = kinds.map { kind in
            .map([
                SpecField("if", .map([SpecField("properties", .map([SpecField("kind", .map([SpecField("const", .string(kind.name))]))])),
                                      SpecField("required", .list([.string("kind")]))])),
                SpecField("then", .map([SpecField("description", .string(kind.summary))] + blockFields(kind.schema, extra: [kindProperty]))),
            ])
        }
        let object = SpecValue.map([
            SpecField("type", .string("object")),
            SpecField("required", .list([.string("kind")])),
            SpecField("properties", .map([kindProperty])),
            SpecField("allOf", .list(branches)),
        ])
        let shorthand = SpecValue.map([SpecField("type", .string("string")), SpecField("enum", names)])
        return .map([SpecField("description", .string("\(family.title): a kind name, or a mapping with `kind` and its parameters")),
                     SpecField("anyOf", .list([shorthand, object]))])
    }
}
