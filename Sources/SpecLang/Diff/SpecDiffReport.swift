/// Output formats of `polspec diff`.
public enum DiffFormat: String, Sendable, CaseIterable {
    /// For a terminal.
    case text
    /// For a pull-request comment.
    case markdown
    case json
}

/// Renders a ``SpecDiff`` as text, Markdown (a pull-request comment) or JSON
/// (docs/cli.md, "diff").
public enum SpecDiffReport {
    public static func render(_ diff: SpecDiff, format: DiffFormat) -> String {
        switch format {
        case .text: return text(diff)
        case .markdown: return markdown(diff)
        case .json: return json(diff).prettyJSON + "\n"
        }
    }

    // MARK: Pieces shared by the formats

    /// `a → b (+d)` for two counts, `a` when equal, `—` for a missing side.
    static func change(_ a: Int?, _ b: Int?, _ show: (Int) -> String) -> String {
        switch (a, b) {
        case (nil, nil): return "—"
        case (let a?, nil): return "\(show(a)) → —"
        case (nil, let b?): return "— → \(show(b))"
        case (let a?, let b?):
            guard a != b else { return show(a) }
            let (d, overflow) = b.subtractingReportingOverflow(a)
            let delta = overflow || d == Int.min ? "" : " (\(d > 0 ? "+" : "−")\(show(abs(d))))"
            return "\(show(a)) → \(show(b))\(delta)"
        }
    }

    /// A value as YAML flow text, cut to `limit` characters.
    static func value(_ v: SpecValue?, limit: Int? = nil) -> String {
        guard let v else { return "—" }
        let text = v.yamlText
        guard let limit, text.count > limit else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }

    /// Where the new side wrote the value of a difference (for a removed value: the null that
    /// deleted it, else where the old side had it).
    static func origin(_ d: SpecDifference, _ diff: SpecDiff) -> String {
        guard d.change == .removed else { return ResolvedYAML.describe(d.newOrigin, sources: diff.new.sources) }
        if let deleted = d.newOrigin { return "deleted by " + ResolvedYAML.describe(deleted, sources: diff.new.sources) }
        return ResolvedYAML.describe(d.oldOrigin, sources: diff.old.sources)
    }

    static func list(_ names: [String]) -> String { names.isEmpty ? "—" : names.joined(separator: ", ") }

    /// One line per compatibility class present: its title and how many differences it has.
    static func classCounts(_ diff: SpecDiff) -> [(CompatibilityClass, Int)] {
        diff.classes.map { c in (c, diff.differences.filter { $0.compatibility == c }.count) }
    }

    static func hashRows(_ diff: SpecDiff) -> [(String, String, String)] {
        let a = diff.old.spec.hashes, b = diff.new.spec.hashes
        func short(_ h: String) -> String { String(h.prefix(12)) }
        return [("interface", a.interface, b.interface), ("architecture", a.architecture, b.architecture), ("recipe", a.recipe, b.recipe)]
            .map { ($0.0, short($0.1), $0.1 == $0.2 ? "same" : short($0.2)) }
    }

    static func port(_ p: Port?) -> String { p?.description ?? "—" }

    static func stageCell(_ delta: StageDelta, _ read: (StageSummary) -> String) -> String {
        let a = delta.old.map(read), b = delta.new.map(read)
        if a == b { return a ?? "—" }
        return "\(a ?? "—") → \(b ?? "—")"
    }

    static func shape(_ dims: [Int]?) -> String { dims.map { "[" + $0.map(String.init).joined(separator: ", ") + "]" } ?? "—" }

    static func stageName(_ s: StageDelta) -> String { s.renamedFrom.map { "\($0) → \(s.name)" } ?? s.name }

    static func componentName(_ c: ComponentDelta) -> String { c.renamedFrom.map { "\($0) → \(c.name)" } ?? c.name }

    /// A row of the resources or stages table: its name, whether it changed, its cells.
    typealias Row = (name: String, changed: Bool, cells: [String])

