import ArgumentParser
import Foundation
import Runtime
import SpecLang

/// `polspec check`: type-check specs and print diagnostics or a summary.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check specs: every error with file:line:col, or a parameter/FLOP summary.",
        discussion: """
            Checks each FILE, and every *.yaml / *.yml under each DIR (a file that another spec \
            of the same run includes is a base: it is checked through that spec, not alone).
            Exit status: 0 when every spec is clean (warnings allowed), 1 when a spec has errors, \
            2 for usage errors.
            Human and GitHub output show at most --max-diagnostics diagnostics (default \(ReportOptions.defaultLimit); \
            0 shows every one). --format github puts the diagnostics on lines changed since --base REV \
            first, and appends the whole report as Markdown to $GITHUB_STEP_SUMMARY when it is set.

            Examples:
              polspec check specs/
              polspec check specs/dita.yaml --set head.depth=6 --format json
              polspec check specs/ --format github --max-params 50M
              polspec check specs/ --format github --base origin/main
              polspec check specs/ --max-activation-bytes 512MiB
            """
    )

    @Argument(help: "Spec files or directories.")
    var paths: [String]

    @Option(help: "Output format: human, json, github or markdown.")
    var format: OutputFormat = .human

    @Option(help: ArgumentHelp("With --format github: annotate the lines changed since this git revision first.", valueName: "rev"))
    var base: String?

    @Option(help: ArgumentHelp("Most diagnostics shown in human and github output (0: all).", valueName: "n"))
    var maxDiagnostics: Int = ReportOptions.defaultLimit

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a value, e.g. head.depth=8 (repeatable).", valueName: "key.path=value"))
    var overrides: [String] = []

    @Option(help: ArgumentHelp("Largest parameter count allowed (suffixes k, M, G).", valueName: "count"))
    var maxParams: String = "200M"

    @Option(help: ArgumentHelp("Largest FLOPs per policy call allowed (suffixes k, M, G, T).", valueName: "count"))
    var maxFlops: String = "1T"

    @Option(help: ArgumentHelp("Largest peak activation memory of one policy call, f32 at batch 1 (suffixes KiB, MiB, GiB, or k, M, G).",
                               valueName: "bytes"))
    var maxActivationBytes: String = "4GiB"

    @Option(help: ArgumentHelp("Largest spec file in bytes (suffixes k, M).", valueName: "bytes"))
    var maxFileBytes: String = "1048576"

    @Flag(name: .shortAndLong, help: "Print the per-component estimate table (parameters, FLOPs, activations) and the spec hash.")
    var verbose = false

    func run() throws {
        var limits = Limits()
        limits.maxParameters = try Self.count(maxParams, option: "--max-params")
        limits.maxFlopsPerCall = try Self.count(maxFlops, option: "--max-flops")
        limits.maxActivationBytes = try Self.count(maxActivationBytes, option: "--max-activation-bytes", example: "512MiB or 4GiB")
        limits.maxFileBytes = try Self.count(maxFileBytes, option: "--max-file-bytes")
        for argument in overrides where !argument.contains("=") {
            throw UsageError("--set expects key.path=value, found '\(argument)'")
        }
        guard maxDiagnostics >= 0 else { throw UsageError("--max-diagnostics must be at least 0, found \(maxDiagnostics)") }
        let options = CheckOptions(overrides: overrides, limits: limits, runSupport: SuiteFit.runSupport)
        let files = try SpecPaths(paths)
        let explicitResults = files.explicit.map { SpecChecker.check(file: $0, options: options) }
        let discoveredResults = files.discovered.map { SpecChecker.check(file: $0, options: options) }
        let all = explicitResults + discoveredResults
        let bases = Set(all.flatMap { $0.files.dropFirst() })
        let results = explicitResults + discoveredResults.filter { !bases.contains($0.files.first ?? "") }
        var report = ReportOptions(limit: maxDiagnostics == 0 ? nil : maxDiagnostics, verbose: verbose)
        if let base {
            let read = results.flatMap { result in result.sources.files.keys.filter { OverrideSource.index(of: $0) == nil } }
            do {
                report.changedLines = try Git.changedLines(since: base, paths: Array(Set(read)))
            } catch let error as GitError {
                throw UsageError("--base \(base): \(error)")
            } catch let error as UsageError {
                throw UsageError("--base \(base): \(error.description)")
            }
        }
        print(CheckReport.render(results, format: format.reportFormat, options: report), terminator: "")
        if format == .github { try StepSummary.append(CheckReport.render(results, format: .markdown)) }
        if results.contains(where: \.hasErrors) { throw ExitCode(ExitStatus.specErrors) }
    }

    static func count(_ text: String, option: String, example: String = "200M or 1e9") throws -> Int {
        guard let value = Quantity.parse(text), value > 0 else {
            throw UsageError("\(option) expects a positive count such as \(example), found '\(text)'")
        }
        return value
    }
}

/// `--format` values.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case human, json, github, markdown

    var reportFormat: ReportFormat { ReportFormat(rawValue: rawValue)! }
}
