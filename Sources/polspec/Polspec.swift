import ArgumentParser
import Foundation

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
        subcommands: [Check.self, Explain.self, Schema.self]
    )

    /// Runs the command; command-line mistakes exit with status 2 (not ArgumentParser's 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as UsageError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            Foundation.exit(2)
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