    /// Per component its parameters, FLOPs per call and activations on each side, then the total
    /// (named `total`).
    static func resourceRows(_ diff: SpecDiff) -> [Row] {
        let e = diff.old.spec.estimate, f = diff.new.spec.estimate
        return diff.components.map { c in
            (componentName(c), c.isChanged, [change(c.old?.cost.parameters, c.new?.cost.parameters, Quantity.count),
                                            change(c.old?.cost.flops, c.new?.cost.flops, Quantity.count),
                                            change(c.old?.activationBytes, c.new?.activationBytes, Quantity.bytes)])
        } + [("total", false, [change(e.total.parameters, f.total.parameters, Quantity.count), change(e.total.flops, f.total.flops, Quantity.count),
                              change(e.peakActivationBytes, f.peakActivationBytes, Quantity.bytes)])]
    }

    /// Per stage its objective, steps, what it trains and freezes, and the parameters it trains.
    static func stageRows(_ diff: SpecDiff) -> [Row] {
        diff.stages.map { s in
            (stageName(s), s.isChanged, [stageCell(s) { $0.objective }, stageCell(s) { String($0.steps) }, stageCell(s) { list($0.trains) },
                                         stageCell(s) { list($0.freezes) }, change(s.old?.trainedParameters, s.new?.trainedParameters, Quantity.count)])
        }
    }

    // MARK: Text

    static func text(_ diff: SpecDiff) -> String {
        let e: (String) -> String = { TerminalText.escaped($0) }
        var out = "diff \(e(diff.old.label)) → \(e(diff.new.label))"
        guard !diff.isSame else {
            return out + ": no differences (both hash \(diff.new.spec.hash.prefix(12)))\n"
        }
        out += ": \(diff.differences.count) difference\(diff.differences.count == 1 ? "" : "s")\n"
        for (c, n) in classCounts(diff) { out += "  \(c.title): \(n)\n" }
        out += "\n" + table([["class", "path", "old → new", "origin"]] + diff.differences.map { d in
            let values = d.change == .renamed ? "renamed from \(d.renamedFrom ?? "")"
                : "\(value(d.old, limit: 40)) → \(value(d.new, limit: 40))"
            return [d.compatibility.rawValue, d.path, values, origin(d, diff)].map { e($0) }
        })
        out += "\n" + table([["hash", "old", "new"]] + hashRows(diff).map { [$0.0, $0.1, $0.2] })
        func rows(_ rows: [Row]) -> [[String]] { rows.map { [e($0.name) + ($0.changed ? " *" : "")] + $0.cells.map(e) } }
        out += "\n" + table([["component", "parameters", "FLOPs/call", "activations"]] + rows(resourceRows(diff)), rightAligned: 1...3)
        if !diff.ports.isEmpty {
            out += "\n" + table([["port", "old", "new"]] + diff.ports.map { [e($0.name), port($0.old), port($0.new)] })
        }
        out += "\n" + table([["stage", "objective", "steps", "trains", "freezes", "trained parameters"]] + rows(stageRows(diff)))
        out += "\n" + tensorsText(diff)
        return out
    }

    private static func tensorsText(_ diff: SpecDiff) -> String {
        guard let tensors = diff.tensors else {
            return "checkpoint tensors: not compared (a spec does not lower; checkpoint breaks judged from parameter counts)\n"
        }
        guard !tensors.isEmpty else { return "checkpoint tensors: every tensor keeps its name and shape\n" }
        let shown = tensors.prefix(20)
        var out = "checkpoint tensors: \(tensors.count) change\n"
            + table(shown.map { [TerminalText.escaped($0.name), shape($0.old), "→", shape($0.new)] }, indent: "  ")
        if tensors.count > shown.count { out += "  ... \(tensors.count - shown.count) more\n" }
        return out
    }

    /// Rows in aligned columns (two spaces apart), the first row a header when there is more
    /// than one row.
    static func table(_ rows: [[String]], indent: String = "", rightAligned: ClosedRange<Int>? = nil) -> String {
        TextTable.render(rows, indent: indent, rightAligned: rightAligned)
    }

