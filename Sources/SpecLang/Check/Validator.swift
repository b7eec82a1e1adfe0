/// Checks a YAML tree against a ``ValueType`` from the registry and produces the typed,
/// defaulted ``SpecValue``, recording every value's position in a ``SourceMap``.
///
/// Scalars are typed here, by the schema: `no` is the string "no" in a string field and an
/// error in a boolean field; `3e-4` is a number in a number field.
///
/// A value with an error yields nil and its path joins ``invalid``; everything around it is
/// kept, so that later checks can run on what typed cleanly. A mapping keeps its valid
/// entries (a failed one is left out, its default is not filled in); a list keeps its
/// items, a failed item as `null`. A misspelt key with a "did you mean" suggestion also
/// marks the parameter it probably meant, whose value is then unknown.
struct Validator {
    private(set) var diagnostics: [Diagnostic] = []
    var sourceMap = SourceMap()
    /// Paths (as in ``SourceMap``) whose value is unknown: it did not type, or a required
    /// key or the key a misspelling meant is missing.
    private(set) var invalid = Set<String>()
    /// Where the keys a `null` deleted were, by path: a required key that was deleted is
    /// reported there.
    var deleted: [String: SourceRange] = [:] {
        didSet { sourceMap.recordDeletions(deleted) }
    }

    /// " (deleted with null)" when the key at `path` was deleted, else "".
    func deletion(_ path: String) -> String { deleted[path] == nil ? "" : " (null deleted it)" }

    mutating func report(_ d: Diagnostic) { diagnostics.append(d) }

    /// Records that the value at `path` is unknown.
    mutating func markInvalid(_ path: String) { invalid.insert(path) }

    /// - Parameters:
    ///   - key: the range of the key that names this value, for "missing key" errors.
    ///   - context: how messages name the value's owner, e.g. "dit head".
    mutating func validate(_ node: YAMLNode, as type: ValueType, path: String,
                           key: SourceRange?, context: String) -> SpecValue? {
        sourceMap.record(path, value: node.range, key: key)
        let value = typed(node, as: type, path: path, key: key, context: context)
        if value == nil { invalid.insert(path) }
        return value
    }

