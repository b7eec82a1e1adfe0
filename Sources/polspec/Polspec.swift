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
            Check.self, Fmt.self, Explain.self, Schema.self, BuildCommand.self, InferCommand.self,
            TrainCommand.self, PerfCommand.self, BenchCommand.self, DemosCommand.self, RenderCommand.self,
        ]
    )

    /// Runs the command line; usage mistakes exit with 2 (not argument-parser's 64), and a
    /// failed write to standard output with 3.
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
        } catch let error as UsageError {
            StandardOutput.flushOrFail()
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            Foundation.exit(ExitStatus.usage)
        } catch let error as OutputPathError {
            StandardOutput.flushOrFail()
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            Foundation.exit(ExitStatus.usage)
        } catch {
            StandardOutput.flushOrFail()
            if exitCode(for: error) == .success {
                print(fullMessage(for: error))
                StandardOutput.flushOrFail()
                Foundation.exit(ExitStatus.ok)
            }
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }
}

/// The process exit statuses every polspec command uses.
enum ExitStatus {
    static let ok: Int32 = 0
    static let specErrors: Int32 = 1
    static let usage: Int32 = 2
    static let runtimeFailure: Int32 = 3
    // A training run stopped by a signal exits 128 + its number (StopSignals).
}

/// A command-line mistake: printed as `error: ...` with exit status 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
