/// The registry as a JSON Schema (draft 2020-12, using only keywords that draft-07
/// validators such as yaml-language-server read the same way): editors get completion,
/// hover docs and validation for spec files.
///
/// The schema checks structure, types, ranges and allowed words; the cross-component rules
/// (references, port types, divisibility, objective fits) are `polspec check`'s.
///
/// Two variants: the full schema, for a spec that stands alone, and the partial one
/// (``document(partial:)``), for a base that other specs include and for a spec that includes
/// bases: nothing is required, a kinded mapping may leave `kind` to a base, `null` deletes a
/// key, and a mapping may address the entries of a list by name (`stages: {imitation: ...}`).
///
/// A kinded value (`{kind: dit, ...}`) is checked by the branch of its kind, a definition of
/// its own (`#/$defs/head.dit`, titled `dit head`), chosen with `if`/`then`: a validator reports
/// the kind's own problem (an unknown key of the dit head) rather than "not valid under any of
/// the given schemas"; the definition's `errorMessage` (yaml-language-server shows it for a key
/// the kind does not have) names the kind and lists its keys.
public enum JSONSchemaExport {
    static let namePattern = "^[a-z][a-z0-9_-]{0,63}$"

    /// The complete schema document (`partial`: the variant for bases and including specs).
    public static func document(partial: Bool = false) -> SpecValue {
        let generator = Generator(partial: partial)
        var fields = [
            SpecField("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            SpecField("title", .string(partial ? "polspec base spec (language version 1): a part of a spec" : "polspec spec (language version 1)")),
            SpecField("description", .string(partial
                ? "A polspec spec file that includes bases, or a base that specs include: nothing is required, null deletes a key. Generated from the SpecLang registry by `polspec schema --partial`."
                : "A polspec robot-policy spec. Generated from the SpecLang registry by `polspec schema`.")),
        ]
        fields += generator.blockFields(Registry.document)
        var definitions = Family.allCases.map { SpecField($0.rawValue, generator.family($0)) }
        for family in Family.allCases {
            definitions += Registry.kinds(family).map { SpecField(definitionName($0), generator.kind($0)) }
        }
        fields.append(SpecField("$defs", .map(definitions)))
        return .map(fields)
    }

    /// The schema as indented JSON text.
    public static func text(partial: Bool = false) -> String { document(partial: partial).prettyJSON + "\n" }

    /// The `$defs` name of a kind: `head.dit`.
    static func definitionName(_ kind: KindInfo) -> String { "\(kind.family.rawValue).\(kind.name)" }

    /// The schema of one variant.
    struct Generator {
        let partial: Bool

        func schema(_ type: ValueType) -> [SpecField] {
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
                guard partial, case .block = element else { return f }
                // A mapping over a list of named entries addresses them by name (or index).
                let byName = SpecValue.map([SpecField("type", .string("object")),
                                            SpecField("additionalProperties", nullable(schema(element)))])
                return [SpecField("if", .map([SpecField("type", .string("array"))])), SpecField("then", .map(f)), SpecField("else", byName)]
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
                    SpecField("additionalProperties", nullable(schema(value))),
                ]
            }
        }

        static let null: SpecValue = .map([SpecField("type", .string("null"))])

        /// `fields` as a schema, in the partial variant also accepting `null` (a deletion).
        func nullable(_ fields: [SpecField]) -> SpecValue { .map(nullableFields(fields)) }

        /// In the partial variant: `null`, or else `fields` (if/else rather than anyOf, so that a
        /// validator reports the problem of a value that is not null as it is).
        func nullableFields(_ fields: [SpecField]) -> [SpecField] {
            partial ? [SpecField("if", Self.null), SpecField("else", .map(fields))] : fields
        }

        func parameter(_ p: ParameterInfo) -> SpecValue {
            var body = schema(p.type)
            if let d = p.defaultValue, d != .null { body.append(SpecField("default", d)) }
            return .map([SpecField("description", .string(p.doc))] + nullableFields(body))
        }

        func blockFields(_ block: BlockSchema, extra: [SpecField] = []) -> [SpecField] {
            var fields = [SpecField("type", .string("object"))]
            if !block.summary.isEmpty && extra.isEmpty { fields.append(SpecField("description", .string(block.summary))) }
            fields.append(SpecField("properties", .map(extra + block.parameters.map { SpecField($0.name, parameter($0)) })))
            let required = block.parameters.filter(\.required).map { SpecValue.string($0.name) }
            if !required.isEmpty && !partial { fields.append(SpecField("required", .list(required))) }
            fields.append(SpecField("additionalProperties", .bool(false)))
            return fields
        }

        /// A family: a bare kind name, or a mapping whose `kind` selects its kind's definition.
        func family(_ family: Family) -> SpecValue {
            let kinds = Registry.kinds(family)
            let names = SpecValue.list(kinds.map { .string($0.name) })
            let kindProperty = SpecField("kind", .map([SpecField("description", .string("the \(family.rawValue) kind")),
                                                       SpecField("type", .string("string")), SpecField("enum", names)]))
            let branches: [SpecValue] = kinds.map { kind in
                .map([
                    SpecField("if", .map([SpecField("properties", .map([SpecField("kind", .map([SpecField("const", .string(kind.name))]))])),
                                          SpecField("required", .list([.string("kind")]))])),
                    SpecField("then", .map([SpecField("$ref", .string("#/$defs/\(definitionName(kind))"))])),
                ])
            }
            var object = [SpecField("type", .string("object"))]
            if !partial { object.append(SpecField("required", .list([.string("kind")]))) }
            object += [SpecField("properties", .map([kindProperty])), SpecField("allOf", .list(branches))]
            let shorthand = SpecValue.map([SpecField("description", .string("a \(family.rawValue) kind name (short for {kind: NAME})")),
                                           SpecField("enum", names)])
            return .map([SpecField("description", .string("\(family.title): a kind name, or a mapping with `kind` and its parameters")),
                         SpecField("if", .map([SpecField("type", .string("string"))])),
                         SpecField("then", shorthand),
                         SpecField("else", .map(object))])
        }

        /// One kind's mapping: `kind` and its parameters, nothing else. `errorMessage` (read by
        /// yaml-language-server in place of "Property X is not allowed") names the kind and its keys.
        func kind(_ kind: KindInfo) -> SpecValue {
            let title = "\(kind.name) \(kind.family.rawValue)"
            let kindProperty = SpecField("kind", .map([SpecField("const", .string(kind.name))]))
            let keys = (["kind"] + kind.schema.parameters.map(\.name)).joined(separator: ", ")
            return .map([SpecField("title", .string(title)), SpecField("description", .string(kind.summary)),
                         SpecField("errorMessage", .string("not a key of the \(title); its keys are \(keys) (polspec explain \(kind.family.rawValue).\(kind.name))"))]
                        + blockFields(kind.schema, extra: [kindProperty]))
        }
    }
}
