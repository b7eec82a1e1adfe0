import ArgumentParser
import Foundation
import SpecLang

/// `--format` values of `polspec resolve`.
enum ResolveFormat: String, ExpressibleByArgument, CaseIterable {
    case yaml, json
}

/// `polspec resolve SPEC`: the spec after includes, `--set` and defaults.
struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Print a spec fully merged: includes, --set overrides and defaults applied.",
        discussion: """
            Prints the spec as `polspec check` sees it, every default written out, in the canonical \\
            layout (it checks to the same hashes). --show-origin follows each value with where it \\
            came from: file:line, the --set argument, or `default`. A spec with errors prints what \\
            its files and --set give after merging (no defaults) and its diagnostics on stderr, \\
            exit status 1. SPEC may be git:REV:path.
            Exit status: 0 ok, 1 the spec has errors, 2 usage errors.

            Examples:
              polspec resolve specs/dita.yaml
              polspec resolve specs/dita.yaml --show-origin --set head.depth=8
              polspec resolve git:main:specs/dita.yaml --format json
            """
    )

    @Argument(help: "The spec file, or git:REV:path.")
    var spec: String

    @Flag(name: .customLong("show-origin"), help: "Follow each value with where it was written (file:line, --set, or default).")
    var showOrigin = false

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a value, e.g. head.depth=8 (repeatable).", valueName: "key.path=value"))
    var overrides: [String] = []

    @Option(help: "yaml (default) or json (the form of a checkpoint's spec.json; no origins).")
    var format: ResolveFormat = .yaml

    func validate() throws {
        if showOrigin && format == .json { throw ValidationError("--show-origin prints YAML comments; use it without --format json") }
    }

    func run() throws {
        let result = try SpecArgument(spec).check(overrides: overrides)
        guard let resolved = result.spec, !result.hasErrors else {
            if let tree = ResolvedYAML.tree(of: result, origins: showOrigin,
                                            header: ["\(spec) has errors: what its files and --set give after merging, without defaults"]) {
                print(tree, terminator: "")
            }
            FileHandle.standardError.write(Data(CheckReport.render([result], format: .human).utf8))
            throw ExitCode(ExitStatus.specErrors)
        }
        switch format {
        case .yaml: print(ResolvedYAML.text(resolved, sources: result.sources, origins: showOrigin), terminator: "")
        case .json: print(resolved.document.prettyJSON)
        }
    }
}
