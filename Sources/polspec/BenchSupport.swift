import ArgumentParser
import Bench
import Foundation
import SafeTensors

/// How the bench and demos commands end on an error: usage mistakes exit 2, failures while
/// running exit 3, each with one clear line on stderr and no stack trace.
enum BenchExit {
    static func fail(_ error: Error) -> ExitCode {
        let (message, code): (String, Int32) = switch error {
        case let e as BenchUsageError: (e.description, ExitStatus.usage)
        case let e as UsageError: (e.description, ExitStatus.usage)
        case let e as OutputPathError: (e.description, ExitStatus.usage)
        case let e as EvaluationError: (e.description, ExitStatus.runtimeFailure)
        case let e as DemoError: (e.description, ExitStatus.runtimeFailure)
        default: ("\(error)", ExitStatus.runtimeFailure)
        }
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(code)
    }

    /// Runs `body`, turning its errors into the documented exit codes.
    static func guarded(_ body: () throws -> Void) throws {
        do { try body() } catch let exit as ExitCode { throw exit } catch { throw fail(error) }
    }
}
