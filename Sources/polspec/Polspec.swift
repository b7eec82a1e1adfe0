import ArgumentParser

/// The `polspec` command: check, build, train and benchmark robot-policy specs.
///
/// Each subcommand lives in its own file and is glue only: the work happens in the
/// library modules (SpecLang, Compiler, Backends, Runtime, Bench).
@main
struct Polspec: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "polspec",
        abstract: "Check, compile, train and benchmark robot-policy specs.",
        version: version,
        subcommands: [BenchCommand.self, DemosCommand.self]
    )
}
