import ArgumentParser
import Bench
import Foundation
import Runtime
import SafeTensors

/// `polspec bench table`: the comparison table of existing report folders (docs/bench.md,
/// "Comparing architectures").
struct BenchTableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table",
        abstract: "Build the comparison table of report folders evaluated alike.",
        discussion: """
        Each folder is a `polspec bench` report folder (--spec or --checkpoint runs keep the spec and
        the training run it came from) or a (spec, seed) folder of `polspec bench compare`. Folders of
        one spec that differ only in recipe.seed form one row: success pooled over their episodes with
        the 95% Wilson interval, and the mean over seeds with its 95% Student-t interval. The chunk
        latency is measured now, on this machine (median at batch 1, one thread).
        Reports whose suite, tasks, episodes, evaluation seed, cameras or conditions differ are refused,
        as `bench merge` refuses mismatched shards.
        Examples:
          polspec bench table runs/compare/*-seed*
          polspec bench table runs/a runs/b --format markdown --out results.md
          polspec bench table runs/sweep/* --format json --out table.json
        Exit codes: 0 ok, 2 usage error (missing or mismatched reports, bad --out), 3 runtime failure.
        """
    )

    @Argument(help: "Report folders (or their report.json files).")
    var reports: [String] = []

    @Option(help: "text (aligned columns), markdown or json.")
    var format: ComparisonTable.Format = .text

    @Option(help: ArgumentHelp("Write the table to this file instead of standard output.", valueName: "file"))
    var out: String?

    @Flag(name: .customLong("no-latency"), help: "Do not measure chunk latencies (the column shows –).")
    var noLatency = false

    func validate() throws {
        guard !reports.isEmpty else { throw ValidationError("give the report folders to compare") }
    }

    func run() throws {
        var paths = OutputPaths(inputs: reports.map { ("a report folder", $0) })
        let output = try out.map { try paths.file("--out", $0, kind: format == .json ? .json : .text, force: nil) }
        let runs = try reports.map(ComparedRun.load)
        let table = try ComparisonTable(runs: runs, measuringLatency: !noLatency)
        let text = try table.rendered(format)
        if let output {
            try AtomicFile.write(text, to: output)
        } else {
            print(text, terminator: "")
        }
    }
}

extension ComparisonTable.Format: ExpressibleByArgument {}
