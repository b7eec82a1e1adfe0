/// `--set a.b.c=value` overrides, applied to the merged tree before validation.
///
/// Each override becomes a pseudo-file named `--set[N]` holding the argument, so a wrong
/// value is reported with a caret under it like any other (renderers show it as the
/// command-line argument, never as a file: ``OverrideSource``). The value is YAML (so lists
/// and mappings work: `--set head.condition=[vision,text]`) and is typed by the schema
/// like values in files. A path component picks a list entry by index or by name
/// (`recipe.stages.0.steps`, `recipe.stages.imitation.steps`: ``ListAddress``); the value
/// `null` deletes the key or list entry (`--set action.execute=null`).
/// `include` cannot be overridden (includes are resolved when the file is read).
struct Override {
    let argument: String
    let index: Int
    var name: String { OverrideSource.path(index) }

    /// Applies the override to `root`. Returns the new root, the pseudo-file for the
    /// argument and diagnostics.
    func apply(to root: YAMLNode, limits: Limits) -> (YAMLNode, SourceFile, [Diagnostic]) {
        let file = SourceFile(path: name, text: argument)
        guard let equals = argument.firstIndex(of: "=") else {
            return (root, file, [problem("expected KEY.PATH=VALUE, found no '='", column: 1, length: argument.count)])
        }
        let pathText = String(argument[..<equals])
        let prefixLength = pathText.unicodeScalars.count + 1
        var segments: [(String, SourceRange)] = []
        var column = 1
        for part in pathText.split(separator: ".", omittingEmptySubsequences: false) {
            let length = part.unicodeScalars.count
            if part.isEmpty {
                return (root, file, [problem("empty key in '\(pathText)'", column: column, length: 1)])
            }
            segments.append((String(part), SourceRange(file: name, line: 1, column: column, length: length)))
            column += length + 1
        }
        if segments[0].0 == "include" {
            return (root, file, [Diagnostic(.badOverride, "'include' cannot be set with --set: a spec's includes are read with the file, before overrides apply",
                                            at: segments[0].1, help: "edit the spec's include list, or write a small spec that includes both files")])
        }
        let padded = String(repeating: " ", count: prefixLength) + argument[argument.index(after: equals)...]
        let read = YAMLReader(limits: limits).read(Array(padded.utf8), path: name)
        if !read.diagnostics.isEmpty { return (root, file, read.diagnostics) }
        let value = read.root ?? .scalar(YAMLScalar(text: "", quoted: false,
                                                 range: SourceRange(file: name, line: 1, column: prefixLength + 1)))
        var diagnostics: [Diagnostic] = []
        let updated = set(value, at: segments[...], in: root, path: "", diagnostics: &diagnostics)
        return (updated, file, diagnostics)
    }

    private func problem(_ message: String, column: Int, length: Int) -> Diagnostic {
        Diagnostic(.badOverride, message, at: SourceRange(file: name, line: 1, column: column, length: length),
                   help: "write --set head.depth=6 or --set recipe.stages.imitation.steps=100")
    }

    /// `node` (the value at `nodePath`) with `value` set at the rest of the path `path`.
    private func set(_ value: YAMLNode, at path: ArraySlice<(String, SourceRange)>, in node: YAMLNode, path nodePath: String,
                     diagnostics: inout [Diagnostic]) -> YAMLNode {
        guard let (key, keyRange) = path.first else { return value }
        let rest = path.dropFirst()
        let childPath = SpecPath.join(nodePath, key)
        let deletes = rest.isEmpty && value.isNull
        switch node {
        case .mapping(var entries, let range):
            if let i = entries.firstIndex(where: { $0.key.text == key }) {
                if deletes {
                    // A null mark keyed at the argument: removed once every override is applied,
                    // and where a required key it deleted is reported.
                    entries[i] = YAMLEntry(key: YAMLScalar(text: key, quoted: false, range: keyRange), value: value)
                } else {
                    entries[i].value = set(value, at: rest, in: entries[i].value, path: childPath, diagnostics: &diagnostics)
                }
            } else if !value.isNull {
                let fresh = YAMLNode.mapping([], keyRange)
                entries.append(YAMLEntry(key: YAMLScalar(text: key, quoted: false, range: keyRange),
                                         value: set(value, at: rest, in: rest.isEmpty ? value : fresh, path: childPath, diagnostics: &diagnostics)))
            }
            return .mapping(entries, range)
        case .sequence(var items, let range):
            switch ListAddress.resolve(key, in: items, at: nodePath) {
            case .success(let i):
                if deletes {
                    items.remove(at: i)
                } else {
                    items[i] = set(value, at: rest, in: items[i], path: childPath, diagnostics: &diagnostics)
                }
            case .failure(let problem):
                diagnostics.append(Diagnostic(.badOverride, problem.message, at: keyRange, help: problem.help))
            }
            return .sequence(items, range)
        case .scalar:
            diagnostics.append(Diagnostic(.badOverride, "cannot set '\(key)' inside a value that is not a mapping or list",
                                          at: keyRange, notes: [DiagnosticNote("the value is here", at: node.range)]))
            return node
        }
    }
}