    // MARK: Markdown

    static func icon(_ c: CompatibilityClass) -> String {
        switch c {
        case .interface: return "🔴"
        case .checkpoint: return "🟠"
        case .computation: return "🟡"
        case .recipe: return "🔵"
        case .cosmetic: return "⚪"
        }
    }

    static func markdown(_ diff: SpecDiff) -> String {
        let code = MarkdownText.code
        var out = "### polspec diff: \(code(diff.old.label)) → \(code(diff.new.label))\n\n"
        guard !diff.isSame else {
            return out + "No differences: the specs mean the same (hash \(code(String(diff.new.spec.hash.prefix(12))))).\n"
        }
        out += classCounts(diff).map { "\(icon($0.0)) **\($0.0.title)**: \($0.1)" }.joined(separator: "  \n") + "\n\n"
        out += "| class | path | old | new | origin |\n| --- | --- | --- | --- | --- |\n"
        for d in diff.differences {
            let (old, new) = d.change == .renamed ? (code(d.renamedFrom ?? ""), code(d.new?.string ?? "")) : (cellValue(d.old), cellValue(d.new))
            out += "| \(icon(d.compatibility)) \(d.compatibility.rawValue) | \(code(d.path)) | \(old) | \(new) | \(code(origin(d, diff))) |\n"
        }
        func row(_ row: Row) -> String {
            let name = row.name == "total" && !row.changed ? "total" : (row.changed ? "**\(code(row.name))**" : code(row.name))
            return "| " + ([name] + row.cells.map(MarkdownText.cell)).joined(separator: " | ") + " |\n"
        }
        out += "\n#### Resources (one policy call, batch 1)\n\n| component | parameters | FLOPs/call | activations |\n| --- | ---: | ---: | ---: |\n"
        out += resourceRows(diff).map(row).joined()
        if !diff.ports.isEmpty {
            out += "\n#### Ports\n\n| port | old | new |\n| --- | --- | --- |\n"
            for p in diff.ports { out += "| \(code(p.name)) | \(code(port(p.old))) | \(code(port(p.new))) |\n" }
        }
        out += "\n#### Recipe stages\n\n| stage | objective | steps | trains | freezes | trained parameters |\n| --- | --- | ---: | --- | --- | ---: |\n"
        out += stageRows(diff).map(row).joined()
        out += "\n#### Checkpoint tensors\n\n"
        if let tensors = diff.tensors {
            if tensors.isEmpty {
                out += "Every tensor keeps its name and shape: a checkpoint of either spec loads into the other.\n"
            } else {
                out += "\(tensors.count) tensor\(tensors.count == 1 ? "" : "s") added, removed or reshaped:\n\n| tensor | old | new |\n| --- | --- | --- |\n"
                for t in tensors.prefix(50) { out += "| \(code(t.name)) | \(shape(t.old)) | \(shape(t.new)) |\n" }
                if tensors.count > 50 { out += "\n… and \(tensors.count - 50) more.\n" }
            }
        } else {
            out += "Not compared: a spec does not lower, so checkpoint breaks are judged from parameter counts.\n"
        }
        out += "\n#### Hashes\n\n| hash | old | new |\n| --- | --- | --- |\n"
        for (name, a, b) in hashRows(diff) { out += "| \(name) | \(code(a)) | \(b == "same" ? "same" : code(b)) |\n" }
        return out
    }

    private static func cellValue(_ v: SpecValue?) -> String { v == nil ? "—" : MarkdownText.code(value(v, limit: 80)) }

    // MARK: JSON

