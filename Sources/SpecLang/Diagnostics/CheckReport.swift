/// Output formats of `polspec check`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case human, json, github, markdown
}

/// How a report is rendered besides its format.
public struct ReportOptions: Sendable {
    /// Human and GitHub output show at most this many diagnostics per run, then how many more
    /// there are (nil: all). JSON and Markdown always hold every one.
    public var limit: Int?
    /// `-v`: the per-component estimate table and the hashes.
    public var verbose: Bool
    /// GitHub output puts the diagnostics on these lines first (the lines a pull request
    /// changed: GitHub shows a limited number of annotations per step).
    public var changedLines: ChangedLines?

    /// The default of ``limit``.
    public static let defaultLimit = 50

    public init(limit: Int? = ReportOptions.defaultLimit, verbose: Bool = false, changedLines: ChangedLines? = nil) {
        self.limit = limit
        self.verbose = verbose
        self.changedLines = changedLines
    }
}

/// Lines of files that a change touched, by the path diagnostics give the file.
public struct ChangedLines: Sendable, Hashable {
    /// Changed lines (1-based) per file.
    public var lines: [String: Set<Int>]
    /// Files that are new: every line counts as changed.
    public var newFiles: Set<String>

    public init(_ lines: [String: Set<Int>], newFiles: Set<String> = []) {
        self.lines = lines
        self.newFiles = newFiles
    }

    /// Whether `range` starts or ends on a changed line.
    public func contains(_ range: SourceRange?) -> Bool {
        guard let range else { return false }
        if newFiles.contains(range.file) { return true }
        guard let changed = lines[range.file] else { return false }
        return changed.contains(range.start.line) || changed.contains(range.end.line)
    }
}

/// Renders the results of checking several specs in one of the ``ReportFormat``s.
public enum CheckReport {
    public static func render(_ results: [CheckResult], format: ReportFormat, options: ReportOptions = ReportOptions()) -> String {
        switch format {
        case .human: return human(results, options: options)
        case .json: return json(results)
        case .github: return github(results, options: options)
        case .markdown: return markdown(results)
        }
    }

    /// The line that ends a capped list: how many diagnostics were left out.
    static func capNote(_ hidden: Int) -> String {
        "... \(hidden) more diagnostic\(hidden == 1 ? "" : "s") not shown (`polspec check --max-diagnostics 0` shows every one)\n"
    }

    /// The one-line summary of a clean spec.
    static func summary(_ result: CheckResult, _ spec: Spec) -> String {
        let total = spec.estimate.total
        return "ok  \(TerminalText.escaped(result.file))  \(spec.name)  \(Quantity.count(total.parameters)) params  "
            + "\(Quantity.count(total.flops))FLOPs/call  \(Quantity.bytes(spec.estimate.peakActivationBytes)) activations"
            + (result.runs.map { "  (\($0.summary))" } ?? "") + "\n"
    }

