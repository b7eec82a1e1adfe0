/// The pseudo-files that hold `--set` arguments while a spec is checked.
///
/// An override's text is read like a file (so its value is typed and located like any other),
/// under the path `--set[N]` (the N-th `--set`, 1-based). That path is no file a reader can
/// open: the renderers show such a range as the command-line argument (`--set head.depth=five`)
/// and never as a file (no `file=` in a GitHub annotation).
public enum OverrideSource {
    /// The pseudo-path of the `index`-th (1-based) `--set` argument.
    public static func path(_ index: Int) -> String { "--set[\(index)]" }

    /// The 1-based index of the `--set` argument whose pseudo-path is `path`, or nil for a file.
    public static func index(of path: String) -> Int? {
        guard path.hasPrefix("--set["), path.hasSuffix("]") else { return nil }
        return Int(path.dropFirst("--set[".count).dropLast())
    }

    /// How messages name the override at `path`: `--set head.depth=five` (the argument, when
    /// `sources` holds it), else `--set #N`.
    public static func describe(_ path: String, sources: SourceStore?) -> String? {
        guard let index = index(of: path) else { return nil }
        if let text = sources?[path]?.text { return "--set " + TerminalText.escaped(text) }
        return "--set #\(index)"
    }
}
