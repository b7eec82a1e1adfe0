import ArgumentParser
import Bench
import Lowering
import SafeTensors

/// How every polspec command ends. Commands throw; ``Polspec/main()`` turns what they throw
/// into one exit status and its lines on stderr:
///
/// | status | when | thrown as |
/// |---|---|---|
/// | 0 | done | — |
/// | 1 | spec errors (`check`, `fmt --check`, `diff` of different specs), already printed | `ExitCode(ExitStatus.specErrors)` |
/// | 2 | usage errors: options, files, folders | ``UsageError``, `BenchUsageError`, `OutputPathError`, `ValidationError` |
/// | 3 | failures while running: bad tensors, data, checkpoints, a failed evaluation | ``RuntimeFailure``, `LoweringError` and every other library error |
/// | 128 + n | a training run stopped by signal n after writing its checkpoint (130, 143), already reported | `ExitCode` |
enum ExitStatus {
    static let ok: Int32 = 0
    static let specErrors: Int32 = 1
    static let usage: Int32 = 2
    static let runtimeFailure: Int32 = 3

    /// The status and the stderr text (nil when already reported) of an error a command threw.
    static func ending(of error: Error) -> (status: Int32, message: String?) {
        switch error {
        case let exit as ExitCode: return (exit.rawValue, nil)
        case let e as UsageError: return (usage, "error: \(e.description)")
        case let e as BenchUsageError: return (usage, "error: \(e.description)")
        case let e as OutputPathError: return (usage, "error: \(e.description)")
        case let e as RuntimeFailure: return (runtimeFailure, e.problems.map { "error: \($0)" }.joined(separator: "\n"))
        case let e as LoweringError: return (runtimeFailure, e.description)
        default: return (runtimeFailure, "error: \(error)")
        }
    }
}

/// A command-line mistake: printed as `error: ...` with exit status 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A failure while running: one `error:` line per problem, exit status 3.
struct RuntimeFailure: Error {
    let problems: [String]
    init(_ problems: [String]) { self.problems = problems }
}
