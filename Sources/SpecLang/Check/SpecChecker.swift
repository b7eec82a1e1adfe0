import Foundation

/// Checks spec files: load (with includes), apply `--set` overrides, validate against the
/// registry, resolve ports, run the type rules and estimate resources.
///
/// ```swift
/// let result = SpecChecker.check(file: "specs/dita.yaml")
/// if let spec = result.spec { print(spec.estimate.total.parameters) }
/// ```
public enum SpecChecker {
    /// Checks the spec file at `path` (relative paths resolve against the working directory).
    public static func check(file path: String, options: CheckOptions = CheckOptions()) -> CheckResult {
        var loader = SpecLoader(limits: options.limits, files: options.files)
        let root = loader.load(path: path)
        return finish(loader: loader, root: root, file: path, options: options)
    }

    /// Checks `text` as if it were the file `path` (includes resolve relative to `path`).
    public static func check(text: String, path: String, options: CheckOptions = CheckOptions()) -> CheckResult {
        check(bytes: Array(text.utf8), path: path, options: options)
    }

    /// Checks raw `bytes` as if they were the file `path`.
    public static func check(bytes: [UInt8], path: String, options: CheckOptions = CheckOptions()) -> CheckResult {
        var loader = SpecLoader(limits: options.limits, files: options.files)
        let root = loader.load(bytes: bytes, path: path)
        return finish(loader: loader, root: root, file: path, options: options)
    }

    private static func finish(loader: SpecLoader, root: YAMLNode?, file: String, options: CheckOptions) -> CheckResult {
        var sources = loader.sources
        var diagnostics = loader.diagnostics
        var runs: RunSupport?
        var tree: YAMLNode?
        func result(_ spec: Spec?) -> CheckResult {
            CheckResult(file: file, spec: spec, diagnostics: Diagnostic.sortedAndUnique(diagnostics),
                        sources: sources, files: loader.files, runs: runs, tree: tree)
        }
        guard loader.isComplete else { return result(nil) }
        guard var root, case .mapping = root else {
            let at = root?.range ?? SourceRange(file: file, line: 1, column: 1)
            diagnostics.append(Diagnostic(.notAMapping, root == nil ? "the spec is empty" : "a spec is a mapping of keys, found \(root!.shapeDescription)",
                                          at: at, help: "start with 'polspec: 1' and 'name: ...'"))
            return result(nil)
        }
        for (i, argument) in options.overrides.enumerated() {
            let (updated, pseudoFile, problems) = Override(argument: argument, index: i + 1).apply(to: root, limits: options.limits)
            root = updated
            sources.add(pseudoFile)
            diagnostics += problems
        }
        let (stripped, deleted) = root.removingNulls()
        root = stripped
        tree = root
        var analyzer = SpecAnalyzer(file: file, limits: options.limits, deleted: deleted)
        var spec = analyzer.analyze(root)
        spec?.sourceFiles = loader.read
        spec?.overrides = options.overrides
        diagnostics += analyzer.diagnostics
        let hasErrors = diagnostics.contains { $0.severity == .error }
        if !hasErrors, let spec, let ask = options.runSupport {
            runs = ask(spec)
            diagnostics += runs?.notes ?? []
        }
        return result(hasErrors ? nil : spec)
    }
}