    static func json(_ diff: SpecDiff) -> SpecValue {
        func side(_ s: SpecDiff.Side) -> SpecValue {
            let estimate = s.spec.estimate
            return .map([
                SpecField("label", .string(s.label)), SpecField("name", .string(s.spec.name)), SpecField("hash", .string(s.spec.hash)),
                SpecField("hashes", .map([SpecField("interface", .string(s.spec.hashes.interface)),
                                          SpecField("architecture", .string(s.spec.hashes.architecture)),
                                          SpecField("recipe", .string(s.spec.hashes.recipe))])),
                SpecField("parameters", .int(estimate.total.parameters)), SpecField("flops_per_call", .int(estimate.total.flops)),
                SpecField("activation_bytes", .int(estimate.peakActivationBytes)),
            ])
        }
        func origin(_ range: SourceRange?, _ sources: SourceStore, present: Bool) -> SpecValue {
            guard present else { return .null }
            guard let range else { return .string("default") }
            if let index = OverrideSource.index(of: range.file) {
                return .map([SpecField("override", .int(index)), SpecField("argument", sources[range.file].map { .string($0.text) } ?? .null)])
            }
            return .map([SpecField("file", .string(range.file)), SpecField("line", .int(range.start.line)), SpecField("column", .int(range.start.column))])
        }
        func estimate(_ c: ComponentEstimate?) -> SpecValue {
            guard let c else { return .null }
            return .map([SpecField("kind", .string(c.kind)), SpecField("parameters", .int(c.cost.parameters)),
                         SpecField("flops_per_call", .int(c.cost.flops)), SpecField("activation_bytes", .int(c.activationBytes))])
        }
        func stage(_ s: StageSummary?) -> SpecValue {
            guard let s else { return .null }
            return .map([SpecField("objective", .string(s.objective)), SpecField("steps", .int(s.steps)),
                         SpecField("trains", .list(s.trains.map(SpecValue.string))), SpecField("freezes", .list(s.freezes.map(SpecValue.string))),
                         SpecField("trained_parameters", .int(s.trainedParameters)), SpecField("frozen_parameters", .int(s.frozenParameters))])
        }
        func dims(_ d: [Int]?) -> SpecValue { d.map { .list($0.map(SpecValue.int)) } ?? .null }
        return .map([
            SpecField("format_version", .int(1)),
            SpecField("same", .bool(diff.isSame)),
            SpecField("classes", .list(diff.classes.map { .string($0.rawValue) })),
            SpecField("hashes_changed", .list(diff.new.spec.hashes.differences(from: diff.old.spec.hashes).map(SpecValue.string))),
            SpecField("old", side(diff.old)),
            SpecField("new", side(diff.new)),
            SpecField("differences", .list(diff.differences.map { d in
                .map([SpecField("path", .string(d.path)), SpecField("change", .string(d.change.rawValue)),
                      SpecField("class", .string(d.compatibility.rawValue)), SpecField("old", d.old ?? .null), SpecField("new", d.new ?? .null),
                      SpecField("old_origin", origin(d.oldOrigin, diff.old.sources, present: d.old != nil)),
                      SpecField("new_origin", origin(d.newOrigin, diff.new.sources, present: d.new != nil || d.newOrigin != nil)),
                      SpecField("renamed_from", d.renamedFrom.map(SpecValue.string) ?? .null)])
            })),
            SpecField("components", .list(diff.components.map { c in
                .map([SpecField("name", .string(c.name)), SpecField("renamed_from", c.renamedFrom.map(SpecValue.string) ?? .null),
                      SpecField("old", estimate(c.old)), SpecField("new", estimate(c.new))])
            })),
            SpecField("ports", .list(diff.ports.map { p in
                .map([SpecField("name", .string(p.name)), SpecField("old", p.old.map { .string($0.description) } ?? .null),
                      SpecField("new", p.new.map { .string($0.description) } ?? .null)])
            })),
            SpecField("stages", .list(diff.stages.map { s in
                .map([SpecField("name", .string(s.name)), SpecField("renamed_from", s.renamedFrom.map(SpecValue.string) ?? .null),
                      SpecField("old", stage(s.old)), SpecField("new", stage(s.new))])
            })),
            SpecField("tensors", diff.tensors.map { tensors in
                .list(tensors.map { .map([SpecField("name", .string($0.name)), SpecField("old", dims($0.old)), SpecField("new", dims($0.new))]) })
            } ?? .null),
        ])
    }
}