    private mutating func typed(_ node: YAMLNode, as type: ValueType, path: String,
                                key: SourceRange?, context: String) -> SpecValue? {
        switch type {
        case .integer(let lo, let hi):
            guard let scalar = plainScalar(node, expected: "an integer", context: context) else { return nil }
            guard Self.isInteger(scalar.text) else {
                return typeError(node, expected: "an integer", context: context,
                                 help: Self.isNumber(scalar.text) ? "write a whole number" : nil)
            }
            guard let v = Int(scalar.text.hasPrefix("+") ? String(scalar.text.dropFirst()) : scalar.text), v >= lo, v <= hi else {
                report(Diagnostic(.outOfRange, "\(context): \(scalar.text) is out of range; expected \(type.summary)", at: node.range))
                return nil
            }
            return .int(v)
        case .number(let lo, let hi, let exclusive):
            guard let scalar = plainScalar(node, expected: "a number", context: context) else { return nil }
            guard Self.isNumber(scalar.text), let v = Double(scalar.text), v.isFinite else {
                return typeError(node, expected: "a number", context: context, help: nil)
            }
            guard v <= hi, exclusive ? v > lo : v >= lo else {
                report(Diagnostic(.outOfRange, "\(context): \(scalar.text) is out of range; expected \(type.summary)", at: node.range))
                return nil
            }
            return .number(v)
        case .boolean:
            guard let scalar = plainScalar(node, expected: "true or false", context: context) else { return nil }
            switch scalar.text {
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            default:
                let yaml11 = ["yes", "no", "on", "off", "y", "n"].contains(scalar.text.lowercased())
                return typeError(node, expected: "true or false", context: context,
                                 help: yaml11 ? "YAML 1.1 spellings are not booleans here; write true or false" : nil)
            }
        case .string(let format):
            guard case .scalar(let scalar) = node else { return typeError(node, expected: "a string", context: context, help: nil) }
            if !scalar.quoted && scalar.text.isEmpty { return typeError(node, expected: "a string", context: context, help: nil) }
            if format == .name && !Self.isName(scalar.text) {
                report(Diagnostic(.invalidName, "\(context): '\(scalar.text)' is not a valid name", at: node.range,
                                  help: "names start with a lowercase letter and use lowercase letters, digits, '_' and '-' (at most 64)"))
                return nil
            }
            return .string(scalar.text)
        case .enumeration(let words):
            guard case .scalar(let scalar) = node, !(scalar.text.isEmpty && !scalar.quoted) else {
                return typeError(node, expected: "one of \(words.joined(separator: ", "))", context: context, help: nil)
            }
            guard words.contains(scalar.text) else {
                report(Diagnostic(.notAllowedValue,
                                  "\(context): '\(scalar.text)' is not one of \(words.joined(separator: ", "))",
                                  at: node.range, help: Suggestion.help(for: scalar.text, among: words)))
                return nil
            }
            return .string(scalar.text)
        case .reference:
            guard case .scalar(let scalar) = node, !scalar.text.isEmpty else {
                return typeError(node, expected: "a name", context: context, help: nil)
            }
            return .string(scalar.text)
        case .list(let element, let count):
            guard case .sequence(let items, _) = node else {
                return typeError(node, expected: "a list", context: context,
                                 help: node.isScalar ? "write a list, e.g. [\(node.scalarText)]" : nil)
            }
            guard count.contains(items.count) else {
                let n = count.lowerBound == count.upperBound ? "\(count.lowerBound)" :
                    count.upperBound >= 1 << 20 ? "at least \(count.lowerBound)" : "\(count.lowerBound) to \(count.upperBound)"
                report(Diagnostic(.wrongLength, "\(context): expected \(n) item\(n == "1" ? "" : "s"), found \(items.count)", at: node.range))
                return nil
            }
            return .list(items.enumerated().map { i, item in
                validate(item, as: element, path: SpecPath.join(path, String(i)), key: nil, context: context) ?? .null
            })
        case .block(let schema):
            return validateBlock(node, schema: schema, path: path, key: key, context: context.isEmpty ? schema.title : context, extraKeys: [])
        case .kinded(let family):
            return validateKinded(node, family: family, path: path, key: key, context: context)
        case .choice(let options):
            for option in options where option.accepts(node) {
                return validate(node, as: option, path: path, key: key, context: context)
            }
            return typeError(node, expected: type.summary, context: context, help: nil)
        case .named(let value, let fixed):
            guard case .mapping(let entries, _) = node else {
                return typeError(node, expected: "a mapping of names", context: context, help: nil)
            }
            var fields: [SpecField] = []
            for entry in entries {
                let entryPath = SpecPath.join(path, entry.key.text)
                if let parameter = fixed?.parameter(entry.key.text) {
                    if let v = validate(entry.value, as: parameter.type, path: entryPath, key: entry.key.range, context: "\(context) '\(entry.key.text)'") {
                        fields.append(SpecField(entry.key.text, v))
                    }
                    continue
                }
                if entry.value.isScalar, let fixed, Synonyms.key(entry.key.text, in: context, allowed: []) != nil
                    || Suggestion.closest(to: entry.key.text, among: fixed.parameters.map(\.name)) != nil {
                    reportUnknownKey(entry.key, in: context, allowed: fixed.parameters.map(\.name), node: node, path: path)
                    continue
                }
                guard Self.isName(entry.key.text) else {
                    report(Diagnostic(.invalidName, "'\(entry.key.text)' is not a valid name", at: entry.key.range,
                                      help: "names start with a lowercase letter and use lowercase letters, digits, '_' and '-' (at most 64)"))
                    continue
                }
                if let v = validate(entry.value, as: value, path: entryPath, key: entry.key.range, context: "'\(entry.key.text)'") {
                    fields.append(SpecField(entry.key.text, v))
                }
            }
            for parameter in fixed?.parameters ?? [] where node[parameter.name] == nil {
                if let d = parameter.defaultValue, !invalid.contains(SpecPath.join(path, parameter.name)) {
                    fields.append(SpecField(parameter.name, d))
                }
            }
            // Invalid entries are dropped (their errors are reported); the map itself stays
            // usable so references to the valid ones still resolve.
            return .map(fields)
        }
    }