    /// The per-component table of `--verbose`: a row per component, then the total.
    static func table(_ estimate: ResourceEstimate) -> String {
        let header = ["component", "kind", "params", "FLOPs/call", "activations"]
        let rows = estimate.components.map {
            [$0.name, $0.kind, Quantity.count($0.cost.parameters), Quantity.count($0.cost.flops), Quantity.bytes($0.activationBytes)]
        } + [["total", "", Quantity.count(estimate.total.parameters), Quantity.count(estimate.total.flops),
              Quantity.bytes(estimate.peakActivationBytes)]]
        let widths = header.indices.map { i in ([header] + rows).map { $0[i].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { i, cell in
                let fill = String(repeating: " ", count: widths[i] - cell.count)
                return i < 2 ? cell + fill : fill + cell
            }
            return "    " + padded.joined(separator: "  ") + "\n"
        }
        return ([header] + rows).map(line).joined()
    }

    static func human(_ results: [CheckResult], options: ReportOptions) -> String {
        var out = ""
        var shown = 0, hidden = 0
        for result in results {
            for d in result.diagnostics {
                if let limit = options.limit, shown >= limit { hidden += 1; continue }
                out += DiagnosticRenderer.human(d, sources: result.sources)
                shown += 1
            }
            guard let spec = result.spec else { continue }
            out += summary(result, spec)
            if options.verbose {
                out += table(spec.estimate)
                out += "    hash \(spec.hash)\n"
                out += "      interface    \(spec.hashes.interface)\n      architecture \(spec.hashes.architecture)\n"
                    + "      recipe       \(spec.hashes.recipe)\n"
            }
        }
        if hidden > 0 { out += capNote(hidden) }
        let errors = results.reduce(0) { $0 + $1.errorCount }, warnings = results.reduce(0) { $0 + $1.warningCount }
        let notes = results.reduce(0) { $0 + $1.noteCount }
        let failed = results.filter(\.hasErrors).count
        if errors > 0 || warnings > 0 || notes > 0 || results.count > 1 {
            out += "\(results.count) spec\(results.count == 1 ? "" : "s") checked: \(results.count - failed) ok, \(failed) with errors; "
                + "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
                + (notes > 0 ? ", \(notes) note\(notes == 1 ? "" : "s")" : "") + "\n"
        }
        return out
    }

    static func json(_ results: [CheckResult]) -> String {
        let specs: [SpecValue] = results.map { result in
            let read = result.sources.files.keys.filter { OverrideSource.index(of: $0) == nil }.sorted { a, b in
                (a == result.file ? 0 : 1, a) < (b == result.file ? 0 : 1, b)
            }
            var fields = [SpecField("file", .string(result.file)), SpecField("files", .list(read.map(SpecValue.string))),
                          SpecField("valid", .bool(!result.hasErrors))]
            if let spec = result.spec {
                let total = spec.estimate.total
                fields += [
                    SpecField("name", .string(spec.name)),
                    SpecField("hash", .string(spec.hash)),
                    SpecField("hashes", .map([SpecField("interface", .string(spec.hashes.interface)),
                                              SpecField("architecture", .string(spec.hashes.architecture)),
                                              SpecField("recipe", .string(spec.hashes.recipe))])),
                    SpecField("parameters", .int(total.parameters)),
                    SpecField("flops_per_call", .int(total.flops)),
                    SpecField("activation_bytes", .int(spec.estimate.peakActivationBytes)),
                ]
                if let runs = result.runs {
                    fields.append(SpecField("suites", .list(runs.suites.map(SpecValue.string))))
                }
                fields += [
                    SpecField("components", .list(spec.estimate.components.map { c in
                        .map([SpecField("name", .string(c.name)), SpecField("kind", .string(c.kind)),
                              SpecField("parameters", .int(c.cost.parameters)), SpecField("flops_per_call", .int(c.cost.flops)),
                              SpecField("activation_bytes", .int(c.activationBytes))])
                    })),
                ]
            }
            fields.append(SpecField("diagnostics", .list(result.diagnostics.map(DiagnosticRenderer.jsonValue))))
            return .map(fields)
        }
        let document = SpecValue.map([
            SpecField("format_version", .int(1)),
            SpecField("valid", .bool(!results.contains(where: \.hasErrors))),
            SpecField("error_count", .int(results.reduce(0) { $0 + $1.errorCount })),
            SpecField("warning_count", .int(results.reduce(0) { $0 + $1.warningCount })),
            SpecField("note_count", .int(results.reduce(0) { $0 + $1.noteCount })),
            SpecField("specs", .list(specs)),
        ])
        return document.prettyJSON + "\n"
    }

    /// Workflow commands, the diagnostics on ``ReportOptions/changedLines`` first, at most
    /// ``ReportOptions/limit`` of them; then the summary of each clean spec.
    static func github(_ results: [CheckResult], options: ReportOptions) -> String {
        let all = results.flatMap { result in result.diagnostics.map { (diagnostic: $0, sources: result.sources) } }
        let changed = all.filter { options.changedLines?.contains($0.diagnostic.range) == true }
        let ordered = changed + all.filter { options.changedLines?.contains($0.diagnostic.range) != true }
        let shown = options.limit.map { Array(ordered.prefix($0)) } ?? ordered
        var out = shown.map { DiagnosticRenderer.github($0.diagnostic, sources: $0.sources) + "\n" }.joined()
        if shown.count < ordered.count { out += capNote(ordered.count - shown.count) }
        for result in results { if let spec = result.spec { out += summary(result, spec) } }
        return out
    }

    /// The whole report as Markdown (for `$GITHUB_STEP_SUMMARY` and pull-request comments): a
    /// table with a row per spec, then every diagnostic as `polspec check` prints it.
    static func markdown(_ results: [CheckResult]) -> String {
        let errors = results.reduce(0) { $0 + $1.errorCount }, warnings = results.reduce(0) { $0 + $1.warningCount }
        var out = "## polspec check\n\n"
        out += "\(results.count) spec\(results.count == 1 ? "" : "s"): \(results.filter { !$0.hasErrors }.count) ok, "
            + "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n\n"
        out += "| spec | name | result | parameters | FLOPs/call | activations |\n| --- | --- | --- | ---: | ---: | ---: |\n"
        for result in results {
            let status = result.hasErrors ? "❌ \(result.errorCount) error\(result.errorCount == 1 ? "" : "s")"
                : (result.warningCount > 0 ? "⚠️ \(result.warningCount) warning\(result.warningCount == 1 ? "" : "s")" : "✅ ok")
            let cells: [String]
            if let spec = result.spec {
                cells = [spec.name, status, Quantity.count(spec.estimate.total.parameters), Quantity.count(spec.estimate.total.flops),
                         Quantity.bytes(spec.estimate.peakActivationBytes)]
            } else {
                cells = ["", status, "", "", ""]
            }
            out += "| " + ([MarkdownText.code(result.file)] + cells.map(MarkdownText.cell)).joined(separator: " | ") + " |\n"
        }
        let diagnostics = results.flatMap { result in result.diagnostics.map { DiagnosticRenderer.human($0, sources: result.sources) } }
        if !diagnostics.isEmpty { out += "\n" + MarkdownText.fence(diagnostics.joined()) }
        return out
    }
}
