/// Deep merge of YAML trees for `include:`: mappings merge key by key (the overlay wins and
/// keeps its own source range), anything else — lists included — is replaced whole.
enum Merge {
    static func merge(base: YAMLNode, overlay: YAMLNode) -> YAMLNode {
        guard case .mapping(var entries, _) = base, case .mapping(let overEntries, let range) = overlay else {
            return overlay
        }
        for entry in overEntries {
            if let i = entries.firstIndex(where: { $0.key.text == entry.key.text }) {
                entries[i] = YAMLEntry(key: entry.key, value: merge(base: entries[i].value, overlay: entry.value))
            } else {
                entries.append(entry)
            }
        }
        return .mapping(entries, range)
    }
}
