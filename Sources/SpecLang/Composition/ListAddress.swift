/// How a path component of `--set`, or a key of an including file's mapping, picks an entry
/// of a list: an index (`recipe.stages.0`) or, in a list of named mappings, the entry's
/// `name` (`recipe.stages.imitation`).
enum ListAddress {
    /// Why an address picks no entry.
    struct Problem: Error {
        var message: String
        var help: String?
    }

    /// The `name` of a list item that is a mapping with a plain `name` value.
    static func name(of item: YAMLNode) -> String? {
        if case .scalar(let name)? = item["name"], !name.text.isEmpty { return name.text }
        return nil
    }

    /// The index of the entry `key` addresses in `items`, the list at `path` (for messages).
    static func resolve(_ key: String, in items: [YAMLNode], at path: String) -> Result<Int, Problem> {
        let list = path.isEmpty ? "this list" : "'\(path)'"
        let names = items.compactMap(name(of:))
        if Validator.isInteger(key), !key.hasPrefix("+"), !key.hasPrefix("-") {
            if let i = Int(key), i < items.count { return .success(i) }
            return .failure(Problem(message: "'\(key)' is not an index of \(list), a list of \(items.count) item\(items.count == 1 ? "" : "s")",
                                    help: items.isEmpty ? nil : "use an index from 0 to \(items.count - 1)"
                                        + (names.isEmpty ? "" : ", or an entry's name: \(names.joined(separator: ", "))")))
        }
        if let i = items.firstIndex(where: { name(of: $0) == key }) { return .success(i) }
        if names.isEmpty {
            return .failure(Problem(message: "'\(key)' names no entry of \(list): its items have no names",
                                    help: items.isEmpty ? "the list is empty" : "address an item by its index, 0 to \(items.count - 1)"))
        }
        return .failure(Problem(message: "\(list) has no entry named '\(key)'",
                                help: Suggestion.help(for: key, among: names) ?? "its entries are \(names.joined(separator: ", "))"))
    }
}
