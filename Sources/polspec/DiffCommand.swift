import ArgumentParser
import Foundation
import Lowering
import SpecLang

/// `--format` values of `polspec diff`.
enum DiffOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, json

    var format: DiffFormat { DiffFormat(rawValue: rawValue)! }
}

/// `polspec diff A B`: the semantic difference of two specs.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two specs: every value that differs, with what it breaks, and the resource, port, stage and tensor changes.",
        discussion: """
            A and B are spec files, or git:REV:path for the file (and its includes) as revision REV \\
            has it. Both are resolved (includes merged, --set applied, defaults written out) and \\
            compared value by value; formatting, comments and key order are no difference. Each \\
            difference is classed by what it breaks: interface (observations or the action), \\
            checkpoint (parameter tensors renamed or reshaped), computation (weights still load, \\
            the policy computes something else), recipe (training only), cosmetic (names, \\
            description). docs/cli.md describes the output.
            Exit status: 0 the specs mean the same, 1 they differ, 2 a usage error or a spec with errors.

            Examples:
              polspec diff specs/dita.yaml my-dita.yaml
              polspec diff git:main:specs/dita.yaml specs/dita.yaml --format markdown
              polspec diff specs/dita.yaml specs/dita.yaml --set-new head.depth=8
            """
    )

    @Argument(help: ArgumentHelp("The old spec: a file or git:REV:path.", valueName: "A"))
    var old: String

    @Argument(help: ArgumentHelp("The new spec: a file or git:REV:path.", valueName: "B"))
    var new: String

    @Option(help: "Output format: text, markdown (a pull-request comment) or json.")
    var format: DiffOutputFormat = .text

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a value in both specs (repeatable).", valueName: "key.path=value"))
    var overrides: [String] = []

    @Option(name: .customLong("set-old"), help: ArgumentHelp("Override a value in A only (repeatable).", valueName: "key.path=value"))
    var oldOverrides: [String] = []

    @Option(name: .customLong("set-new"), help: ArgumentHelp("Override a value in B only (repeatable).", valueName: "key.path=value"))
    var newOverrides: [String] = []

    func run() throws {
        let a = try Self.side(old, overrides: overrides + oldOverrides)
        let b = try Self.side(new, overrides: overrides + newOverrides)
        let diff = SpecDiff(old: a, new: b, shapes: { ParameterTable.shapes(of: $0) })
        print(SpecDiffReport.render(diff, format: format.format), terminator: "")
        if !diff.isSame { throw ExitCode(ExitStatus.specErrors) }
    }

    /// The checked spec of `argument`; a spec with errors prints them on stderr and exits 2.
    static func side(_ argument: String, overrides: [String]) throws -> SpecDiff.Side {
        let source = try SpecArgument(argument)
        let result = try source.check(overrides: overrides)
        guard let spec = result.spec, !result.hasErrors else {
            FileHandle.standardError.write(Data(CheckReport.render([result], format: .human).utf8))
            throw UsageError("\(argument) has errors; diff compares specs that check")
        }
        return SpecDiff.Side(label: argument, spec: spec, sources: result.sources)
    }
}