    /// Validates a mapping with fixed parameters. `extraKeys` are keys handled by the
    /// caller (such as `kind`). Absent optional parameters get their defaults.
    mutating func validateBlock(_ node: YAMLNode, schema: BlockSchema, path: String, key: SourceRange?,
                                context: String, extraKeys: [String]) -> SpecValue? {
        guard case .mapping(let entries, _) = node else {
            return typeError(node, expected: "a mapping", context: context, help: nil)
        }
        var fields: [SpecField] = []
        let names = schema.parameters.map(\.name)
        for entry in entries where !extraKeys.contains(entry.key.text) && schema.parameter(entry.key.text) == nil {
            reportUnknownKey(entry.key, in: context, allowed: names, node: node, path: path)
        }
        for parameter in schema.parameters {
            let childPath = SpecPath.join(path, parameter.name)
            if let entry = entries.first(where: { $0.key.text == parameter.name }) {
                if let v = validate(entry.value, as: parameter.type, path: childPath, key: entry.key.range,
                                    context: "\(context) '\(parameter.name)'") {
                    fields.append(SpecField(parameter.name, v))
                }
            } else if invalid.contains(childPath) {
                continue  // a misspelt key meant it: already reported
            } else if parameter.required {
                report(Diagnostic(.missingKey, "\(context) is missing required key '\(parameter.name)'" + deletion(childPath),
                                  at: deleted[childPath] ?? key ?? node.range, help: "add '\(parameter.name):' (\(parameter.doc))"))
                invalid.insert(childPath)
            } else {
                fields.append(SpecField(parameter.name, parameter.defaultValue ?? .null))
            }
        }
        return .map(fields)
    }

    /// Reports the unknown key `key` of the mapping `node` at `path`, with the key it probably
    /// meant (an ecosystem synonym, else the closest allowed key), which is then marked unknown
    /// (not reported missing, nothing checked against its default).
    mutating func reportUnknownKey(_ key: YAMLScalar, in context: String, allowed names: [String], node: YAMLNode, path: String) {
        let synonym = Synonyms.key(key.text, in: context, allowed: names)
        let near = synonym == nil ? Suggestion.closest(to: key.text, among: names) : synonym?.key
        let help = synonym?.help ?? near.map { "did you mean '\($0)'?" } ?? "allowed keys: \(names.joined(separator: ", "))"
        report(Diagnostic(.unknownKey, path.isEmpty ? "unknown top-level key '\(key.text)'" : "unknown key '\(key.text)' in \(context)",
                          at: key.range, help: help))
        if let near, node[near] == nil { invalid.insert(SpecPath.join(path, near)) }
    }

