import ArgumentParser
import Backends
import Foundation
import SafeTensors

/// The `polspec` command: check, build, train and benchmark robot-policy specs.
///
/// Each subcommand lives in its own file and is glue only: the work happens in the
/// library modules (SpecLang, Compiler, Backends, Runtime, Bench).
///
/// Exit codes: 0 ok, 1 spec errors, 2 usage errors, 3 runtime failure.
@main
struct Polspec: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "polspec",
        abstract: "Check, compile, train and benchmark robot-policy specs.",
        discussion: "`polspec --version --verbose` also prints the processor, the BLAS library and the kernels polspec uses on it.",
        version: version,
        subcommands: [
            CheckCommand.self, FmtCommand.self, DiffCommand.self, ResolveCommand.self, ExplainCommand.self, SchemaCommand.self, BuildCommand.self, InferCommand.self,
            TrainCommand.self, PerfCommand.self, BenchCommand.self, DemosCommand.self, RenderCommand.self,
        ]
    )

    /// Runs the command line and ends the process with the status ``ExitStatus`` gives what
    /// the command threw (usage mistakes exit 2, not argument-parser's 64); a failed write to
    /// standard output exits 3.
    static func main() {
        // Load OpenBLAS now, while the process has one thread (it chooses its kernels from the
        // environment, which the loader sets for it; BLASLibrary).
        _ = BLASLibrary.shared
        let arguments = Array(CommandLine.arguments.dropFirst())
        if VersionReport.asked(arguments) {
            print(VersionReport.text)
            StandardOutput.flushOrFail()
            return
        }
        do {
            var command = try parseAsRoot(NegativeNumberArguments.joined(arguments))
            try command.run()
            StandardOutput.flushOrFail()
        } catch {
            StandardOutput.flushOrFail()
            if !(error is ExitCode) {
                switch exitCode(for: error) {
                case .success:
                    print(fullMessage(for: error))
                    StandardOutput.flushOrFail()
                    Foundation.exit(ExitStatus.ok)
                case .validationFailure:
                    // One spelling for every usage error: "error: ...", as the commands' own.
                    var message = fullMessage(for: error)
                    if message.hasPrefix("Error: ") { message = "error: " + message.dropFirst("Error: ".count) }
                    FileHandle.standardError.write(Data((message + "\n").utf8))
                    Foundation.exit(ExitStatus.usage)
                default:
                    break
                }
            }
            let ending = ExitStatus.ending(of: error)
            if let message = ending.message { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            Foundation.exit(ending.status)
        }
    }
}
