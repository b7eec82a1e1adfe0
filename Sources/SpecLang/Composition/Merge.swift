/// Deep merge of YAML trees for `include:`.
///
/// - Mappings merge key by key: the overlay's value wins (merged deeply when both are
///   mappings) and keeps its own source range.
/// - A `null` (or `~`) value deletes the key: the null stays as a mark, so that it also deletes
///   the key from bases merged before, and is removed once everything is merged
///   (``YAMLNode/withoutNulls``).
/// - A mapping over a list addresses the list's entries by `name` (or index):
///   `stages: {imitation: {steps: 100}}` merges into the stage named `imitation`, and
///   `stages: {pretrain: null}` deletes that stage. An address that picks no entry is E0505.
/// - Anything else, a list over a list included, replaces the base value whole.
enum Merge {
    /// `overlay` merged over `base`, the values at `path` (for messages).
    static func merge(base: YAMLNode, overlay: YAMLNode, path: String = "", diagnostics: inout [Diagnostic]) -> YAMLNode {
        switch (base, overlay) {
        case (.mapping(var entries, _), .mapping(let overEntries, let range)):
            for entry in overEntries {
                if let i = entries.firstIndex(where: { $0.key.text == entry.key.text }) {
                    let value = entry.value.isNull ? entry.value
                        : merge(base: entries[i].value, overlay: entry.value, path: SpecPath.join(path, entry.key.text), diagnostics: &diagnostics)
                    entries[i] = YAMLEntry(key: entry.key, value: value)
                } else {
                    entries.append(entry)
                }
            }
            return .mapping(entries, range)
        case (.sequence(let items, let range), .mapping(let overEntries, _)):
            var merged: [YAMLNode?] = items
            for entry in overEntries {
                switch ListAddress.resolve(entry.key.text, in: items, at: path) {
                case .success(let i):
                    merged[i] = entry.value.isNull ? nil
                        : merge(base: merged[i] ?? items[i], overlay: entry.value, path: SpecPath.join(path, entry.key.text), diagnostics: &diagnostics)
                case .failure(let problem):
                    diagnostics.append(Diagnostic(.unknownListEntry, problem.message, at: entry.key.range,
                                                  notes: [DiagnosticNote("the list is here", at: range)], help: problem.help))
                }
            }
            return .sequence(merged.compactMap { $0 }, range)
        default:
            return overlay
        }
    }
}