    private mutating func validateKinded(_ node: YAMLNode, family: Family, path: String, key: SourceRange?,
                                         context: String) -> SpecValue? {
        let kindNames = Registry.kinds(family).map(\.name)
        let kindNode: YAMLNode
        switch node {
        case .scalar:
            kindNode = node
        case .mapping(let entries, _):
            guard let k = entries.first(where: { $0.key.text == "kind" }) else {
                let type = entries.first { $0.key.text == "type" }.map { "; `type` is LeRobot's name for it: write kind: \($0.value.scalarText)" } ?? ""
                let kindPath = SpecPath.join(path, "kind")
                report(Diagnostic(.missingKey, "\(context.isEmpty ? family.rawValue : context) is missing required key 'kind'" + deletion(kindPath),
                                  at: deleted[kindPath] ?? key ?? node.range, help: "add 'kind:', one of \(kindNames.joined(separator: ", "))" + type))
                return nil
            }
            kindNode = k.value
            sourceMap.record(SpecPath.join(path, "kind"), value: k.value.range, key: k.key.range)
        case .sequence:
            return typeError(node, expected: "a \(family.rawValue) kind name or mapping", context: context, help: nil)
        }
        guard case .scalar(let kindScalar) = kindNode, !kindScalar.text.isEmpty else {
            return typeError(kindNode, expected: "a \(family.rawValue) kind name", context: context, help: nil)
        }
        guard let kind = Registry.kind(family, kindScalar.text) else {
            report(Diagnostic(.unknownKind, "unknown \(family.rawValue) kind '\(kindScalar.text)'", at: kindNode.range,
                              help: Synonyms.kind(kindScalar.text, family: family)?.help
                                ?? Suggestion.help(for: kindScalar.text, among: kindNames)
                                ?? "known kinds: \(kindNames.joined(separator: ", "))"))
            return nil
        }
        let title = "\(kind.name) \(family.rawValue)" + (context.hasPrefix("'") ? " \(context)" : "")
        let body: YAMLNode = node.isScalar ? .mapping([], node.range) : node
        let fields = validateBlock(body, schema: kind.schema, path: path, key: key ?? node.range,
                                   context: title, extraKeys: ["kind"])?.fields ?? []
        return .map([SpecField("kind", .string(kind.name))] + fields)
    }

    private mutating func plainScalar(_ node: YAMLNode, expected: String, context: String) -> YAMLScalar? {
        guard case .scalar(let scalar) = node, !scalar.quoted, !scalar.text.isEmpty else {
            let quotedHelp: String? = {
                if case .scalar(let s) = node, s.quoted, !s.text.isEmpty { return "remove the quotes" }
                return nil
            }()
            _ = typeError(node, expected: expected, context: context, help: quotedHelp)
            return nil
        }
        return scalar
    }

    private mutating func typeError(_ node: YAMLNode, expected: String, context: String, help: String?) -> SpecValue? {
        let owner = context.isEmpty ? "" : "\(context): "
        report(Diagnostic(.wrongType, "\(owner)expected \(expected), found \(node.shapeDescription)", at: node.range, help: help))
        return nil
    }

    // MARK: Scalar syntax

    static func isInteger(_ s: String) -> Bool {
        var body = Substring(s)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        return !body.isEmpty && body.allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func isNumber(_ s: String) -> Bool {
        var chars = Substring(s)
        if chars.first == "-" || chars.first == "+" { chars = chars.dropFirst() }
        var mantissa = chars, exponent: Substring?
        if let e = chars.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = chars[..<e]
            exponent = chars[chars.index(after: e)...]
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              parts.contains(where: { !$0.isEmpty }) else { return false }
        if var exp = exponent {
            if exp.first == "-" || exp.first == "+" { exp = exp.dropFirst() }
            guard !exp.isEmpty, exp.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        }
        return true
    }

    static func isName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, ("a"..."z").contains(first), s.unicodeScalars.count <= 64 else { return false }
        return s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }
}

extension YAMLNode {
    var isScalar: Bool { if case .scalar = self { return true }; return false }
    var scalarText: String { if case .scalar(let s) = self { return s.text }; return "" }
}

extension ValueType {
    /// Whether a node has the right shape for this type (used to pick a `.choice`).
    func accepts(_ node: YAMLNode) -> Bool {
        switch (self, node) {
        case (.list, .sequence), (.block, .mapping), (.named, .mapping), (.kinded, .mapping), (.kinded, .scalar): return true
        case (.integer, .scalar), (.number, .scalar), (.boolean, .scalar), (.string, .scalar),
             (.enumeration, .scalar), (.reference, .scalar): return true
        case (.choice(let options), _): return options.contains { $0.accepts(node) }
        default: return false
        }
    }
}
