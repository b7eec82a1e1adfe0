/// Puts mapping keys in the registry's declaration order, walking the document with the
/// schema: the top level in `polspec`, `name`, ... order; a component's `kind` first, then
/// its parameters as its kind declares them; nested blocks likewise. User-chosen names
/// (observations, encoders) keep their order, with fixed keys (`history`) after them.
/// Keys the schema does not know follow the known ones in their written order, and
/// anything the schema cannot place (an unknown kind, a value of the wrong shape) keeps
/// its order.
enum KeyOrder {
    /// The document root in canonical order.
    static func document(_ root: LayoutNode) -> LayoutNode {
        apply(root, as: .block(Registry.document))
    }

    static func apply(_ node: LayoutNode, as type: ValueType?) -> LayoutNode {
        switch node {
        case .scalar:
            return node
        case .sequence(let items, let span):
            var element: ValueType?
            if case .list(let e, _)? = type { element = e }
            if case .choice(let options)? = type { element = options.compactMap { if case .list(let e, _) = $0 { return e }; return nil }.first }
            return .sequence(items.map { LayoutItem(value: apply($0.value, as: element), trivia: $0.trivia) }, span)
        case .mapping(let entries, let span):
            let (ordered, types) = order(entries, as: mappingType(type))
            return .mapping(ordered.map { entry in
                var entry = entry
                entry.value = apply(entry.value, as: types(entry.name))
                return entry
            }, span)
        }
    }

    /// The type a mapping node has under `type` (the mapping alternative of a choice).
    private static func mappingType(_ type: ValueType?) -> ValueType? {
        guard case .choice(let options)? = type else { return type }
        return options.first { if case .block = $0 { return true }; if case .kinded = $0 { return true }; if case .named = $0 { return true }; return false }
    }

    /// The entries in canonical order, and the type of each key's value.
    private static func order(_ entries: [LayoutEntry], as type: ValueType?) -> ([LayoutEntry], (String) -> ValueType?) {
        switch type {
        case .block(let schema)?:
            return (byDeclaration(entries, schema.parameters.map(\.name)), { schema.parameter($0)?.type })
        case .kinded(let family)?:
            let kindName = entries.first { $0.name == "kind" }.flatMap { entry -> String? in
                if case .scalar(let s) = entry.value { return s.inlineText }
                return nil
            }
            guard let kindName, let kind = Registry.kind(family, kindName) else {
                return (byDeclaration(entries, ["kind"]), { _ in nil })
            }
            return (byDeclaration(entries, ["kind"] + kind.schema.parameters.map(\.name)), { kind.schema.parameter($0)?.type })
        case .named(let value, let fixed)?:
            let fixedNames = fixed?.parameters.map(\.name) ?? []
            let named = entries.filter { !fixedNames.contains($0.name) }
            let fixedEntries = fixedNames.compactMap { name in entries.first { $0.name == name } }
            return (named + fixedEntries, { name in fixed?.parameter(name)?.type ?? value })
        default:
            return (entries, { _ in nil })
        }
    }

    /// Entries named in `names` in that order, then the others in their written order.
    private static func byDeclaration(_ entries: [LayoutEntry], _ names: [String]) -> [LayoutEntry] {
        let known = names.compactMap { name in entries.first { $0.name == name } }
        return known + entries.filter { !names.contains($0.name) }
    }
}
